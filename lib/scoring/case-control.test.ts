import { describe, expect, it } from "vitest";
import { CASE_CONTROL_MIN_ROWS, caseControlRows, NEGATIVES_PER_POSITIVE, negativeRate } from "./case-control";
import { fitGbm } from "./gbm";
import { gbmProbabilities } from "./gbm-predict";
import { fitLogistic, predictProbabilities } from "./logistic";
import { auc } from "./metrics";
import type { StackedSets } from "./selection";
import { simulateLogistic } from "./test-fixtures";
import type { LabelledSet } from "./types";

/** A stack of `sets` cut-offs of `perSet` rows each, labels from a known logistic model with rare positives. */
function stackOf(sets: number, perSet: number, intercept: number, seed = 5): StackedSets {
  const n = sets * perSet;
  const { x: data, y: labels, p } = simulateLogistic(n, [1.5, -1, 0], intercept, seed);
  const cutoffs = Array.from({ length: sets }, (_, k) => `2026-01-${String(1 + 2 * k).padStart(2, "0")}`);
  return {
    sets: cutoffs.map((cutoff) => ({ cutoff }) as LabelledSet),
    matrix: { n, p, data },
    labels,
    offsets: Array.from({ length: sets + 1 }, (_, k) => k * perSet),
  };
}

const positivesOf = (labels: Uint8Array, to = labels.length) =>
  labels.subarray(0, to).reduce((a, b) => a + b, 0);

describe("negativeRate", () => {
  it.each([
    // positives, negatives, rate: NEGATIVES_PER_POSITIVE per positive, to the nearest power of 2 (never above 1)
    [100, 100_000, 2 ** -7],
    [100, 80_000, 2 ** -6],
    [100, 60_000, 2 ** -6],
    [100, 40_000, 2 ** -5],
    [100, 900, 1],
    [0, 1000, 1],
    [1000, 0, 1],
  ])("%i positives, %i negatives: %d", (positives, negatives, rate) => {
    expect(negativeRate(positives, negatives)).toBe(rate);
  });

  it("stays put while a stack grows by a cut-off of about the same share of positives", () => {
    // 31 cut-offs of 50 positives and 5,000 negatives, then one more with 10% fewer or more positives.
    const before = negativeRate(31 * 50, 31 * 5000);
    expect(negativeRate(31 * 50 + 45, 32 * 5000)).toBe(before);
    expect(negativeRate(31 * 50 + 55, 32 * 5000)).toBe(before);
  });
});

describe("caseControlRows", () => {
  it.each([
    ["a small stack", stackOf(4, (CASE_CONTROL_MIN_ROWS - 100) / 4, -4)],
    ["a balanced stack", stackOf(4, CASE_CONTROL_MIN_ROWS / 2, 0)],
  ])("fits %s on every row, unweighted", (_, stack) => {
    const rows = caseControlRows(stack);
    expect(rows.data).toBe(stack.matrix.data);
    expect(rows.offsets).toEqual(stack.offsets);
    expect(rows.negativeWeight).toBe(1);
  });

  it("keeps every positive, about NEGATIVES_PER_POSITIVE negatives each (to a power of 2), as prefixes per cut-off", () => {
    const stack = stackOf(6, 10_000, -4.5);
    const rows = caseControlRows(stack);
    const positives = positivesOf(stack.labels);
    const kept = rows.labels.length;
    expect(positivesOf(rows.labels)).toBe(positives);
    expect((kept - positives) / positives).toBeGreaterThan((NEGATIVES_PER_POSITIVE / Math.SQRT2) * 0.9);
    expect((kept - positives) / positives).toBeLessThan(NEGATIVES_PER_POSITIVE * Math.SQRT2 * 1.1);
    expect(Math.log2(rows.negativeWeight) % 1).toBe(0);
    // The weights stand for every negative of the stack.
    const represented = (kept - positives) * rows.negativeWeight;
    expect(represented / (stack.matrix.n - positives)).toBeCloseTo(1, 1);
    // Each cut-off's kept rows follow the earlier ones, so a prefix of cut-offs is a prefix of rows.
    for (let k = 0; k < 6; k++)
      expect(positivesOf(rows.labels, rows.offsets[k + 1])).toBe(
        positivesOf(stack.labels, stack.offsets[k + 1]),
      );
  });

  it("draws the same rows from the same data, and other rows from other data", () => {
    const a = caseControlRows(stackOf(6, 10_000, -4.5));
    const b = caseControlRows(stackOf(6, 10_000, -4.5));
    expect(b.data).toEqual(a.data);
    expect(b.negativeWeight).toBe(a.negativeWeight);
    const other = caseControlRows(stackOf(6, 10_000, -4.5, 6));
    expect(other.labels.length).not.toBe(a.labels.length);
  });

  it("gives weighted fits close to the full fits: same calibration, same order", () => {
    const stack = stackOf(6, 10_000, -4.5);
    const { n, p, data } = stack.matrix;
    const rows = caseControlRows(stack);
    const m = rows.labels.length;
    const full = fitLogistic(data, n, p, stack.labels, { lambda: 1e-3 });
    const sampled = fitLogistic(rows.data, m, p, rows.labels, {
      lambda: 1e-3,
      negativeWeight: rows.negativeWeight,
    });
    full.weights.forEach((w, j) => expect(sampled.weights[j]).toBeCloseTo(w, 1));
    expect(sampled.intercept).toBeCloseTo(full.intercept, 1);
    const mean = (probs: Float64Array) => probs.reduce((a, b) => a + b, 0) / probs.length;
    const base = positivesOf(stack.labels) / n;
    expect(mean(predictProbabilities(sampled, data, n, p)) / base).toBeCloseTo(1, 1);
    const trees = fitGbm(rows.data, m, p, rows.labels, { rounds: 60, depth: 2 }, rows.negativeWeight);
    const treeProbs = gbmProbabilities(trees, data, n, p);
    expect(mean(treeProbs) / base).toBeGreaterThan(0.8);
    expect(mean(treeProbs) / base).toBeLessThan(1.2);
    const fullTrees = fitGbm(data, n, p, stack.labels, { rounds: 60, depth: 2 });
    expect(auc(treeProbs, stack.labels)!).toBeCloseTo(
      auc(gbmProbabilities(fullTrees, data, n, p), stack.labels)!,
      2,
    );
  });
});
