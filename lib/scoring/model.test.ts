import { describe, expect, it } from "vitest";
import { buildFeatureMatrix, FEATURE_NAMES } from "./features";
import { fitGbm } from "./gbm";
import { gbmBias } from "./gbm-predict";
import { FALLBACK_WEIGHTS, MIN_POSITIVES_TO_LEARN } from "./fallback";
import { scoreMembers, scoreProbabilities, trainRankingModel, type RankingModel } from "./model";
import { generateSyntheticCommunity } from "./synthetic";
import { flatCommunity, makeRow } from "./test-fixtures";
import type { LabelledSet } from "./types";

const community = generateSyntheticCommunity({ seed: 11, members: 1500, cutoffs: 6 });

describe("trainRankingModel", () => {
  it("learns when positives are plentiful, choosing lambda and the learner with recorded evidence", () => {
    const model = trainRankingModel("candidates", community.candidates.slice(0, 5));
    expect(["logistic", "gbm"]).toContain(model.method);
    expect(model.trainedOn.positives).toBeGreaterThanOrEqual(MIN_POSITIVES_TO_LEARN);
    const selection = model.selection!;
    expect(selection.lambda.candidates.length).toBeGreaterThan(1);
    expect(selection.lambda.candidates.every((c) => c.folds > 0 && c.meanLogLoss !== null)).toBe(true);
    expect(selection.learners.filter((l) => l.learner === "gbm").length).toBeGreaterThan(1);
    expect(selection.learners.every((l) => l.folds === 2 && l.meanAuc !== null)).toBe(true);
    expect(selection.learners.map((l) => l.label)).toContain(selection.chosen);
    if (model.method === "logistic") expect(model.lambda).toBe(selection.lambda.chosen);
    else expect(model.gbm?.trees.length).toBeGreaterThan(0);
    expect(model.featureNames).toEqual([...FEATURE_NAMES]);
  });

  it("falls back to the documented weights when positives are scarce", () => {
    const scarce = generateSyntheticCommunity({ seed: 11, members: 400, cutoffs: 3, hazardShift: -4 });
    const model = trainRankingModel("candidates", scarce.candidates);
    expect(model.trainedOn.positives).toBeLessThan(MIN_POSITIVES_TO_LEARN);
    expect(model.method).toBe("fallback");
    expect(model.reasonForFallback).toMatch(/past positives/);
    expect(model.weights[FEATURE_NAMES.indexOf("activityTrend")]).toBe(FALLBACK_WEIGHTS.candidates.activityTrend);
    // Level is set from the (shrunk) observed rate, so scores remain usable probabilities.
    const probs = scoreProbabilities(model, scarce.candidates[2].rows, scarce.candidates[2].community);
    const mean = probs.reduce((a, b) => a + b, 0) / probs.length;
    expect(mean).toBeGreaterThan(0.001);
    expect(mean).toBeLessThan(0.05);
  });

  it.each([
    { name: "no sets at all", sets: [] as LabelledSet[] },
    { name: "29 positives", sets: [{ cutoff: "2024-01-01", rows: Array.from({ length: 200 }, (_, i) => makeRow({ memberId: i })), labels: Object.fromEntries(Array.from({ length: 29 }, (_, i) => [i, true])), community: flatCommunity }] },
  ])("falls back with $name", ({ sets }) => {
    const model = trainRankingModel("at-risk", sets);
    expect(model.method).toBe("fallback");
    expect(Number.isFinite(model.intercept)).toBe(true);
  });

  it("is deterministic and survives a JSON round trip", () => {
    const a = trainRankingModel("at-risk", community.atRisk.slice(0, 4));
    const b = trainRankingModel("at-risk", [...community.atRisk.slice(0, 4)].reverse());
    expect(b).toEqual(a);
    const restored = JSON.parse(JSON.stringify(a)) as RankingModel;
    const set = community.atRisk[5];
    expect(scoreMembers(restored, set.rows, set.community)).toEqual(scoreMembers(a, set.rows, set.community));
  });

  it("keeps logistic when only one validation cut-off is available", () => {
    const model = trainRankingModel("candidates", community.candidates.slice(0, 5), { maxValidationFolds: 1 });
    expect(model.method).toBe("logistic");
  });

  it("scores and explains with boosted trees: reasons are the features whose path attribution raises the score", () => {
    const sets = community.candidates.slice(0, 5);
    const logistic = trainRankingModel("candidates", sets, { lambda: 1e-2, gbmGrid: [] });
    const x = sets.map((s) => buildFeatureMatrix(s.rows, s.community));
    const n = x.reduce((a, m) => a + m.n, 0);
    const data = new Float64Array(n * FEATURE_NAMES.length);
    const y = new Uint8Array(n);
    let at = 0;
    sets.forEach((s, k) => {
      data.set(x[k].data, at * FEATURE_NAMES.length);
      s.rows.forEach((r) => { y[at++] = (s.labels as Record<number, boolean>)[r.memberId] ? 1 : 0; });
    });
    const gbm = fitGbm(data, n, FEATURE_NAMES.length, y, { rounds: 60, depth: 3 });
    const model: RankingModel = { ...logistic, method: "gbm", gbm, intercept: gbmBias(gbm), lambda: null };
    const set = community.candidates[5];
    const ranked = scoreMembers(model, set.rows, set.community);
    const probs = scoreProbabilities(model, set.rows, set.community);
    const byId = new Map(set.rows.map((r, i) => [r.memberId, probs[i]]));
    expect(ranked.every((r) => Math.abs(r.score - byId.get(r.memberId)!) < 1e-12)).toBe(true);
    expect(ranked[0].reasons.length).toBeGreaterThan(0);
    for (const r of ranked.slice(0, 50)) {
      expect(r.reasons.every((reason) => reason.weight > 0 && reason.text.length > 0)).toBe(true);
      for (let k = 1; k < r.reasons.length; k++) expect(r.reasons[k - 1].weight).toBeGreaterThanOrEqual(r.reasons[k].weight);
      // Attributions sum to the lift over the average row, so a member ranked above it has a reason.
      const lift = Math.log(r.score / (1 - r.score)) - model.intercept;
      if (lift > 1e-6) expect(r.reasons.length).toBeGreaterThan(0);
    }
    const restored = JSON.parse(JSON.stringify(model)) as RankingModel;
    expect(scoreMembers(restored, set.rows, set.community)).toEqual(ranked);
  });
});

