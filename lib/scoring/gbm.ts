// Gradient-boosted decision trees for binary log-loss: quantile-binned features, histogram split search,
// seeded row subsampling, so a fit is deterministic. The fitted model is plain JSON; scoring walks raw thresholds.
import { mulberry32 } from "@/lib/random";
import { binFeatures } from "./gbm-bins";

export { binFeatures, type BinnedFeatures } from "./gbm-bins";

/** mulberry32's state increment (lib/random.ts), for the inlined draws of the row subsample. */
const GOLDEN_GAMMA = 0x6d2b79f5;

export interface GbmOptions {
  /** Boosting rounds (trees). */
  rounds?: number;
  /** Maximum tree depth (splits from root to leaf). */
  depth?: number;
  /** Shrinkage applied to every leaf value. */
  learningRate?: number;
  /** Smallest hessian sum (≈ rows × p(1−p)) allowed in a child: keeps leaves from chasing a handful of rows. */
  minLeafHessian?: number;
  /** Nodes with fewer than twice this many rows are not split. */
  minLeafRows?: number;
  /** L2 penalty on leaf values (XGBoost's lambda). */
  l2?: number;
  /** Share of rows drawn (Bernoulli, seeded) for each tree. */
  subsample?: number;
  seed?: number;
  /** Quantile bins per feature (≤ 256). */
  maxBins?: number;
}

export const GBM_DEFAULTS: Required<GbmOptions> = {
  rounds: 100,
  depth: 3,
  learningRate: 0.1,
  minLeafHessian: 10,
  minLeafRows: 20,
  l2: 1,
  subsample: 0.8,
  seed: 1,
  maxBins: 32,
};

/** One tree as parallel node arrays; node 0 is the root. */
export interface GbmTree {
  /** Split feature per node, −1 for a leaf. */
  feature: number[];
  /** Rows with x ≤ threshold go left. */
  threshold: number[];
  left: number[];
  right: number[];
  /** Shrunk log-odds output the node would give as a leaf; path attribution credits each split's change. */
  value: number[];
}

export interface GbmModel {
  featureCount: number;
  /** Log-odds of the training base rate: the start of every prediction. */
  baseScore: number;
  options: Required<GbmOptions>;
  trees: GbmTree[];
}

/** Small seeded PRNG (mulberry32): same seed, same draws, on every platform. */
export const seededRandom = mulberry32;

interface GrowContext {
  p: number;
  nb: number;
  bins: Uint8Array;
  /** Per row and feature, the position of its (feature, bin) gradient sum in a histogram: (j · nb + bin) · 2. */
  slots: Uint16Array | Uint32Array;
  grad: Float64Array;
  hess: Float64Array;
  idx: Uint32Array;
  scratch: Uint32Array;
  o: Required<GbmOptions>;
  /** Per depth, two histograms (left, right) of [grad, hess, count] × p × nb. */
  pool: Float64Array[][];
  tree: GbmTree;
  /** Bin index of each node's split (for updating training predictions without thresholds). */
  splitBin: number[];
}

/**
 * Sums the rows' gradients and hessians per (feature, bin), rows in order. Three features a step: a row's features
 * fill distinct slots, so each slot still receives its rows' values one by one in row order (the same sums).
 */
function buildHistogram(c: GrowContext, start: number, end: number, hist: Float64Array): void {
  hist.fill(0);
  const { p, slots, grad, hess, idx } = c;
  for (let r = start; r < end; r++) {
    const i = idx[r];
    const g = grad[i];
    const h = hess[i];
    let o = i * p;
    const last = o + p;
    for (; o + 3 <= last; o += 3) {
      const k0 = slots[o];
      const k1 = slots[o + 1];
      const k2 = slots[o + 2];
      hist[k0] += g;
      hist[k0 + 1] += h;
      hist[k1] += g;
      hist[k1 + 1] += h;
      hist[k2] += g;
      hist[k2 + 1] += h;
    }
    for (; o < last; o++) {
      const k = slots[o];
      hist[k] += g;
      hist[k + 1] += h;
    }
  }
}

function addNode(tree: GbmTree, value: number): number {
  tree.feature.push(-1);
  tree.threshold.push(0);
  tree.left.push(-1);
  tree.right.push(-1);
  tree.value.push(value);
  return tree.value.length - 1;
}

