import { describe, expect, it } from "vitest";
import { BASELINE_NAMES } from "./baselines";
import { fitAndBacktest, runBacktest, startFitAndBacktest, storedBacktest } from "./backtest";
import { setFitMemo } from "./fit-memo";
import { generateSyntheticCommunity } from "./synthetic";

// One seeded community: upgrades follow rising, broad, contributing activity plus noise.
const community = generateSyntheticCommunity({ seed: 42, members: 3000, cutoffs: 8 });

describe("runBacktest on a synthetic community", () => {
  const result = runBacktest("candidates", community.candidates, { contactCapacity: 50 });
  const riskResult = runBacktest("at-risk", community.atRisk, { contactCapacity: 50 });

  it("only trains on cut-offs whose outcomes were known by the evaluation cut-off", () => {
    expect(result.skipped.map((s) => s.cutoff)).toEqual(
      community.candidates.slice(0, 2).map((s) => s.cutoff),
    );
    for (const c of result.cutoffs) {
      const limit = Date.parse(c.cutoff) - 8 * 7 * 86_400_000;
      expect(c.trainedOn.cutoffs.every((t) => Date.parse(t) <= limit)).toBe(true);
      expect(c.trainedOn.cutoffs.length).toBeGreaterThan(0);
    }
  });

  it.each(BASELINE_NAMES)(
    "the model beats the %s baseline on mean precision@20 and AUC (candidates)",
    (baseline) => {
      const model = result.pooled.meanMetrics.model;
      const other = result.pooled.meanMetrics[baseline];
      expect(model.precisionAt20!).toBeGreaterThan(other.precisionAt20!);
      expect(model.auc!).toBeGreaterThan(other.auc!);
    },
  );

  it("beats the no-skill Brier and reports null probability metrics for baselines", () => {
    expect(result.pooled.modelBrier!).toBeLessThan(result.pooled.referenceBrier!);
    expect(result.pooled.meanMetrics.random.brier).toBeNull();
    expect(result.cutoffs[0].metrics.seedFormula.calibration).toBeNull();
    const binned = result.pooled.modelCalibration.reduce((a, b) => a + b.count, 0);
    expect(binned).toBe(result.pooled.rows);
  });

  it("is deterministic and serialisable", () => {
    // Fitted afresh: with the memo on, every fit would be the first run's kept one.
    setFitMemo(false);
    const again = runBacktest("candidates", community.candidates, { contactCapacity: 50 });
    setFitMemo(true);
    expect(JSON.parse(JSON.stringify(again))).toEqual(JSON.parse(JSON.stringify(result)));
  }, 120_000);

  // At-risk churn in this community is weakly predictable (AUC ~0.55); the model clearly beats the
  // random and activity-level baselines, but not reliably the drop and seed-formula ones, so only those are claimed.
  it.each(["random", "recentActivity"] as const)(
    "at-risk: the model beats the %s baseline on mean AUC and precision@20",
    (baseline) => {
      const m = riskResult.pooled.meanMetrics;
      expect(m.model.auc!).toBeGreaterThan(m[baseline].auc!);
      expect(m.model.precisionAt20!).toBeGreaterThan(m[baseline].precisionAt20!);
    },
  );

  it("reports nulls, not NaN, for a cut-off with no positives", () => {
    const empty = community.candidates.map((s) => ({ ...s, labels: {} }));
    const r = runBacktest("candidates", empty, { contactCapacity: 20 });
    expect(
      r.cutoffs.every(
        (c) => c.method === "fallback" && c.metrics.model.auc === null && c.metrics.model.recallAt50 === null,
      ),
    ).toBe(true);
    expect(JSON.stringify(r)).not.toMatch(/NaN/);
  });
});

describe("startFitAndBacktest", () => {
  it("gives each ranking what fitAndBacktest gives, in the steps fitRankings takes them", () => {
    const small = generateSyntheticCommunity({ seed: 7, members: 1500, cutoffs: 6 });
    const opts = { contactCapacity: 20, horizonWeeks: 8 };
    const asJson = (fit: ReturnType<typeof fitAndBacktest>) =>
      JSON.parse(JSON.stringify({ model: fit.model, backtest: storedBacktest(fit.backtest) }));
    setFitMemo(false);
    try {
      const started = [
        startFitAndBacktest("candidates", small.candidates, { horizonWeeks: 8 }, opts),
        startFitAndBacktest("at-risk", small.atRisk, { horizonWeeks: 8 }, opts),
      ];
      // Both rankings' refits queued, then both final models' fits; both backtests made, then both final models.
      for (const s of started) s.startFinal();
      const backtests = started.map((s) => s.backtest());
      const models = started.map((s) => s.model());
      const [candidates, atRisk] = started.map((s, k) => {
        expect(s.finish()).toEqual({ model: models[k], backtest: backtests[k] });
        return asJson(s.finish());
      });
      expect(candidates).toEqual(
        asJson(fitAndBacktest("candidates", small.candidates, { horizonWeeks: 8 }, opts)),
      );
      expect(atRisk).toEqual(asJson(fitAndBacktest("at-risk", small.atRisk, { horizonWeeks: 8 }, opts)));
      expect(candidates.model.kind).toBe("candidates");
      expect(atRisk.model.kind).toBe("at-risk");
    } finally {
      setFitMemo(true);
    }
  }, 120_000);
});
