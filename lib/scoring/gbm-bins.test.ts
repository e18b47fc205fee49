import { describe, expect, it } from "vitest";
import { seededRandom } from "./gbm";
import { placeRanks } from "./gbm-bins";

describe("placeRanks", () => {
  it("puts at each wanted position the built-in typed-array sort's value there, zeros of both signs included", () => {
    const random = seededRandom(7);
    const shapes: ((i: number, n: number) => number)[] = [
      () => random() - 0.5,
      () => {
        const u = random();
        return u < 0.3 ? 0 : u < 0.4 ? -0 : Math.floor(u * 5) - 2; // zeros and few distinct values
      },
      (i) => i, // already sorted
      (i, n) => n - i, // reversed
      () => (random() < 0.5 ? -0 : 0),
      () => Math.floor(random() * 3), // mostly duplicates: the three-way partition's case
      (i) => (i % 2 ? 1e300 : -1e-300),
    ];
    for (const [s, shape] of shapes.entries())
      for (const n of [0, 1, 2, 15, 16, 17, 100, 5000]) {
        const a = Float64Array.from({ length: n }, (_, i) => shape(i, n));
        const want = a.slice().sort();
        // Every position, a binning's (31 quantiles and the last), one, none.
        const quantiles = Array.from({ length: 31 }, (_, q) => Math.floor(((q + 1) * n) / 32));
        for (const ranks of [[...want.keys()], n ? [...quantiles, n - 1] : [], n ? [n >> 1] : [], []]) {
          const got = placeRanks(a.slice(), ranks);
          expect(
            ranks.every((r) => Object.is(got[r], want[r])),
            `shape ${s}, ${n} values, ${ranks.length} positions`,
          ).toBe(true);
        }
      }
  });
});
