// Ranking and probability metrics for backtests: precision/recall@k, AUC, lift, Brier, calibration.
// Every function returns null (never NaN) when the metric is undefined for its input.

/** Indices sorted by score descending, ties broken by id ascending (NaN scores go last). */
export function rankOrder(scores: ArrayLike<number>, ids: ArrayLike<number>): Uint32Array {
  const order = new Uint32Array(scores.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  const key = new Float64Array(scores.length);
  for (let i = 0; i < key.length; i++) key[i] = Number.isNaN(scores[i]) ? -Infinity : scores[i];
  order.sort((a, b) => key[b] - key[a] || ids[a] - ids[b] || a - b);
  return order;
}

/** Labels (0/1) rearranged into rank order. */
export function labelsInRankOrder(order: ArrayLike<number>, labels: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(order.length);
  for (let i = 0; i < order.length; i++) out[i] = labels[order[i]] ? 1 : 0;
  return out;
}

function countPositives(labels: ArrayLike<number>, upTo = labels.length): number {
  let c = 0;
  for (let i = 0; i < upTo; i++) c += labels[i] ? 1 : 0;
  return c;
}

/** Share of positives among the first k ranked (k capped at n, so a short list is judged on what it has). */
export function precisionAtK(ranked: ArrayLike<number>, k: number): number | null {
  const kk = Math.min(Math.floor(k), ranked.length);
  if (kk <= 0) return null;
  return countPositives(ranked, kk) / kk;
}

/** Share of all positives found in the first k ranked; null without positives. */
export function recallAtK(ranked: ArrayLike<number>, k: number): number | null {
  const total = countPositives(ranked);
  if (total === 0 || k <= 0) return null;
  return countPositives(ranked, Math.min(Math.floor(k), ranked.length)) / total;
}

/** Precision in the top ceil(n/10) divided by the base rate; null without rows or positives. */
export function topDecileLift(ranked: ArrayLike<number>): number | null {
  const n = ranked.length;
  const total = countPositives(ranked);
  if (n === 0 || total === 0) return null;
  const precision = precisionAtK(ranked, Math.ceil(n / 10));
  return precision === null ? null : precision / (total / n);
}

/** Mann–Whitney AUC: probability a random positive outscores a random negative, ties count half. */
export function auc(scores: ArrayLike<number>, labels: ArrayLike<number>): number | null {
  const n = scores.length;
  const positives = countPositives(labels, n);
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return null;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const key = new Float64Array(n);
  for (let i = 0; i < n; i++) key[i] = Number.isNaN(scores[i]) ? -Infinity : scores[i];
  order.sort((a, b) => key[a] - key[b]);
  let rankSumPositives = 0;
  for (let start = 0; start < n;) {
    let end = start;
    while (end + 1 < n && key[order[end + 1]] === key[order[start]]) end++;
    const averageRank = (start + end) / 2 + 1; // 1-based ranks, ties share the mean
    for (let t = start; t <= end; t++) if (labels[order[t]]) rankSumPositives += averageRank;
    start = end + 1;
  }
  return (rankSumPositives - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Mean squared error of probabilities against 0/1 outcomes. */
export function brierScore(probabilities: ArrayLike<number>, labels: ArrayLike<number>): number | null {
  const n = probabilities.length;
  if (n === 0) return null;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const d = probabilities[i] - (labels[i] ? 1 : 0);
    sum += d * d;
  }
  return sum / n;
}

/** Mean negative log-likelihood, probabilities clipped to [1e-12, 1 − 1e-12]. */
export function logLoss(probabilities: ArrayLike<number>, labels: ArrayLike<number>): number | null {
  const n = probabilities.length;
  if (n === 0) return null;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const p = Math.min(Math.max(probabilities[i], 1e-12), 1 - 1e-12);
    sum -= labels[i] ? Math.log(p) : Math.log(1 - p);
  }
  return sum / n;
}

export interface CalibrationBin {
  lower: number;
  upper: number;
  count: number;
  meanPredicted: number | null;
  observedRate: number | null;
}

/** Equal-width bins over 0..1 (the last bin includes 1): mean predicted vs observed rate per bin. */
export function calibrationBins(
  probabilities: ArrayLike<number>,
  labels: ArrayLike<number>,
  bins = 10,
): CalibrationBin[] {
  const count = new Float64Array(bins);
  const predicted = new Float64Array(bins);
  const observed = new Float64Array(bins);
  for (let i = 0; i < probabilities.length; i++) {
    const p = probabilities[i];
    if (!Number.isFinite(p)) continue;
    const b = Math.min(bins - 1, Math.max(0, Math.floor(p * bins)));
    count[b]++;
    predicted[b] += p;
    observed[b] += labels[i] ? 1 : 0;
  }
  return Array.from({ length: bins }, (_, b) => ({
    lower: b / bins,
    upper: (b + 1) / bins,
    count: count[b],
    meanPredicted: count[b] > 0 ? predicted[b] / count[b] : null,
    observedRate: count[b] > 0 ? observed[b] / count[b] : null,
  }));
}

export interface RankingMetrics {
  n: number;
  positives: number;
  precisionAt10: number | null;
  precisionAt20: number | null;
  precisionAt50: number | null;
  precisionAtCapacity: number | null;
  recallAt50: number | null;
  auc: number | null;
  topDecileLift: number | null;
  /** Null for score-only rankers (baselines), which make no probability claim. */
  brier: number | null;
  calibration: CalibrationBin[] | null;
}

/**
 * All backtest metrics for one ranker on one cut-off. Pass `probabilities` only when the scores are
 * probabilities; otherwise Brier and calibration are null rather than invented from ranks.
 */
export function evaluateRanking(
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
  ids: ArrayLike<number>,
  opts: { capacity: number; probabilities?: boolean },
): RankingMetrics {
  const ranked = labelsInRankOrder(rankOrder(scores, ids), labels);
  return {
    n: scores.length,
    positives: countPositives(labels, scores.length),
    precisionAt10: precisionAtK(ranked, 10),
    precisionAt20: precisionAtK(ranked, 20),
    precisionAt50: precisionAtK(ranked, 50),
    precisionAtCapacity: precisionAtK(ranked, opts.capacity),
    recallAt50: recallAtK(ranked, 50),
    auc: auc(scores, labels),
    topDecileLift: topDecileLift(ranked),
    brier: opts.probabilities ? brierScore(scores, labels) : null,
    calibration: opts.probabilities ? calibrationBins(scores, labels) : null,
  };
}