function grow(
  c: GrowContext,
  node: number,
  start: number,
  end: number,
  depth: number,
  hist: Float64Array,
  G: number,
  H: number,
): void {
  const { p, nb, o } = c;
  if (depth >= o.depth || end - start < 2 * o.minLeafRows) return;
  const parentScore = (G * G) / (H + o.l2);
  let bestGain = 1e-9;
  let bestFeature = -1;
  let bestBin = -1;
  for (let j = 0; j < p; j++) {
    let gl = 0,
      hl = 0;
    for (let b = 0; b < nb - 1; b++) {
      const k = (j * nb + b) * 2;
      gl += hist[k];
      hl += hist[k + 1];
      const hr = H - hl;
      if (hl < o.minLeafHessian) continue;
      if (hr < o.minLeafHessian) break;
      const gr = G - gl;
      const gain = (gl * gl) / (hl + o.l2) + (gr * gr) / (hr + o.l2) - parentScore;
      if (gain > bestGain) {
        bestGain = gain;
        bestFeature = j;
        bestBin = b;
      }
    }
  }
  if (bestFeature < 0) return;
  let gl = 0,
    hl = 0;
  for (let b = 0; b <= bestBin; b++) {
    const k = (bestFeature * nb + b) * 2;
    gl += hist[k];
    hl += hist[k + 1];
  }
  const lr = o.learningRate;
  const left = addNode(c.tree, (-lr * gl) / (hl + o.l2));
  const right = addNode(c.tree, (-lr * (G - gl)) / (H - hl + o.l2));
  c.splitBin.push(-1, -1);
  c.tree.feature[node] = bestFeature;
  c.splitBin[node] = bestBin;
  c.tree.left[node] = left;
  c.tree.right[node] = right;
  // Children at the depth limit are leaves: their values come from the parent's histogram, so rows need
  // neither partitioning nor a histogram of their own.
  if (depth + 1 >= o.depth) return;
  // Stable partition (left: bin ≤ bestBin), so rows stay in ascending order and histogram scans stay sequential.
  const { idx, bins, scratch } = c;
  let mid = start;
  let spill = 0;
  for (let r = start; r < end; r++) {
    const i = idx[r];
    if (bins[i * p + bestFeature] <= bestBin) idx[mid++] = i;
    else scratch[spill++] = i;
  }
  idx.set(scratch.subarray(0, spill), mid);
  const [leftHist, rightHist] = c.pool[depth + 1];
  // Build the smaller child's histogram by scanning, the larger one by subtraction from the parent.
  const leftSmaller = mid - start <= end - mid;
  buildHistogram(c, leftSmaller ? start : mid, leftSmaller ? mid : end, leftSmaller ? leftHist : rightHist);
  const built = leftSmaller ? leftHist : rightHist;
  const other = leftSmaller ? rightHist : leftHist;
  for (let k = 0; k < other.length; k++) other[k] = hist[k] - built[k];
  grow(c, left, start, mid, depth + 1, leftHist, gl, hl);
  grow(c, right, mid, end, depth + 1, rightHist, G - gl, H - hl);
}

/**
 * This round's rows (seeded Bernoulli: row i is kept when the draw u/2^32 < subsample, as `seededRandom(seed)()
 * < subsample` would keep it), their indices into `idx` in ascending order. The draws are mulberry32's, step by step
 * from the generator's 32-bit state in `rng[0]` (inlined: a call per row cost more than the row). u/2^32 < subsample
 * exactly when u < ⌈subsample · 2^32⌉ (u is an integer), compared as signed 32-bit values (u − 2^31: its top bit
 * flipped), so the generator stays in int32 arithmetic; every row's index is written and the count moves past kept
 * ones only: no branch on a random draw. Returns the count kept; `rng[0]` holds the state after the draws.
 * The state lives in an Int32Array, not in a returned object: a state field that was a small integer in the first
 * call and a heap number later deprecated the object's map, and V8 deoptimised this loop and its caller on every
 * round of every later fit (~20 ns a row instead of ~3 on the thread that fitted the first, small trees).
 */
export function drawRows(n: number, subsample: number, rng: Int32Array, idx: Uint32Array): number {
  let m = 0;
  if (!(subsample < 1)) {
    for (let i = 0; i < n; i++) idx[m++] = i;
    return m;
  }
  const signedLimit = Math.ceil(subsample * 4294967296) - 2147483648;
  let s = rng[0];
  for (let i = 0; i < n; i++) {
    s = (s + GOLDEN_GAMMA) | 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    idx[m] = i;
    m += +((t ^ (t >>> 14) ^ -2147483648) < signedLimit);
  }
  rng[0] = s;
  return m;
}

/**
 * Draws this round's rows (drawRows), then their log-loss gradients and hessians at the current margins, rows in
 * ascending order (the draws do not depend on the margins, so the same rows and the same sums as one loop doing both).
 * Returns the count drawn; `sums` receives the drawn rows' gradient and hessian totals.
 */
