import { describe, expect, it } from "vitest";
import { bootstrapDraws, compareRankers, orderRankers, type EvaluatedCutoff } from "./compare";

/** The generator and Poisson(1) draw compareRankers used before they were inlined (round 9): the reference. */
function referenceDraws(seed: number, uniforms: number, rows: number): number[] {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const poisson1 = () => {
    const limit = Math.exp(-1);
    let k = 0;
    let p = next();
    while (p > limit) {
      k++;
      p *= next();
    }
    return k;
  };
  const out = Array.from({ length: uniforms }, next);
  for (let i = 0; i < rows; i++) out.push(poisson1());
  return out;
}

function cutoff(name: string, n: number, seed: number): EvaluatedCutoff {
  let s = seed;
  const noise = () => (s = (s * 16807) % 2147483647) / 2147483647;
  const labels = Uint8Array.from({ length: n }, () => (noise() < 0.1 ? 1 : 0));
  const ids = Float64Array.from({ length: n }, (_, i) => i + 1);
  // Coarse scores, so that ties (the AUC's half counts, top-k's id order) are exercised.
  const score = (weight: number) =>
    Float64Array.from(labels, (y) => Math.round((weight * y + noise()) * 20) / 20);
  return { cutoff: name, labels, ids, scores: { a: score(0.5), b: score(0.2), c: score(0) } };
}

describe("compareRankers' bootstrap draws", () => {
  it.each([
    { seed: 17, uniforms: 0, rows: 1000 },
    { seed: 17, uniforms: 3, rows: 5000 },
    { seed: 1, uniforms: 1, rows: 1 },
    { seed: 0xffffffff, uniforms: 2, rows: 300 },
  ])("are the reference's, draw for draw (seed $seed, $rows rows)", ({ seed, uniforms, rows }) => {
    expect(bootstrapDraws(seed, uniforms, rows)).toEqual(referenceDraws(seed, uniforms, rows));
  });

  it("give the same comparison whether the orders are passed in or made inside", () => {
    const cutoffs = [
      cutoff("2026-01-04", 400, 3),
      cutoff("2026-02-01", 350, 5),
      cutoff("2026-03-01", 500, 7),
    ];
    const names = ["a", "b", "c"];
    const ordered = orderRankers(cutoffs, names);
    const inside = compareRankers(cutoffs, names, "b", { replicates: 200 });
    expect(compareRankers(cutoffs, names, "b", { replicates: 200, ordered })).toEqual(inside);
    expect(compareRankers(cutoffs, names, "c", { replicates: 0, ordered })).toEqual(
      compareRankers(cutoffs, names, "c", { replicates: 0 }),
    );
    expect(inside.differences.a.auc.low).not.toBeNull();
  });
});
