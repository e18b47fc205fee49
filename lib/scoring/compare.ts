// Compares rankers on the same out-of-time rows with a paired bootstrap over cut-offs and members, so a
// "win" is claimed only where the 95% interval of the difference excludes zero; anything else is a tie.

/** One evaluated cut-off: labels and every ranker's scores over the same rows (higher = ranked first). */
export interface EvaluatedCutoff {
  cutoff: string;
  labels: Uint8Array;
  /** Row ids, for deterministic tie-breaking in top-k. */
  ids: Float64Array;
  scores: Record<string, Float64Array>;
}

export type ComparedMetric = "auc" | "precisionAt20" | "precisionAt50";
export const COMPARED_METRICS: readonly ComparedMetric[] = ["auc", "precisionAt20", "precisionAt50"];

export interface Interval {
  estimate: number | null;
  low: number | null;
  high: number | null;
}

/** "win" / "loss" only when the interval excludes zero. */
export type Verdict = "win" | "loss" | "tie" | "unknown";

export function verdictOf(interval: Interval): Verdict {
  if (interval.low == null || interval.high == null) return "unknown";
  if (interval.low > 0) return "win";
  if (interval.high < 0) return "loss";
  return "tie";
}

/**
 * One ranker's rows on one cut-off, ordered once for every bootstrap replicate: ascending by score with each
 * tie group's end (for the AUC) and the labels in that order; descending by score then id (for top-k).
 */
interface Ordered {
  asc: Uint32Array;
  ascLabels: Uint8Array;
  /** Exclusive end (in `asc`) of each group of equal scores, in ascending order. */
  groupEnds: Uint32Array;
  desc: Uint32Array;
}

function orders(scores: Float64Array, ids: Float64Array, labels: Uint8Array): Ordered {
  const n = scores.length;
  const asc = new Uint32Array(n);
  for (let i = 0; i < n; i++) asc[i] = i;
  asc.sort((a, b) => scores[a] - scores[b]);
  const desc = new Uint32Array(n);
  for (let i = 0; i < n; i++) desc[i] = i;
  desc.sort((a, b) => scores[b] - scores[a] || ids[a] - ids[b]);
  const ascLabels = new Uint8Array(n);
  const ends: number[] = [];
  for (let r = 0; r < n; r++) {
    ascLabels[r] = labels[asc[r]];
    if (r + 1 === n || scores[asc[r + 1]] !== scores[asc[r]]) ends.push(r + 1);
  }
  return { asc, ascLabels, groupEnds: Uint32Array.from(ends), desc };
}

/** Weighted Mann–Whitney AUC in one pass over the ascending order (ties count half). */
function weightedAuc(o: Ordered, w: Float64Array): number | null {
  const { asc, ascLabels, groupEnds } = o;
  let negBelow = 0;
  let sum = 0;
  let pos = 0;
  let neg = 0;
  let r = 0;
  for (let g = 0; g < groupEnds.length; g++) {
    const end = groupEnds[g];
    let gp = 0;
    let gn = 0;
    for (; r < end; r++) {
      if (ascLabels[r]) gp += w[asc[r]];
      else gn += w[asc[r]];
    }
    sum += gp * (negBelow + 0.5 * gn);
    negBelow += gn;
    pos += gp;
    neg += gn;
  }
  return pos > 0 && neg > 0 ? sum / (pos * neg) : null;
}

/** Weighted precision in the first k (by weight) of the descending order. */
function weightedPrecision(labels: Uint8Array, desc: Uint32Array, w: Float64Array, k: number): number | null {
  let taken = 0;
  let hits = 0;
  for (let i = 0; i < desc.length && taken < k; i++) {
    const r = desc[i];
    const take = Math.min(w[r], k - taken);
    taken += take;
    if (labels[r]) hits += take;
  }
  return taken > 0 ? hits / taken : null;
}

function metricOf(metric: ComparedMetric, labels: Uint8Array, o: Ordered, w: Float64Array) {
  if (metric === "auc") return weightedAuc(o, w);
  return weightedPrecision(labels, o.desc, w, metric === "precisionAt20" ? 20 : 50);
}

/**
 * Small seeded generator (mulberry32): the same data always gives the same intervals. The member weights are drawn
 * by poissonWeights, the same steps inlined on a local copy of the state (a call per draw cost more than the draw).
 */
