// L2-regularised logistic regression fitted by Newton/IRLS on standardised features:
// deterministic (no random init or shuffling), typed arrays throughout, safe on constant columns.
import { choleskyFactor, choleskySolveFactored, nonZeroRows } from "./newton-sums";

export interface LogisticOptions {
  /** Penalty on the mean log-loss: objective = mean logloss + lambda/2 · |β|² (β on the standardised scale, intercept unpenalised). */
  lambda?: number;
  maxIterations?: number;
  /**
   * Stop once the largest Newton step taken is below this (default NEWTON_TOLERANCE). Newton converges
   * quadratically, so the rows' coefficients after a step below 1e-4 are within ~1e-8 of the optimum.
   */
  tolerance?: number;
  /**
   * "none" (default) keeps probabilities calibrated; Newton solves the intercept exactly, so rare
   * positives need no reweighting to converge. "balanced" weights classes equally, then shifts the
   * intercept back by the log prior odds (King & Zeng) so scores stay probabilities.
   */
  classWeight?: "none" | "balanced";
  /** Weight of each negative row: 1/r when the negatives are a sample drawn at rate r (lib/scoring/case-control.ts). */
  negativeWeight?: number;
  /** Warm start (e.g. the fit for a neighbouring lambda on the same rows); saves Newton steps, same optimum. */
  initial?: Pick<LogisticFit, "weights" | "intercept">;
}

export interface LogisticFit {
  /** Coefficients on standardised features. */
  weights: number[];
  intercept: number;
  means: number[];
  /** Standard deviations used to standardise; 1 for constant columns (whose weight is then 0). */
  stds: number[];
  /** Steps taken: Newton steps (a curvature pass each, counted in hessianPasses) and chord steps (a gradient pass). */
  iterations: number;
  hessianPasses: number;
  converged: boolean;
}

export const DEFAULT_LAMBDA = 1e-3;
/**
 * The largest Newton step (standardised coefficients) at which a fit stops. It was 1e-7: a fit then took one more
 * Hessian pass only to find a step of ~1e-9; on the 6,000-member demo's folds and fits the coefficients moved by at
 * most 3e-9 and no validation AUC by 1e-6, for a quarter fewer Newton iterations.
 */
export const NEWTON_TOLERANCE = 1e-4;

/**
 * Chord steps (round 13): after a curvature (Hessian) pass, later steps reuse its Cholesky factor with a fresh
 * gradient, which the objective's own pass over the rows yields, until a step fails to shrink to this share of the
 * step before it; then a fresh curvature pass. The optimum is where the gradient is zero, whichever curvature
 * preconditions the steps, so it is Newton's; a chord step costs about a third of a Newton step.
 */
const CHORD_CONTRACTION = 0.5;
/** A chord step converges linearly, not quadratically: it stops at a step this much smaller than a Newton step's. */
const CHORD_TOLERANCE_FACTOR = 0.01;
/**
 * The first curvature pass of a fit on at least CURVATURE_STRIDE × 2,000 rows reads every CURVATURE_STRIDE-th row
 * (each weighing that many): it only preconditions the chord steps. A later pass (a stalled chord) reads every row.
 */
const CURVATURE_STRIDE = 4;

export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/**
 * Column means and standard deviations over the first n rows of a row-major matrix; with `weightOf`, rows
 * weigh what they stand for (a sampled negative counts 1/r), so the scale is the full data's.
 */
export function columnStats(
  x: Float64Array,
  n: number,
  p: number,
  weightOf: (row: number) => number = () => 1,
): { means: Float64Array; stds: Float64Array } {
  const means = new Float64Array(p);
  const stds = new Float64Array(p);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const w = weightOf(i);
    total += w;
    for (let j = 0, o = i * p; j < p; j++) means[j] += w * x[o + j];
  }
  for (let j = 0; j < p; j++) means[j] = n > 0 ? means[j] / total : 0;
  for (let i = 0; i < n; i++) {
    const w = weightOf(i);
    for (let j = 0, o = i * p; j < p; j++) {
      const d = x[o + j] - means[j];
      stds[j] += w * d * d;
    }
  }
  for (let j = 0; j < p; j++) {
    const sd = n > 1 ? Math.sqrt(stds[j] / total) : 0;
    stds[j] = sd > 1e-12 ? sd : 1;
  }
  return { means, stds };
}