function sampleGradients(
  margin: Float64Array,
  y: Uint8Array,
  negativeWeight: number,
  subsample: number,
  rng: Int32Array,
  grad: Float64Array,
  hess: Float64Array,
  idx: Uint32Array,
  sums: Float64Array,
): number {
  const m = drawRows(margin.length, subsample, rng, idx);
  let G = 0;
  let H = 0;
  for (let r = 0; r < m; r++) {
    const i = idx[r];
    const prob = 1 / (1 + Math.exp(-margin[i]));
    const w = y[i] ? 1 : negativeWeight;
    const g = w * (prob - y[i]);
    const h = w * (prob * (1 - prob) + 1e-12);
    grad[i] = g;
    hess[i] = h;
    G += g;
    H += h;
  }
  sums[0] = G;
  sums[1] = H;
  return m;
}

/** Adds the new tree's leaf values to every training row's margin, routing by bin (exactly as by threshold). */
function addTreeOutput(
  tree: GbmTree,
  splitBin: number[],
  bins: Uint8Array,
  p: number,
  margin: Float64Array,
): void {
  const feature = Int32Array.from(tree.feature);
  const split = Int32Array.from(splitBin);
  const left = Int32Array.from(tree.left);
  const right = Int32Array.from(tree.right);
  const value = Float64Array.from(tree.value);
  for (let i = 0; i < margin.length; i++) {
    let node = 0;
    for (let j = feature[0]; j >= 0; j = feature[node])
      node = bins[i * p + j] <= split[node] ? left[node] : right[node];
    margin[i] += value[node];
  }
}

/**
 * Fits on the first n rows of `x` (row-major, p columns) against 0/1 labels. Same inputs and options,
 * same trees: the only randomness is the seeded row subsample. `negativeWeight` is 1/r when the negative
 * rows are a sample drawn at rate r (lib/scoring/case-control.ts): gradients, hessians and the base rate
 * then count each as the rows it stands for.
 */
export function fitGbm(
  x: Float64Array,
  n: number,
  p: number,
  y: Uint8Array,
  options: GbmOptions = {},
  negativeWeight = 1,
): GbmModel {
  const o: Required<GbmOptions> = { ...GBM_DEFAULTS, ...options };
  const { cuts, bins } = binFeatures(x, n, p, o.maxBins);
  const nb = Math.min(256, Math.max(2, o.maxBins));
  const slots = p * nb * 2 <= 0xffff ? new Uint16Array(n * p) : new Uint32Array(n * p);
  for (let i = 0; i < n; i++)
    for (let j = 0, o = i * p; j < p; j++) slots[o + j] = (j * nb + bins[o + j]) << 1;
  let positives = 0;
  for (let i = 0; i < n; i++) positives += y[i] ? 1 : 0;
  const represented = positives + (n - positives) * negativeWeight;
  const rate = Math.min(Math.max(n > 0 ? positives / represented : 0.5, 1e-6), 1 - 1e-6);
  const baseScore = Math.log(rate / (1 - rate));
  const margin = new Float64Array(n).fill(baseScore);
  const grad = new Float64Array(n);
  const hess = new Float64Array(n);
  const idx = new Uint32Array(n);
  const scratch = new Uint32Array(n);
  const rng = Int32Array.of(o.seed | 0); // mulberry32's state (its 32 bits), as seededRandom(o.seed) would start
  const sums = new Float64Array(2);
  const pool = Array.from({ length: o.depth + 1 }, () => [
    new Float64Array(p * nb * 2),
    new Float64Array(p * nb * 2),
  ]);
  const trees: GbmTree[] = [];
  for (let round = 0; round < o.rounds && n > 0; round++) {
    const m = sampleGradients(margin, y, negativeWeight, o.subsample, rng, grad, hess, idx, sums);
    const G = sums[0];
    const H = sums[1];
    const tree: GbmTree = { feature: [], threshold: [], left: [], right: [], value: [] };
    const c: GrowContext = { p, nb, bins, slots, grad, hess, idx, scratch, o, pool, tree, splitBin: [-1] };
    addNode(tree, (-o.learningRate * G) / (H + o.l2));
    buildHistogram(c, 0, m, pool[0][0]);
    grow(c, 0, 0, m, 0, pool[0][0], G, H);
    addTreeOutput(tree, c.splitBin, bins, p, margin);
    for (let k = 0; k < tree.feature.length; k++)
      if (tree.feature[k] >= 0) tree.threshold[k] = cuts[tree.feature[k]][c.splitBin[k]];
    trees.push(tree);
  }
  return { featureCount: p, baseScore, options: o, trees };
}
