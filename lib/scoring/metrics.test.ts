import { describe, expect, it } from "vitest";
import {
  auc,
  brierScore,
  calibrationBins,
  evaluateRanking,
  logLoss,
  precisionAtK,
  rankOrder,
  recallAtK,
  topDecileLift,
} from "./metrics";

describe("precision and recall at k", () => {
  const ranked = [1, 0, 1, 0, 0];
  it.each([
    { k: 1, precision: 1, recall: 0.5 },
    { k: 2, precision: 0.5, recall: 0.5 },
    { k: 3, precision: 2 / 3, recall: 1 },
    { k: 10, precision: 2 / 5, recall: 1 }, // k beyond the list: judged on the whole list
    { k: 0, precision: null, recall: null },
  ])("k=$k", ({ k, precision, recall }) => {
    expect(precisionAtK(ranked, k)).toEqual(precision === null ? null : expect.closeTo(precision, 12));
    expect(recallAtK(ranked, k)).toEqual(recall === null ? null : expect.closeTo(recall, 12));
  });
  it("is null, not NaN, when undefined", () => {
    expect(precisionAtK([], 5)).toBeNull();
    expect(recallAtK([0, 0, 0], 2)).toBeNull();
  });
});

describe("AUC (Mann–Whitney, ties count half)", () => {
  it.each([
    { name: "one misordered pair", scores: [0.9, 0.8, 0.7, 0.6], labels: [1, 0, 1, 0], expected: 0.75 },
    { name: "perfect", scores: [3, 2, 1], labels: [1, 0, 0], expected: 1 },
    { name: "inverted", scores: [1, 2, 3], labels: [1, 0, 0], expected: 0 },
    { name: "all tied", scores: [0.5, 0.5], labels: [1, 0], expected: 0.5 },
    { name: "partial tie", scores: [1, 0.5, 0.5, 0], labels: [1, 1, 0, 0], expected: 0.875 },
    { name: "no negatives", scores: [1, 2], labels: [1, 1], expected: null },
    { name: "no positives", scores: [1, 2], labels: [0, 0], expected: null },
    { name: "empty", scores: [], labels: [], expected: null },
  ])("$name", ({ scores, labels, expected }) => {
    expect(auc(scores, labels)).toBe(expected);
  });
});

describe("lift, Brier, log-loss", () => {
  it("top-decile lift: 2 of the top 2 (of 20) positive at a 20% base rate is 5×", () => {
    const ranked = [1, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0];
    expect(topDecileLift(ranked)).toBeCloseTo(5, 12);
  });
  it.each([
    { ranked: [], expected: null },
    { ranked: [0, 0, 0], expected: null },
    { ranked: [1, 1], expected: 1 },
  ])("lift degenerate $ranked", ({ ranked, expected }) => expect(topDecileLift(ranked)).toBe(expected));
  it.each([
    { probs: [0.8, 0.3], labels: [1, 0], expected: 0.065 },
    { probs: [1, 0], labels: [1, 0], expected: 0 },
    { probs: [0.5, 0.5, 0.5, 0.5], labels: [1, 0, 1, 1], expected: 0.25 },
  ])("brier $probs", ({ probs, labels, expected }) =>
    expect(brierScore(probs, labels)).toBeCloseTo(expected, 12),
  );
  it("empty inputs give null", () => {
    expect(brierScore([], [])).toBeNull();
    expect(logLoss([], [])).toBeNull();
  });
  it("log-loss of a coin flip is ln 2 and certainty is finite", () => {
    expect(logLoss([0.5, 0.5], [1, 0])).toBeCloseTo(Math.LN2, 12);
    expect(Number.isFinite(logLoss([0, 1], [1, 0]))).toBe(true);
  });
});

describe("calibration bins", () => {
  it("groups predictions into 10 equal-width bins", () => {
    const bins = calibrationBins([0.05, 0.15, 0.12, 0.95, 1.0], [0, 1, 0, 1, 1]);
    expect(bins).toHaveLength(10);
    expect(bins[0]).toMatchObject({ lower: 0, upper: 0.1, count: 1, meanPredicted: 0.05, observedRate: 0 });
    expect(bins[1].count).toBe(2);
    expect(bins[1].meanPredicted).toBeCloseTo(0.135, 12);
    expect(bins[1].observedRate).toBe(0.5);
    expect(bins[9]).toMatchObject({ count: 2, observedRate: 1 });
    expect(bins[9].meanPredicted).toBeCloseTo(0.975, 12);
    expect(bins[5]).toMatchObject({ count: 0, meanPredicted: null, observedRate: null });
  });
});

describe("rank order and evaluateRanking", () => {
  it("sorts by score descending, ties by id ascending, NaN last", () => {
    expect(Array.from(rankOrder([0.5, 0.9, 0.5, NaN, 0.1], [30, 10, 20, 5, 40]))).toEqual([1, 2, 0, 4, 3]);
  });
  it("reports probability metrics only when asked", () => {
    const scores = [0.9, 0.8, 0.7, 0.6];
    const labels = [1, 0, 1, 0];
    const ids = [1, 2, 3, 4];
    const asRanker = evaluateRanking(scores, labels, ids, { capacity: 2 });
    expect(asRanker).toMatchObject({
      n: 4,
      positives: 2,
      precisionAtCapacity: 0.5,
      auc: 0.75,
      brier: null,
      calibration: null,
    });
    const asModel = evaluateRanking(scores, labels, ids, { capacity: 2, probabilities: true });
    expect(asModel.brier).toBeCloseTo((0.01 + 0.64 + 0.09 + 0.36) / 4, 12);
    expect(evaluateRanking([], [], [], { capacity: 10 })).toMatchObject({
      n: 0,
      precisionAt10: null,
      auc: null,
      topDecileLift: null,
    });
  });
});
