// The one seeded PRNG (mulberry32) and string-seed hashing, so holdout assignment, the demo
// community, synthetic test communities and the random baseline are reproducible on every machine
// without a dependency. Changing a line here changes the demo data and the backtests: don't.

/** 32-bit FNV-1a hash; turns any seed into a mulberry32 state. */
export function hashSeed(seed: string | number): number {
  const text = String(seed);
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const GOLDEN_GAMMA = 0x6d2b79f5;

/** The draw that follows 32-bit `state`: one mulberry32 step as a pure function of the state. */
export function mulberry32At(state: number): number {
  let t = (state + GOLDEN_GAMMA) >>> 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/** mulberry32: returns a function yielding uniform floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    const value = mulberry32At(a);
    a = (a + GOLDEN_GAMMA) >>> 0;
    return value;
  };
}

/** In-place Fisher–Yates shuffle driven by `random`. */
export function shuffleInPlace<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}
