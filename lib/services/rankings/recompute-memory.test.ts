import { describe, expect, it } from "vitest";
import { releaseRecomputeGarbage } from "./recompute-memory";

/** ~120 MB of small objects, as a recompute's rows are; only the first 1,000 rows stay reachable. */
function recomputeLike(): { id: number; weeks: number[] }[] {
  let kept: { id: number; weeks: number[] }[] = [];
  for (let k = 0; k < 4; k++) {
    const rows = Array.from({ length: 100_000 }, (_, id) => ({ id, weeks: new Array(26).fill(k) }));
    if (k === 0) kept = rows.slice(0, 1_000);
  }
  return kept;
}

describe("releaseRecomputeGarbage", () => {
  it("collects what a finished recompute left unreachable, and keeps what is still reachable", () => {
    releaseRecomputeGarbage();
    const base = process.memoryUsage().heapUsed;
    const kept = recomputeLike();
    const left = process.memoryUsage().heapUsed - base;
    expect(releaseRecomputeGarbage()).toBe(true);
    const live = process.memoryUsage().heapUsed - base;
    // Dead rows were still counted before the collection (V8 had no reason to collect them yet), not after it.
    expect(left).toBeGreaterThan(40 * 1_048_576);
    expect(live).toBeLessThan(10 * 1_048_576);
    expect(kept[999].weeks[25]).toBe(0);
  });
});
