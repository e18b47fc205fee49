// Quantile bins for the boosted trees: cut points per feature from a deterministic stride sample, then each
// row's bin, so a split search reads small integer histograms instead of raw values.

export interface BinnedFeatures {
  /** Per feature, ascending cut points: bin b holds cuts[b−1] < x ≤ cuts[b]; the last bin holds x > every cut. */
  cuts: Float64Array[];
  /** Row-major n × p bin indices (a row's p bins are adjacent: one cache line per row when building histograms). */
  bins: Uint8Array;
}

/** Up to `count` − 1 distinct quantiles of sorted values, each below the maximum (a cut at the maximum splits nothing). */
function quantileCuts(sorted: Float64Array, count: number, max: number): number[] {
  const m = sorted.length;
  const cuts: number[] = [];
  for (let q = 1; q < count && m > 0; q++) {
    const v = sorted[Math.min(m - 1, Math.floor((q * m) / count))];
    if (v < max && (cuts.length === 0 || v > cuts[cuts.length - 1])) cuts.push(v);
  }
  return cuts;
}

/** Quantile cut points per column (from a deterministic stride sample), computed once per fit, then every row's bin. */
export function binFeatures(x: Float64Array, n: number, p: number, maxBins = 32): BinnedFeatures {
  const bins = Math.min(256, Math.max(2, maxBins));
  const stride = Math.max(1, Math.floor(n / 50_000));
  const sample = new Float64Array(Math.ceil(n / stride));
  const cuts: Float64Array[] = [];
  for (let j = 0; j < p; j++) {
    let m = 0;
    for (let i = 0; i < n; i += stride) {
      const v = x[i * p + j];
      if (!Number.isNaN(v)) sample[m++] = v;
    }
    const sorted = sample.subarray(0, m).sort();
    cuts.push(Float64Array.from(quantileCuts(sorted, bins, m > 0 ? sorted[m - 1] : 0)));
  }
  const out = new Uint8Array(n * p);
  for (let i = 0; i < n; i++) {
    for (let j = 0, o = i * p; j < p; j++) {
      const c = cuts[j];
      const v = x[o + j];
      let lo = 0;
      let hi = c.length; // first cut ≥ v, or c.length (NaN lands in the last bin, as it goes right when scored)
      if (Number.isNaN(v)) lo = hi;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (c[mid] < v) lo = mid + 1;
        else hi = mid;
      }
      out[o + j] = lo;
    }
  }
  return { cuts, bins: out };
}
