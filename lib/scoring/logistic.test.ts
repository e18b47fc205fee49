import { describe, expect, it } from "vitest";
import {
  fitLogistic,
  NEWTON_TOLERANCE,
  predictProbabilities,
  recalibrate,
  type LogisticFit,
} from "./logistic";
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

  it("stops a Newton step at 1e-4 (round 11)", () => {
    expect(NEWTON_TOLERANCE).toBe(1e-4);
  });

  /** Gradient of the penalised mean log-loss in the fit's standardised coordinates (no weighting), from scratch. */
  function gradientAt(
    fit: LogisticFit,
    x: Float64Array,
    n: number,
    p: number,
    y: Uint8Array,
    lambda: number,
  ) {
    const probs = predictProbabilities(fit, x, n, p);
    const g = new Array<number>(p + 1).fill(0);
    for (let i = 0; i < n; i++) {
      const r = y[i] - probs[i];
      g[0] += r / n;
      for (let j = 0; j < p; j++) g[j + 1] += (r * (x[i * p + j] - fit.means[j])) / fit.stds[j] / n;
    }
    for (let j = 0; j < p; j++) g[j + 1] -= lambda * fit.weights[j];
    return g;
  }

  it("reaches Newton's optimum by chord steps, with fewer curvature passes than steps (round 13)", () => {
    const n = 20_000; // ≥ 8,000 rows: the first curvature pass reads every 4th row
    const { x: dense, y, p: q } = simulate(n, [1.2, -0.6, 0.3, 0], -2);
    // A rare column, non-zero only on rows the sampled pass skips (i ≡ 1 mod 4), so only a full pass sees its curvature.
    const p = q + 1;
    const x = new Float64Array(n * p);
    for (let i = 0; i < n; i++) {
      x.set(dense.subarray(i * q, i * q + q), i * p);
      x[i * p + q] = i % 400 === 1 ? 1 + (i % 3) : 0;
    }
    let previous: LogisticFit | undefined;
    let passes = 0;
    let steps = 0;
    for (const lambda of [10, 1, 0.1, 1e-4]) {
      for (const initial of [undefined, previous]) {
        const exact = fitLogistic(x, n, p, y, { lambda, tolerance: 1e-10, initial });
        const fit = fitLogistic(x, n, p, y, { lambda, initial });
        expect(fit.converged).toBe(true);
        expect(fit.hessianPasses).toBeGreaterThanOrEqual(1);
        passes += fit.hessianPasses;
        steps += fit.iterations;
        expect(Math.abs(fit.intercept - exact.intercept)).toBeLessThan(1e-6);
        fit.weights.forEach((w, j) => expect(Math.abs(w - exact.weights[j])).toBeLessThan(1e-6));
        for (const g of gradientAt(fit, x, n, p, y, lambda)) expect(Math.abs(g)).toBeLessThan(1e-7);
        previous = fit;
      }
    }
    // Newton took a curvature pass every step; the chord fits take one or two a fit.
    expect(passes).toBeLessThanOrEqual(16);
    expect(passes).toBeLessThan(steps / 2);
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
