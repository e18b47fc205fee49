// Case-control sampling of a large training stack: every positive row is kept and the negatives are drawn at
// one rate r, each kept negative weighing 1/r in the fits. The weighted log-loss equals the full one in
// expectation, so the fitted probabilities stay unbiased while fits read several times fewer rows.
// Validation and scoring always use every row.
import type { StackedSets } from "./selection";
import { sharedFloat64Array, sharedUint8Array } from "./fit-pool";

/** Negatives kept per positive once the stack is large: the usual point past which more controls add little. */
export const NEGATIVES_PER_POSITIVE = 10;
/** Stacks with fewer rows are fitted whole: sampling would save little time and add variance. */
export const CASE_CONTROL_MIN_ROWS = 20_000;

/** The rows the fits train on: a subset of the stack's, in stack order. */
export interface TrainingRows {
  data: Float64Array;
  labels: Uint8Array;
  /** offsets[k] = kept rows of the first k sets, so the first k cut-offs' training rows are a prefix. */
  offsets: number[];
  /** Weight of each kept negative (1/r; 1 when nothing was sampled). */
  negativeWeight: number;
}

/**
 * A deterministic uniform draw per row from its feature values and cut-off day: the same data draws the same
 * rows whatever the member ids or import order.
 */
function rowDraw(words: Uint32Array, from: number, count: number, salt: number): number {
  let h = (0x811c9dc5 ^ salt) >>> 0;
  for (let k = from; k < from + count; k++) {
    h = Math.imul(h ^ words[k], 0x01000193);
    h ^= h >>> 15;
  }
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
}

/**
 * The share of negatives kept: NEGATIVES_PER_POSITIVE per positive, rounded to a power of 2 (so between 0.71 and
 * 1.41 times that many remain). The rate is the stack's, and every kept row and weight depends on it: an exact
 * rate moved with each new training cut-off, so every fit of the older cut-offs' prefixes (the backtest's refits,
 * the validation folds) was made again once a fortnight. A power of 2 moves only when the stack's share of
 * positives crosses a step, so a new cut-off adds its own fits and reuses the rest.
 */
export function negativeRate(positives: number, negatives: number): number {
  if (positives === 0 || negatives === 0) return 1;
  return Math.min(1, 2 ** Math.round(Math.log2((NEGATIVES_PER_POSITIVE * positives) / negatives)));
}

/**
 * All rows when the stack is small or balanced enough; otherwise every positive plus a deterministic share r of
 * the negatives (negativeRate). r is a compute budget for the whole stack, not evidence: the 1/r weights undo it
 * for every prefix the backtest trains on.
 */
export function caseControlRows(stack: StackedSets): TrainingRows {
  const { n, p, data } = stack.matrix;
  let positives = 0;
  for (let i = 0; i < n; i++) positives += stack.labels[i];
  const rate = negativeRate(positives, n - positives);
  if (n < CASE_CONTROL_MIN_ROWS || rate >= 1)
    return { data, labels: stack.labels, offsets: stack.offsets, negativeWeight: 1 };
  const words = new Uint32Array(data.buffer, data.byteOffset, n * p * 2);
  const keep = new Uint32Array(n);
  const offsets = [0];
  let kept = 0;
  stack.sets.forEach((set, k) => {
    const salt = Math.floor(Date.parse(set.cutoff) / 86_400_000);
    for (let i = stack.offsets[k]; i < stack.offsets[k + 1]; i++)
      if (stack.labels[i] === 1 || rowDraw(words, i * p * 2, p * 2, salt) < rate) keep[kept++] = i;
    offsets.push(kept);
  });
  const sampled = sharedFloat64Array(kept * p);
  const labels = sharedUint8Array(kept);
  for (let r = 0; r < kept; r++) {
    sampled.set(data.subarray(keep[r] * p, keep[r] * p + p), r * p);
    labels[r] = stack.labels[keep[r]];
  }
  return { data: sampled, labels, offsets, negativeWeight: 1 / rate };
}
