import { describe, expect, it } from "vitest";
import { importanceOf } from "./blend-scorer";
import { trainRankingModel } from "./model";
import { stackSets } from "./selection";
import { generateSyntheticCommunity } from "./synthetic";

const community = generateSyntheticCommunity({ seed: 11, members: 1500, cutoffs: 6 });
const stack = stackSets(community.candidates.slice(0, 5));
const model = trainRankingModel("candidates", community.candidates.slice(0, 5));
const full = importanceOf(model, stack.matrix);

/** Every positive and each `every`-th negative of the stack, as a case-control sample's rows. */
function sampleOf(every: number) {
  const { n, p, data } = stack.matrix;
  const kept: number[] = [];
  for (let i = 0, negatives = 0; i < n; i++)
    if (stack.labels[i] === 1 || negatives++ % every === 0) kept.push(i);
  const rows = new Float64Array(kept.length * p);
  kept.forEach((i, r) => rows.set(data.subarray(i * p, i * p + p), r * p));
  return {
    matrix: { n: kept.length, p, data: rows },
    labels: Uint8Array.from(kept, (i) => stack.labels[i]),
  };
}

const largestError = (importance: number[]) => Math.max(...importance.map((v, j) => Math.abs(v - full[j])));

describe("importanceOf", () => {
  it("is what a model fitted on an unsampled stack stores, and unchanged by weights of 1", () => {
    expect(model.importance).toEqual(full);
    expect(importanceOf(model, stack.matrix, { labels: stack.labels, negativeWeight: 1 })).toEqual(full);
  });

  it("on a case-control sample, weighted, estimates the whole stack's; unweighted it would not", () => {
    const { matrix, labels } = sampleOf(4);
    expect(matrix.n).toBeLessThan(stack.matrix.n / 3);
    const weighted = importanceOf(model, matrix, { labels, negativeWeight: 4 });
    const unweighted = importanceOf(model, matrix);
    const scale = Math.max(...full.map(Math.abs));
    expect(largestError(weighted)).toBeLessThan(0.1 * scale);
    expect(largestError(weighted)).toBeLessThan(largestError(unweighted) / 2);
    // The same direction for every feature that matters.
    full.forEach((v, j) => {
      if (Math.abs(v) > 0.2 * scale) expect(Math.sign(weighted[j])).toBe(Math.sign(v));
    });
  });
});