/** Column statistics per matrix, labels and prefix: each validation fold fits three penalties on the same rows. */
const statsCache = new WeakMap<
  Float64Array,
  WeakMap<Uint8Array, Map<string, ReturnType<typeof columnStats>>>
>();

function weightedColumnStats(x: Float64Array, n: number, p: number, y: Uint8Array, negativeWeight: number) {
  let byLabels = statsCache.get(x);
  if (!byLabels) statsCache.set(x, (byLabels = new WeakMap()));
  let byPrefix = byLabels.get(y);
  if (!byPrefix) byLabels.set(y, (byPrefix = new Map()));
  const key = `${n}:${p}:${negativeWeight}`;
  let stats = byPrefix.get(key);
  if (!stats) byPrefix.set(key, (stats = columnStats(x, n, p, (i) => (y[i] ? 1 : negativeWeight))));
  return stats;
}

/**
 * Fits on the first n rows of `x` (row-major, p columns) against 0/1 labels `y`.
 * Passing n smaller than the buffer lets rolling-origin validation train on a prefix without copying.
 */
export function fitLogistic(
  x: Float64Array,
  n: number,
  p: number,
  y: Uint8Array,
  opts: LogisticOptions = {},
): LogisticFit {
  const lambda = Math.max(0, opts.lambda ?? DEFAULT_LAMBDA);
  const maxIterations = opts.maxIterations ?? 50;
  const tolerance = opts.tolerance ?? NEWTON_TOLERANCE;
  const sampledNegative = opts.negativeWeight ?? 1;
  const { means, stds } = weightedColumnStats(x, n, p, y, sampledNegative);
  const d = p + 1; // column 0 of the system is the intercept
  const rows = nonZeroRows(x, n, p, means, stds);
  const { centre } = rows;

  let positives = 0;
  for (let i = 0; i < n; i++) positives += y[i] ? 1 : 0;
  const negatives = (n - positives) * sampledNegative; // as many as the rows stand for
  const balanced = opts.classWeight === "balanced" && positives > 0 && positives < n;
  const wPos = balanced ? (positives + negatives) / (2 * positives) : 1;
  const wNeg = sampledNegative * (balanced ? (positives + negatives) / (2 * negatives) : 1);
  const totalWeight = positives * wPos + (n - positives) * wNeg || 1;

  const beta = new Float64Array(d);
  const rate = n > 0 ? (positives * wPos) / totalWeight : 0.5;
  const clippedRate = Math.min(Math.max(rate, 1e-6), 1 - 1e-6);
  beta[0] = Math.log(clippedRate / (1 - clippedRate));
  if (opts.initial && opts.initial.weights.length === p && opts.initial.weights.every(Number.isFinite)) {
    beta.set(opts.initial.weights, 1);
    beta[0] = opts.initial.intercept - (balanced ? Math.log(positives / negatives) : 0);
  }
  const eta = new Float64Array(n);
  /** exp(−|eta|) per row: softplus and sigmoid both start from it (the same value each would compute). */
  const expNegAbs = new Float64Array(n);
  const coef = new Float64Array(p);
  // Raw (unstandardised) sums over the rows' non-zero values; standardising them afterwards is exact algebra.
  const rawResidual = new Float64Array(p); // Σ r·x_j at the coefficients in beta
  const trialResidual = new Float64Array(p); // the same at the last coefficients objective() was given
  let sumR = 0;
  let trialSumR = 0;

  /**
   * Mean weighted log-loss plus penalty at b; leaves each row's linear predictor in eta and the raw gradient sums
   * in trialResidual / trialSumR (the residual needs only the row's exp(−|eta|), so a chord step needs no other pass).
   */
  const objective = (b: Float64Array): number => {
    let shift = b[0];
    for (let j = 0; j < p; j++) {
      coef[j] = b[j + 1] / stds[j];
      shift -= coef[j] * centre[j];
    }
    const { start, column, value } = rows;
    trialResidual.fill(0);
    let loss = 0;
    let residuals = 0;
    for (let i = 0; i < n; i++) {
      const end = start[i + 1];
      let e = shift;
      for (let q = start[i]; q < end; q++) e += coef[column[q]] * value[q];
      eta[i] = e;
      const a = Math.exp(-Math.abs(e));
      expNegAbs[i] = a;
      const soft = e > 0 ? e + Math.log1p(a) : Math.log1p(a); // softplus(e)
      const mu = e >= 0 ? 1 / (1 + a) : a / (1 + a); // sigmoid(e)
      const r = y[i] ? wPos * (1 - mu) : -wNeg * mu;
      loss += y[i] ? wPos * (soft - e) : wNeg * soft;
      residuals += r;
      for (let q = start[i]; q < end; q++) trialResidual[column[q]] += r * value[q];
    }
    trialSumR = residuals;
    let pen = 0;
    for (let j = 1; j < d; j++) pen += b[j] * b[j];
    return loss / totalWeight + 0.5 * lambda * pen;
  };
  /** Makes the sums of the last objective() call the current coefficients'. */
  const keepTrial = () => {
    rawResidual.set(trialResidual);
    sumR = trialSumR;
  };

  let current = objective(beta);
  keepTrial();
  let iterations = 0;
  let hessianPasses = 0;
  let converged = n === 0;
  const hess = new Float64Array(d * d); // after a curvature pass, its Cholesky factor (kept for the chord steps)
  const grad = new Float64Array(d);
  const trial = new Float64Array(d);
  const rawHess = new Float64Array((p * (p + 1)) / 2); // lower triangle: entry (j, k ≤ j) at j(j+1)/2 + k
  const rawCurvature = new Float64Array(p); // Σ h·x_j
  let stride = n >= 2000 * CURVATURE_STRIDE ? CURVATURE_STRIDE : 1; // rows read by the next curvature pass
  let fresh = true; // the next step takes a curvature pass at the current coefficients
  let previousStep = Infinity;
  while (!converged && iterations < maxIterations) {
    iterations++;
    grad[0] = sumR / totalWeight;
    for (let j = 1; j < d; j++)
      grad[j] = (rawResidual[j - 1] - centre[j - 1] * sumR) / stds[j - 1] / totalWeight - lambda * beta[j];
    if (fresh) {
      hessianPasses++;
      rawHess.fill(0);
      rawCurvature.fill(0);
      let sumH = 0;
      const { start, column, value } = rows;
      for (let i = 0; i < n; i += stride) {
        const a = expNegAbs[i];
        const mu = eta[i] >= 0 ? 1 / (1 + a) : a / (1 + a); // sigmoid(eta[i])
        const h = stride * (y[i] ? wPos : wNeg) * mu * (1 - mu);
        sumH += h;
        const end = start[i + 1];
        for (let q = start[i]; q < end; q++) {
          const j = column[q];
          const hv = h * value[q];
          rawCurvature[j] += hv;
          const row = (j * (j + 1)) >> 1;
          for (let u = start[i]; u <= q; u++) rawHess[row + column[u]] += hv * value[u];
        }
      }
      // z_j = (x_j − m_j) / s_j: Σ h z_j z_k = (Σ h x_j x_k − m_j Σ h x_k − m_k Σ h x_j + m_j m_k Σ h) / (s_j s_k).
      hess[0] = sumH;
      for (let j = 1; j < d; j++) {
        const mj = centre[j - 1];
        const sj = stds[j - 1];
        hess[j * d] = (rawCurvature[j - 1] - mj * sumH) / sj;
        const row = ((j - 1) * j) >> 1;
        for (let k = 1; k <= j; k++) {
          const mk = centre[k - 1];
          hess[j * d + k] =
            (rawHess[row + k - 1] - mj * rawCurvature[k - 1] - mk * rawCurvature[j - 1] + mj * mk * sumH) /
            (sj * stds[k - 1]);
        }
      }
      for (let j = 0; j < d; j++) {
        for (let k = 0; k <= j; k++) {
          const v = hess[j * d + k] / totalWeight;
          hess[j * d + k] = v;
          hess[k * d + j] = v;
        }
        if (j > 0) hess[j * d + j] += lambda;
        hess[j * d + j] += 1e-10; // keeps a constant column or lambda = 0 solvable
      }
      choleskyFactor(hess, d);
    }
    const step = choleskySolveFactored(hess, grad, d);
    let t = 1;
    let accepted = false;
    for (let halving = 0; halving < 30; halving++, t /= 2) {
      for (let j = 0; j < d; j++) trial[j] = beta[j] + t * step[j];
      const next = objective(trial);
      if (next <= current + 1e-12) {
        current = next;
        beta.set(trial);
        keepTrial();
        accepted = true;
        break;
      }
    }
    let maxStep = 0;
    for (let j = 0; j < d; j++) maxStep = Math.max(maxStep, Math.abs(t * step[j]));
    if (!accepted) {
      objective(beta);
      keepTrial();
      if (fresh && stride === 1) {
        converged = true;
        break;
      }
      fresh = true; // a stale curvature's direction failed: take a Newton step from here
      stride = 1;
      previousStep = Infinity;
      continue;
    }
    // A Newton step (the whole rows' curvature) stops at the tolerance; a chord step, or one on sampled rows, below it.
    converged = maxStep < (fresh && stride === 1 ? tolerance : tolerance * CHORD_TOLERANCE_FACTOR);
    // After a curvature pass, chord steps; a fresh pass on every row once they stop shrinking fast enough.
    if (!fresh && maxStep >= CHORD_CONTRACTION * previousStep) {
      fresh = true;
      stride = 1;
    } else fresh = false;
    previousStep = maxStep;
  }

  let intercept = beta[0];
  if (balanced) intercept += Math.log(positives / negatives);
  return {
    weights: Array.from(beta.subarray(1)),
    intercept,
    means: Array.from(means),
    stds: Array.from(stds),
    iterations,
    hessianPasses,
    converged,
  };
}