class Stream {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  next(): number {
    const s = (this.s = (this.s + 0x6d2b79f5) | 0);
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** One Poisson(1) draw per row (the member bootstrap's multinomial counts): multiply uniforms until below e^−1. */
  poissonWeights(w: Float64Array): void {
    const limit = Math.exp(-1);
    let s = this.s;
    for (let i = 0; i < w.length; i++) {
      let k = 0;
      s = (s + 0x6d2b79f5) | 0;
      let t = Math.imul(s ^ (s >>> 15), s | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      let p = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
      while (p > limit) {
        k++;
        s = (s + 0x6d2b79f5) | 0;
        t = Math.imul(s ^ (s >>> 15), s | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        p *= ((t ^ (t >>> 14)) >>> 0) / 4294967296;
      }
      w[i] = k;
    }
    this.s = s;
  }
}

/** The seeded draws compareRankers makes, for tests: n uniforms, then the Poisson(1) weights of `rows` rows. */
export function bootstrapDraws(seed: number, uniforms: number, rows: number): number[] {
  const stream = new Stream(seed);
  const out = Array.from({ length: uniforms }, () => stream.next());
  const w = new Float64Array(rows);
  stream.poissonWeights(w);
  return [...out, ...w];
}

export interface RankerSummary {
  /** Mean over cut-offs of each metric (cut-offs where it is undefined are skipped). */
  means: Record<ComparedMetric, number | null>;
}

export interface Comparison {
  rankers: Record<string, RankerSummary>;
  /** Per challenger: the interval of (challenger − reference) for each metric. */
  differences: Record<string, Record<ComparedMetric, Interval>>;
  reference: string;
  replicates: number;
}

function means(
  cutoffs: readonly EvaluatedCutoff[],
  prepared: readonly Record<string, Ordered>[],
  name: string,
): Record<ComparedMetric, number | null> {
  const out = {} as Record<ComparedMetric, number | null>;
  for (const metric of COMPARED_METRICS) {
    const values: number[] = [];
    for (let ci = 0; ci < cutoffs.length; ci++) {
      const c = cutoffs[ci];
      const v = metricOf(metric, c.labels, prepared[ci][name], new Float64Array(c.labels.length).fill(1));
      if (v != null) values.push(v);
    }
    out[metric] = values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
  }
  return out;
}

/** Every ranker's orders on every cut-off (opaque): compareRankers takes them, so two comparisons sort once. */
export type OrderedRankers = readonly Record<string, Ordered>[];

export function orderRankers(cutoffs: readonly EvaluatedCutoff[], names: readonly string[]): OrderedRankers {
  return cutoffs.map(
    (c) =>
      Object.fromEntries(names.map((n) => [n, orders(c.scores[n], c.ids, c.labels)])) as Record<
        string,
        Ordered
      >,
  );
}

/**
 * Means per ranker, and a paired bootstrap of each challenger minus `reference`: each replicate draws the
 * cut-offs with replacement and, within each, members by Poisson(1) weights shared by every ranker.
 */
export function compareRankers(
  cutoffs: readonly EvaluatedCutoff[],
  names: readonly string[],
  reference: string,
  opts: { replicates?: number; seed?: number; ordered?: OrderedRankers } = {},
): Comparison {
  const replicates = opts.replicates ?? 400;
  const stream = new Stream(opts.seed ?? 17);
  const prepared = opts.ordered ?? orderRankers(cutoffs, names);
  const rankers: Record<string, RankerSummary> = {};
  for (const name of names) rankers[name] = { means: means(cutoffs, prepared, name) };
  const challengers = names.filter((n) => n !== reference);
  const weights = cutoffs.map((c) => new Float64Array(c.labels.length));
  const draws: Record<string, Record<ComparedMetric, number[]>> = {};
  for (const name of challengers) draws[name] = { auc: [], precisionAt20: [], precisionAt50: [] };
  for (let b = 0; b < replicates && cutoffs.length > 0; b++) {
    const sums: Record<string, Record<ComparedMetric, { s: number; k: number }>> = {};
    for (const name of challengers)
      sums[name] = { auc: { s: 0, k: 0 }, precisionAt20: { s: 0, k: 0 }, precisionAt50: { s: 0, k: 0 } };
    for (let d = 0; d < cutoffs.length; d++) {
      const ci = Math.floor(stream.next() * cutoffs.length);
      const c = cutoffs[ci];
      const w = weights[ci];
      stream.poissonWeights(w);
      for (const metric of COMPARED_METRICS) {
        const ref = metricOf(metric, c.labels, prepared[ci][reference], w);
        if (ref == null) continue;
        for (const name of challengers) {
          const v = metricOf(metric, c.labels, prepared[ci][name], w);
          if (v == null) continue;
          sums[name][metric].s += v - ref;
          sums[name][metric].k++;
        }
      }
    }
    for (const name of challengers)
      for (const metric of COMPARED_METRICS)
        if (sums[name][metric].k > 0) draws[name][metric].push(sums[name][metric].s / sums[name][metric].k);
  }
  const differences: Comparison["differences"] = {};
  for (const name of challengers) {
    differences[name] = {} as Record<ComparedMetric, Interval>;
    for (const metric of COMPARED_METRICS) {
      const a = rankers[name].means[metric];
      const r = rankers[reference].means[metric];
      const sorted = draws[name][metric].sort((x, y) => x - y);
      const q = (p: number) =>
        sorted.length >= 20 ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] : null;
      differences[name][metric] = {
        estimate: a != null && r != null ? a - r : null,
        low: q(0.025),
        high: q(0.975),
      };
    }
  }
  return { rankers, differences, reference, replicates };
}
