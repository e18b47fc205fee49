// Calendar helpers for ranking cut-offs: dates are plain UTC days written YYYY-MM-DD, weeks start on Monday.
// Pure, so the CLI, services and tests agree on which days a cut-off covers.
const DAY_MS = 86_400_000;

export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
  return isoDay(new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS));
}

/** Monday (UTC) of the week holding `day`. */
export function mondayOf(day: string): string {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  return addDays(day, -((weekday + 6) % 7));
}

/**
 * Past cut-offs for training and backtests: every `everyWeeks` before `asOf`, newest first excluded until
 * the horizon has closed by `asOf`, going back while at least `minHistoryWeeks` of history precede them.
 * Returned oldest first.
 */
export function trainingCutoffs(opts: {
  asOf: string;
  horizonWeeks: number;
  firstActivity: string;
  everyWeeks?: number;
  minHistoryWeeks?: number;
  maxCutoffs?: number;
}): string[] {
  const every = opts.everyWeeks ?? 4;
  const earliest = addDays(opts.firstActivity, 7 * (opts.minHistoryWeeks ?? 8));
  const out: string[] = [];
  for (let k = Math.ceil(opts.horizonWeeks / every); out.length < (opts.maxCutoffs ?? 26); k++) {
    const cutoff = addDays(opts.asOf, -7 * every * k);
    if (cutoff < earliest) break;
    out.push(cutoff);
  }
  return out.reverse();
}
