// Scoring and explaining with a fitted GbmModel: trees flattened into typed arrays once per call, then
// walked on raw feature values; path attribution (Saabas) splits each row's log-odds over the features.
import type { GbmModel } from "./gbm";

/** All trees flattened into typed arrays once per scoring call. */
interface FlatForest {
  roots: Int32Array;
  feature: Int32Array;
  threshold: Float64Array;
  left: Int32Array;
  right: Int32Array;
  value: Float64Array;
}

function flatten(model: GbmModel, rounds: number): FlatForest {
  const trees = model.trees.slice(0, rounds);
  const size = trees.reduce((a, t) => a + t.value.length, 0);
  const f: FlatForest = {
    roots: new Int32Array(trees.length),
    feature: new Int32Array(size),
    threshold: new Float64Array(size),
    left: new Int32Array(size),
    right: new Int32Array(size),
    value: new Float64Array(size),
  };
  let at = 0;
  trees.forEach((t, k) => {
    f.roots[k] = at;
    for (let i = 0; i < t.value.length; i++) {
      f.feature[at + i] = t.feature[i];
      f.threshold[at + i] = t.threshold[i];
      f.left[at + i] = t.left[i] + at;
      f.right[at + i] = t.right[i] + at;
      f.value[at + i] = t.value[i];
    }
    at += t.value.length;
  });
  return f;
}

/** Log-odds per row using the first `rounds` trees (default all): staged predictions need no refit. */
export function gbmLogOdds(
  model: GbmModel,
  x: Float64Array,
  n: number,
  p: number,
  rounds = model.trees.length,
): Float64Array {
  const f = flatten(model, rounds);
  const out = new Float64Array(n).fill(model.baseScore);
  const { roots, feature, threshold, left, right, value } = f;
  for (let i = 0; i < n; i++) {
    const o = i * p;
    let e = model.baseScore;
    for (let k = 0; k < roots.length; k++) {
      let node = roots[k];
      for (let j = feature[node]; j >= 0; j = feature[node])
        node = x[o + j] <= threshold[node] ? left[node] : right[node];
      e += value[node];
    }
    out[i] = e;
  }
  return out;
}

export function gbmProbabilities(
  model: GbmModel,
  x: Float64Array,
  n: number,
  p: number,
  rounds?: number,
): Float64Array {
  const out = gbmLogOdds(model, x, n, p, rounds);
  for (let i = 0; i < n; i++) out[i] = 1 / (1 + Math.exp(-out[i]));
  return out;
}

/** Log-odds every row starts from before any split: base score plus each tree's root value. */
export function gbmBias(model: GbmModel): number {
  return model.trees.reduce((a, t) => a + t.value[0], model.baseScore);
}

/**
 * Path attribution (Saabas): along each tree's path, the change in node value at a split is credited to the
 * split's feature. Per row, bias + Σ contributions equals the model's log-odds exactly.
 */
export function gbmExplainer(
  model: GbmModel,
): (x: ArrayLike<number>, offset: number, out: Float64Array) => Float64Array {
  const { roots, feature, threshold, left, right, value } = flatten(model, model.trees.length);
  return (x, offset, out) => {
    out.fill(0);
    for (let k = 0; k < roots.length; k++) {
      let node = roots[k];
      for (let j = feature[node]; j >= 0; j = feature[node]) {
        const next = x[offset + j] <= threshold[node] ? left[node] : right[node];
        out[j] += value[next] - value[node];
        node = next;
      }
    }
    return out;
  };
}
