import { describe, expect, it } from "vitest";
import { fitLogistic, NEWTON_TOLERANCE, predictProbabilities, recalibrate } from "./logistic";
import { auc, logLoss } from "./metrics";
import { simulateLogistic as simulate } from "./test-fixtures";

describe("fitLogistic", () => {
  it("recovers known coefficients (sign, order, size) on synthetic data", () => {
    const truth = [2, -1, 0.5, 0];
    const { x, y, p } = simulate(20_000, truth, -1);
    const fit = fitLogistic(x, 20_000, p, y, { lambda: 1e-6 });
    // Features are N(0,1), so standardised weights ≈ true weights.
    truth.forEach((t, j) => expect(fit.weights[j]).toBeCloseTo(t, 0));
    expect(fit.weights[0]).toBeGreaterThan(fit.weights[2]);
    expect(fit.weights[1]).toBeLessThan(0);
    expect(Math.abs(fit.weights[3])).toBeLessThan(0.1);
    expect(fit.intercept).toBeCloseTo(-1, 0);
    expect(fit.converged).toBe(true);
  });

  it("shrinks coefficients as lambda grows", () => {
    const { x, y, p } = simulate(5_000, [1.5, -1], 0);
    const norms = [1e-4, 1e-2, 1].map((lambda) =>
      Math.hypot(...fitLogistic(x, 5_000, p, y, { lambda }).weights),
    );
    expect(norms[0]).toBeGreaterThan(norms[1]);
    expect(norms[1]).toBeGreaterThan(norms[2]);
  });

  it.each([{ lambda: 0 }, { lambda: 1e-3 }])(
    "gives finite results with a constant column (lambda=$lambda)",
    ({ lambda }) => {
      const { x: base, y } = simulate(2_000, [1], 0);
      const x = new Float64Array(2_000 * 2);
      for (let i = 0; i < 2_000; i++) {
        x[i * 2] = base[i];
        x[i * 2 + 1] = 7;
      }
      const fit = fitLogistic(x, 2_000, 2, y, { lambda });
      expect(fit.weights.every(Number.isFinite)).toBe(true);
      expect(fit.weights[1]).toBeCloseTo(0, 6);
      expect(fit.stds[1]).toBe(1);
      expect(Array.from(predictProbabilities(fit, x, 2_000, 2)).every((v) => v > 0 && v < 1)).toBe(true);
    },
  );

  it("stops a Newton pass sooner than at 1e-7, at the same optimum (round 11)", () => {
    // Quadratic convergence: once a step is below NEWTON_TOLERANCE, the next one (which 1e-7 waited for) is ~its square.
    expect(NEWTON_TOLERANCE).toBe(1e-4);
    const { x, y, p } = simulate(20_000, [1.2, -0.6, 0.3, 0], -2);
    let previous: ReturnType<typeof fitLogistic> | undefined;
    let fewer = 0;
    for (const lambda of [10, 1, 0.1]) {
      const tight = fitLogistic(x, 20_000, p, y, { lambda, tolerance: 1e-7, initial: previous });
      const fit = fitLogistic(x, 20_000, p, y, { lambda, initial: previous });
      expect(fit.converged).toBe(true);
      expect(fit.iterations).toBeLessThanOrEqual(tight.iterations);
      fewer += tight.iterations - fit.iterations;
      expect(Math.abs(fit.intercept - tight.intercept)).toBeLessThan(1e-7);
      fit.weights.forEach((w, j) => expect(Math.abs(w - tight.weights[j])).toBeLessThan(1e-7));
      previous = fit;
    }
    expect(fewer).toBeGreaterThanOrEqual(2);
  });

  it("stays finite on perfectly separable data", () => {
    const x = new Float64Array([-2, -1, 1, 2]);
    const y = new Uint8Array([0, 0, 1, 1]);
    const fit = fitLogistic(x, 4, 1, y, { lambda: 1e-3 });
    expect(Number.isFinite(fit.weights[0]) && fit.weights[0] > 0).toBe(true);
  });

  it("keeps probabilities calibrated under rare positives, with or without balanced weights", () => {
    const { x, y, p } = simulate(40_000, [1, 0.5], -4.5);
    let positives = 0;
    for (const v of y) positives += v;
    for (const classWeight of ["none", "balanced"] as const) {
      const fit = fitLogistic(x, 40_000, p, y, { lambda: 1e-4, classWeight });
      const probs = predictProbabilities(fit, x, 40_000, p);
      const mean = probs.reduce((a, b) => a + b, 0) / probs.length;
      expect(mean).toBeGreaterThan((positives / 40_000) * 0.7);
      expect(mean).toBeLessThan((positives / 40_000) * 1.3);
      expect(fit.weights[0]).toBeGreaterThan(fit.weights[1]);
    }
  });

  it("fits only the first n rows when given a prefix, and is deterministic", () => {
    const { x, y, p } = simulate(3_000, [1, -1], 0);
    const prefix = fitLogistic(x, 1_000, p, y);
    const copy = fitLogistic(x.slice(0, 1_000 * p), 1_000, p, y.slice(0, 1_000));
    expect(prefix).toEqual(copy);
    expect(fitLogistic(x, 3_000, p, y)).toEqual(fitLogistic(x, 3_000, p, y));
  });

  it("handles an empty training set", () => {
    const fit = fitLogistic(new Float64Array(0), 0, 3, new Uint8Array(0));
    expect(fit.weights).toEqual([0, 0, 0]);
    expect(Number.isFinite(fit.intercept)).toBe(true);
  });
});

describe("recalibrate", () => {
  it("restores calibrated probabilities after a strong penalty without changing the order", () => {
    const { x, y, p } = simulate(20_000, [1.5, -1, 0.5], -3);
    const shrunk = fitLogistic(x, 20_000, p, y, { lambda: 10 });
    const fixed = recalibrate(shrunk, x, 20_000, p, y);
    const before = predictProbabilities(shrunk, x, 20_000, p);
    const after = predictProbabilities(fixed, x, 20_000, p);
    expect(auc(after, y)).toBeCloseTo(auc(before, y)!, 10);
    const rate = y.reduce((a, b) => a + b, 0) / y.length;
    const mean = after.reduce((a, b) => a + b, 0) / after.length;
    expect(Math.abs(mean - rate)).toBeLessThan(0.002);
    expect(logLoss(after, y)!).toBeLessThan(logLoss(before, y)! - 0.01);
  });

  it("leaves a fit without signal as it was", () => {
    const { x, p } = simulate(2_000, [0, 0], -1);
    const y = new Uint8Array(2_000).map((_, i) => (i % 10 === 0 ? 1 : 0));
    const fit = fitLogistic(x, 2_000, p, y, { lambda: 1 });
    const again = recalibrate(fit, x, 2_000, p, y);
    expect(again.intercept).toBeCloseTo(fit.intercept, 1);
  });
});