describe("scoreMembers", () => {
  const model = trainRankingModel("candidates", community.candidates.slice(0, 4));
  const set = community.candidates[5];

  it("returns probabilities sorted best first with up to 3 reasons", () => {
    const ranked = scoreMembers(model, set.rows, set.community);
    expect(ranked).toHaveLength(set.rows.length);
    for (let i = 1; i < ranked.length; i++) expect(ranked[i - 1].score).toBeGreaterThanOrEqual(ranked[i].score);
    expect(ranked.every((r) => r.score > 0 && r.score < 1 && r.reasons.length <= 3)).toBe(true);
    expect(ranked[0].reasons.length).toBeGreaterThan(0);
  });

  it("breaks ties by memberId whatever the row order", () => {
    const twins = [makeRow({ memberId: 9 }), makeRow({ memberId: 3 }), makeRow({ memberId: 5 })];
    expect(scoreMembers(model, twins, flatCommunity).map((r) => r.memberId)).toEqual([3, 5, 9]);
  });

  it("explains only the top N when asked", () => {
    const ranked = scoreMembers(model, set.rows, set.community, { explainTop: 10 });
    expect(ranked.slice(0, 10).every((r) => r.reasons.length > 0)).toBe(true);
    expect(ranked.slice(10).every((r) => r.reasons.length === 0)).toBe(true);
  });

  it("refuses a model trained on a different feature list", () => {
    expect(() => scoreMembers({ ...model, featureNames: ["old"] }, set.rows, set.community)).toThrow(/retrain/);
  });
});

describe("performance", () => {
  it("scores 100,000 rows well under a second and trains on ~200,000 rows in a few seconds", () => {
    const base = community.candidates.slice(0, 5);
    const inflate = (s: LabelledSet, copies: number): LabelledSet => {
      const rows = [];
      const labels: Record<number, boolean> = {};
      for (let k = 0; k < copies; k++) for (const r of s.rows) {
        const id = r.memberId + k * 100_000;
        rows.push({ ...r, memberId: id });
        labels[id] = (s.labels as Record<number, boolean>)[r.memberId];
      }
      return { ...s, rows, labels };
    };
    const training = base.map((s) => inflate(s, Math.ceil(200_000 / (base.length * s.rows.length))));
    let t = performance.now();
    const model = trainRankingModel("candidates", training, { lambda: 1e-3, gbmGrid: [] }); // the logistic path; gbm.test.ts times the trees
    const trainMs = performance.now() - t;
    expect(model.trainedOn.rows).toBeGreaterThanOrEqual(200_000);
    const scoring = inflate(community.candidates[5], Math.ceil(100_000 / community.candidates[5].rows.length));
    scoreMembers(model, scoring.rows.slice(0, 5_000), scoring.community); // warm the JIT
    t = performance.now();
    const ranked = scoreMembers(model, scoring.rows, scoring.community, { explainTop: 1_000 });
    const scoreMs = performance.now() - t;
    expect(ranked.length).toBeGreaterThanOrEqual(100_000);
    // Generous bounds so a busy CI box does not flake; typical: ~2 s to train, ~0.15 s to score.
    expect(trainMs).toBeLessThan(8_000);
    expect(scoreMs).toBeLessThan(1_000);
  }, 30_000);
});
