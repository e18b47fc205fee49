import { describe, expect, it } from "vitest";
import { FEATURE_NAMES } from "./features";
import { setFitMemo } from "./fit-memo";
import { gbmBias } from "./gbm-predict";
import { FALLBACK_WEIGHTS, MIN_POSITIVES_TO_LEARN } from "./fallback";
import {
  BLEND_LOGISTIC_SHARE,
  BLEND_TREES,
  DEFAULT_LAMBDA_GRID,
  MIN_POSITIVES_FOR_TREES,
  scoreMembers,
  scoreProbabilities,
  trainRankingModel,
  type RankingModel,
} from "./model";
import { generateSyntheticCommunity } from "./synthetic";
import { flatCommunity, makeRow } from "./test-fixtures";
import type { LabelledSet } from "./types";

const community = generateSyntheticCommunity({ seed: 11, members: 1500, cutoffs: 6 });

describe("trainRankingModel", () => {
  it("learns when positives are plentiful: recalibrated logistic, lambda chosen on validation AUC, trees once there are enough", () => {
    const model = trainRankingModel("candidates", community.candidates.slice(0, 5));
    expect(model.trainedOn.positives).toBeGreaterThanOrEqual(MIN_POSITIVES_FOR_TREES);
    expect(model.method).toBe("blend");
    const selection = model.selection!;
    expect(selection.candidates.map((c) => c.lambda)).toEqual(DEFAULT_LAMBDA_GRID);
    expect(
      selection.candidates.every((c) => c.folds > 0 && c.meanAuc !== null && c.meanLogLoss !== null),
    ).toBe(true);
    expect(model.lambda).toBe(selection.chosen);
    expect(model.gbm?.trees.length).toBe(BLEND_TREES.rounds);
    expect(model.importance).toHaveLength(FEATURE_NAMES.length);
    expect(model.featureNames).toEqual([...FEATURE_NAMES]);
  });

  it("grows the blend's trees 100 rounds at learning rate 0.1, in the final model and in a backtest's refit alike (round 11)", () => {
    // 200 rounds at 0.05 before round 11: the same shrinkage budget (rounds × rate) for half the trees.
    expect(BLEND_TREES).toEqual({ depth: 2, rounds: 100, learningRate: 0.1 });
    const final = trainRankingModel("candidates", community.candidates.slice(0, 5));
    const refit = trainRankingModel("candidates", community.candidates.slice(0, 4), {
      horizonWeeks: 8,
      importance: false,
    });
    for (const model of [final, refit]) {
      expect(model.gbm?.trees).toHaveLength(100);
      expect(model.gbm?.options).toMatchObject({ depth: 2, rounds: 100, learningRate: 0.1 });
    }
  });

  it("keeps to the logistic model below MIN_POSITIVES_FOR_TREES positives", () => {
    const sparse = generateSyntheticCommunity({ seed: 11, members: 600, cutoffs: 4, hazardShift: -1 });
    const model = trainRankingModel("candidates", sparse.candidates);
    expect(model.trainedOn.positives).toBeGreaterThanOrEqual(MIN_POSITIVES_TO_LEARN);
    expect(model.trainedOn.positives).toBeLessThan(MIN_POSITIVES_FOR_TREES);
    expect(model.method).toBe("logistic");
    expect(model.gbm).toBeUndefined();
  });

  it("falls back to the documented weights when positives are scarce", () => {
    const scarce = generateSyntheticCommunity({ seed: 11, members: 400, cutoffs: 3, hazardShift: -4 });
    const model = trainRankingModel("candidates", scarce.candidates);
    expect(model.trainedOn.positives).toBeLessThan(MIN_POSITIVES_TO_LEARN);
    expect(model.method).toBe("fallback");
    expect(model.reasonForFallback).toMatch(/past positives/);
    expect(model.weights[FEATURE_NAMES.indexOf("activityTrend")]).toBe(
      FALLBACK_WEIGHTS.candidates.activityTrend,
    );
    // Level is set from the (shrunk) observed rate, so scores remain usable probabilities.
    const probs = scoreProbabilities(model, scarce.candidates[2].rows, scarce.candidates[2].community);
    const mean = probs.reduce((a, b) => a + b, 0) / probs.length;
    expect(mean).toBeGreaterThan(0.001);
    expect(mean).toBeLessThan(0.05);
  });

  it.each([
    { name: "no sets at all", sets: [] as LabelledSet[] },
    {
      name: "29 positives",
      sets: [
        {
          cutoff: "2024-01-01",
          rows: Array.from({ length: 200 }, (_, i) => makeRow({ memberId: i })),
          labels: Object.fromEntries(Array.from({ length: 29 }, (_, i) => [i, true])),
          community: flatCommunity,
        },
      ],
    },
  ])("falls back with $name", ({ sets }) => {
    const model = trainRankingModel("at-risk", sets);
    expect(model.method).toBe("fallback");
    expect(Number.isFinite(model.intercept)).toBe(true);
  });

  it("is deterministic and survives a JSON round trip", () => {
    // Both fitted afresh: with the memo on, the second would be the first's kept model.
    setFitMemo(false);
    const a = trainRankingModel("at-risk", community.atRisk.slice(0, 4));
    const b = trainRankingModel("at-risk", [...community.atRisk.slice(0, 4)].reverse());
    setFitMemo(true);
    expect(b).toEqual(a);
    const restored = JSON.parse(JSON.stringify(a)) as RankingModel;
    const set = community.atRisk[5];
    expect(scoreMembers(restored, set.rows, set.community)).toEqual(scoreMembers(a, set.rows, set.community));
  });

  it("explains with both parts: a member's attributions add up to its lift over the average member", () => {
    const model = trainRankingModel("candidates", community.candidates.slice(0, 5), { lambda: 1 });
    expect(model.selection).toBeUndefined();
    const set = community.candidates[5];
    const ranked = scoreMembers(model, set.rows, set.community, { reasons: FEATURE_NAMES.length });
    const probs = scoreProbabilities(model, set.rows, set.community);
    const byId = new Map(set.rows.map((r, i) => [r.memberId, probs[i]]));
    expect(ranked.every((r) => Math.abs(r.score - byId.get(r.memberId)!) < 1e-12)).toBe(true);
    const average = BLEND_LOGISTIC_SHARE * model.intercept + (1 - BLEND_LOGISTIC_SHARE) * gbmBias(model.gbm!);
    for (const r of ranked.slice(0, 50)) {
      expect(r.reasons.every((reason) => reason.weight > 0 && reason.text.length > 0)).toBe(true);
      for (let k = 1; k < r.reasons.length; k++)
        expect(r.reasons[k - 1].weight).toBeGreaterThanOrEqual(r.reasons[k].weight);
      // The raising reasons alone are at least the lift (the lowering ones are left out).
      const lift = Math.log(r.score / (1 - r.score)) - average;
      const raised = r.reasons.reduce((a, reason) => a + reason.weight, 0);
      expect(raised).toBeGreaterThanOrEqual(lift - 0.03); // weights are rounded to 0.001, negligible ones left out
    }
    const restored = JSON.parse(JSON.stringify(model)) as RankingModel;
    expect(scoreMembers(restored, set.rows, set.community)).toEqual(
      scoreMembers(model, set.rows, set.community),
    );
  });
});

