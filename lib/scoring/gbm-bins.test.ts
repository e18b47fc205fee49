import { describe, expect, it } from "vitest";
import { seededRandom } from "./gbm";
import { sortAscending } from "./gbm-bins";

describe("sortAscending", () => {
  it("orders values exactly as the built-in typed-array sort does, zeros of both signs included", () => {
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
        const want = Array.from(a.slice().sort());
        const got = Array.from(sortAscending(a.slice()));
        expect(
          got.every((v, i) => Object.is(v, want[i])),
          `shape ${s}, ${n} values`,
        ).toBe(true);
      }
  });
});