/** Linear predictor (log-odds) per row. */
export function linearPredictor(
  model: Pick<LogisticFit, "weights" | "intercept" | "means" | "stds">,
  x: Float64Array,
  n: number,
  p: number,
): Float64Array {
  const out = new Float64Array(n);
  const coef = new Float64Array(p);
  let shift = model.intercept;
  for (let j = 0; j < p; j++) {
    coef[j] = model.weights[j] / model.stds[j];
    shift -= coef[j] * model.means[j];
  }
  for (let i = 0; i < n; i++) {
    let e = shift;
    for (let j = 0, o = i * p; j < p; j++) e += coef[j] * x[o + j];
    out[i] = e;
  }
  return out;
}

export function predictProbabilities(
  model: Pick<LogisticFit, "weights" | "intercept" | "means" | "stds">,
  x: Float64Array,
  n: number,
  p: number,
): Float64Array {
  const out = linearPredictor(model, x, n, p);
  for (let i = 0; i < n; i++) out[i] = sigmoid(out[i]);
  return out;
}

/**
 * Platt scaling on the fit's own training rows: a strong penalty shrinks log-odds towards the base rate, so
 * one unpenalised slope and offset on the linear predictor restore calibrated probabilities. The order (and so
 * every ranking metric) is unchanged; a non-positive slope (no signal) leaves the fit as it was.
 */
export function recalibrate(
  fit: LogisticFit,
  x: Float64Array,
  n: number,
  p: number,
  y: Uint8Array,
  negativeWeight = 1,
): LogisticFit {
  const eta = linearPredictor(fit, x, n, p);
  const platt = fitLogistic(eta, n, 1, y, { lambda: 0, negativeWeight });
  const slope = platt.weights[0] / platt.stds[0];
  if (!Number.isFinite(slope) || slope <= 0) return fit;
  const offset = platt.intercept - slope * platt.means[0];
  return { ...fit, weights: fit.weights.map((w) => w * slope), intercept: offset + slope * fit.intercept };
}
