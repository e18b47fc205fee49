/** Milliseconds per named phase, each measured from the end of the previous one (for the rankings' logs). */
export function phaseTimer(): { timings: Record<string, number>; lap: (name: string) => void } {
  const timings: Record<string, number> = {};
  let t = performance.now();
  const lap = (name: string) => {
    const now = performance.now();
    timings[name] = Math.round(now - t);
    t = now;
  };
  return { timings, lap };
}