describe("scoreMembers", () => {
  const model = trainRankingModel("candidates", community.candidates.slice(0, 4));
  const set = community.candidates[5];

  it("returns probabilities sorted best first with up to 3 reasons", () => {
    const ranked = scoreMembers(model, set.rows, set.community);
    expect(ranked).toHaveLength(set.rows.length);
    for (let i = 1; i < ranked.length; i++)
      expect(ranked[i - 1].score).toBeGreaterThanOrEqual(ranked[i].score);
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
    expect(() => scoreMembers({ ...model, featureNames: ["old"] }, set.rows, set.community)).toThrow(
      /retrain/,
    );
  });
});

describe("at scale", () => {
  // Speed is measured by `npm run bench:rank`, not asserted here: a shared CI box must not fail a test on load.
  it("trains on ~200,000 rows and scores 100,000 with reasons for the top 1,000", () => {
    const base = community.candidates.slice(0, 5);
    const inflate = (s: LabelledSet, copies: number): LabelledSet => {
      const rows = [];
      const labels: Record<number, boolean> = {};
      for (let k = 0; k < copies; k++)
        for (const r of s.rows) {
          const id = r.memberId + k * 100_000;
          rows.push({ ...r, memberId: id });
          labels[id] = (s.labels as Record<number, boolean>)[r.memberId];
        }
      return { ...s, rows, labels };
    };
    const training = base.map((s) => inflate(s, Math.ceil(200_000 / (base.length * s.rows.length))));
    const model = trainRankingModel("candidates", training, { lambda: 1 }); // one logistic fit and the trees
    expect(model.trainedOn.rows).toBeGreaterThanOrEqual(200_000);
    const scoring = inflate(
      community.candidates[5],
      Math.ceil(100_000 / community.candidates[5].rows.length),
    );
    const ranked = scoreMembers(model, scoring.rows, scoring.community, { explainTop: 1_000 });
    expect(ranked.length).toBeGreaterThanOrEqual(100_000);
    expect(ranked[999].reasons.length).toBeGreaterThan(0);
    expect(ranked[1_000].reasons).toEqual([]);
  }, 120_000);
});
