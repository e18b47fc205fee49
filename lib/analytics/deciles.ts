// Score deciles with the same semantics as Postgres `ntile(10) OVER (ORDER BY score)`:
// decile 1 holds the lowest scores, 10 the highest, and earlier tiles take the remainder.

/**
 * Returns the decile (1..10) for each item, in input order. Ties are broken by `tieKey`
 * so the result never depends on the order rows arrived in.
 */
export function scoreDeciles<T>(
  items: readonly T[],
  score: (item: T) => number,
  tieKey: (item: T) => string,
): number[] {
  const order = items
    .map((item, index) => ({ index, s: score(item), k: tieKey(item) }))
    .sort((a, b) => a.s - b.s || (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
  const n = order.length;
  const base = Math.floor(n / 10);
  const extra = n % 10;
  const out = new Array<number>(n);
  let pos = 0;
  for (let tile = 1; tile <= 10; tile++) {
    const size = base + (tile <= extra ? 1 : 0);
    for (let j = 0; j < size; j++) out[order[pos++].index] = tile;
  }
  return out;
}
