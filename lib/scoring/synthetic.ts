// A seeded synthetic community for tests, demos and benchmarks: members with latent momentum whose
// upgrades follow rising, broad, contributing activity (and churn follows decline and failed payments).
import type { LabelledSet, MemberActivityInput } from "./types";
import { mulberry32 } from "@/lib/random";

export interface SyntheticOptions {
  members?: number;
  seed?: number;
  /** Number of labelled cut-offs. */
  cutoffs?: number;
  cutoffEveryWeeks?: number;
  horizonWeeks?: number;
  /** Added to both event log-odds: negative values make positives scarce. */
  hazardShift?: number;
  /** ISO date of the first simulated week's start. */
  startDate?: string;
}

export interface SyntheticCommunity {
  candidates: LabelledSet[];
  atRisk: LabelledSet[];
}

/** Deterministic stream: mulberry32 with Box–Muller normals and Poisson draws. */
export class SeededRandom {
  private readonly draw: () => number;
  constructor(seed: number) {
    this.draw = mulberry32(seed);
  }
  next(): number {
    return this.draw();
  }
  normal(): number {
    const u = Math.max(this.next(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }
  poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.normal()));
    const limit = Math.exp(-mean);
    let k = 0;
    for (let p = this.next(); p > limit; p *= this.next()) k++;
    return k;
  }
}

const HISTORY = 26;
const CHANNELS = 10;
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
const popcount = (v: number) => {
  let c = 0;
  for (; v; v &= v - 1) c++;
  return c;
};

export function generateSyntheticCommunity(opts: SyntheticOptions = {}): SyntheticCommunity {
  const n = opts.members ?? 3000;
  const rng = new SeededRandom(opts.seed ?? 42);
  const cutoffCount = opts.cutoffs ?? 8;
  const every = opts.cutoffEveryWeeks ?? 4;
  const horizon = opts.horizonWeeks ?? 8;
  const shift = opts.hazardShift ?? 0;
  const weeks = HISTORY + (cutoffCount - 1) * every + horizon;
  const start = Date.parse(opts.startDate ?? "2023-01-02");

  const weight = new Float64Array(n * weeks);
  const channels = new Uint16Array(n * weeks);
  const contrib = new Uint8Array(n * weeks * 6);
  const tier = new Int8Array(n * weeks);
  const planStart = new Int32Array(n * weeks);
  const failed = new Uint8Array(n * weeks);
  const outreach = new Uint8Array(n * weeks);
  const joinWeek = new Int32Array(n);
  const paidTies = new Int32Array(n);
  const momentum = new Float64Array(weeks);

  for (let i = 0; i < n; i++) {
    const level = rng.next() < 0.3 ? 0.3 : 3 * Math.exp(0.8 * rng.normal());
    const developer = rng.next() ** 2;
    const helper = rng.next();
    const breadthTaste = 0.3 + 1.2 * rng.next();
    const rates = [0.35 * developer, 0.35 * developer, 0.12 * helper, 0.01, 0.05, 0.1];
    joinWeek[i] = rng.next() < 0.3 ? Math.floor(rng.next() * (weeks - 20)) : 0;
    paidTies[i] = rng.poisson(0.6);
    let currentTier = rng.next() < 0.25 ? (rng.next() < 0.7 ? 1 : 2) : 0;
    let currentPlanStart = 0;
    let m = 0;
    for (let t = 0; t < weeks; t++) {
      const o = i * weeks + t;
      m = 0.85 * m + 0.3 * rng.normal();
      if (rng.next() < 0.03) m += 1;
      if (rng.next() < 0.03) m -= 1;
      momentum[t] = m;
      // Late-December lull for everyone: normalisation must not read it as personal decline.
      const season = 1 - 0.5 * Math.exp(-(((t % 52) - 50) ** 2) / 4);
      const active = t >= joinWeek[i];
      const intensity = active ? Math.exp(m) : 0;
      weight[o] = rng.poisson(level * intensity * season);
      let mask = 0;
      for (let c = 0; c < CHANNELS; c++)
        if (rng.next() < 1 - Math.exp(-0.12 * breadthTaste * weight[o])) mask |= 1 << c;
      channels[o] = mask;
      for (let k = 0; k < 6; k++) contrib[o * 6 + k] = Math.min(255, rng.poisson(rates[k] * intensity));
      failed[o] = currentTier > 0 && rng.next() < 0.012 ? 1 : 0;
      outreach[o] = active && rng.next() < 0.01 ? 1 : 0;

      if (active && t >= 8) {
        let breadth4 = 0;
        let contrib4 = 0;
        let recentFail = 0;
        for (let s = Math.max(0, t - 3); s <= t; s++) {
          breadth4 |= channels[i * weeks + s];
          for (let k = 0; k < 4; k++) contrib4 += contrib[(i * weeks + s) * 6 + k];
          recentFail |= failed[i * weeks + s];
        }
        const rise = m - momentum[t - 8];
        if (currentTier < 2) {
          const z =
            -7.6 +
            shift +
            1.4 * rise +
            0.2 * m +
            0.25 * popcount(breadth4) +
            0.6 * Math.log1p(contrib4) +
            0.6 * Math.log1p(paidTies[i]);
          if (rng.next() < sigmoid(z)) {
            currentTier++;
            currentPlanStart = t;
          }
        }
        if (currentTier > 0 && currentPlanStart !== t) {
          const z =
            -5.6 +
            shift -
            1.4 * rise -
            0.4 * m +
            2.5 * recentFail -
            0.5 * Math.log1p(paidTies[i]) -
            0.4 * Math.log1p(contrib4);
          if (rng.next() < sigmoid(z)) {
            currentTier--;
            currentPlanStart = t;
          }
        }
      }
      tier[o] = currentTier;
      planStart[o] = currentPlanStart;
    }
  }

  const candidates: LabelledSet[] = [];
  const atRisk: LabelledSet[] = [];
  for (let k = 0; k < cutoffCount; k++) {
    const c = HISTORY - 1 + k * every;
    const weeklyTotal = new Array<number>(HISTORY).fill(0);
    const activeMembers = new Array<number>(HISTORY).fill(0);
    for (let i = 0; i < n; i++)
      for (let w = 0; w < HISTORY; w++) {
        const v = weight[i * weeks + c - HISTORY + 1 + w];
        weeklyTotal[w] += v;
        if (v > 0) activeMembers[w]++;
      }
    // Cut-offs fall at the end of a generated week: its 7 days are known.
    const community = { weeklyTotal, activeMembers, currentWeekDays: 7 };
    const cutoff = new Date(start + (c + 1) * 7 * 86_400_000).toISOString().slice(0, 10);
    const cand: LabelledSet = { cutoff, rows: [], labels: {}, community };
    const risk: LabelledSet = { cutoff, rows: [], labels: {}, community };
    for (let i = 0; i < n; i++) {
      if (joinWeek[i] > c) continue;
      const row = memberRow(i, c);
      const tierNow = tier[i * weeks + c];
      let up = false;
      let down = false;
      for (let t = c + 1; t <= c + horizon; t++) {
        if (tier[i * weeks + t] > tier[i * weeks + t - 1]) up = true;
        if (tier[i * weeks + t] < tier[i * weeks + t - 1]) down = true;
      }
      if (tierNow < 2) {
        cand.rows.push(row);
        (cand.labels as Record<number, boolean>)[i + 1] = up;
      }
      if (tierNow > 0) {
        risk.rows.push(row);
        (risk.labels as Record<number, boolean>)[i + 1] = down;
      }
    }
    candidates.push(cand);
    atRisk.push(risk);
  }
  return { candidates, atRisk };

  function memberRow(i: number, c: number): MemberActivityInput {
    const base = i * weeks;
    const weeklyWeight = Array.from(weight.subarray(base + c - HISTORY + 1, base + c + 1));
    let recentMask = 0;
    let baselineMask = 0;
    const sums = [0, 0, 0, 0, 0, 0];
    for (let t = c - 11; t <= c; t++) {
      if (t >= c - 3) {
        recentMask |= channels[base + t];
        for (let k = 0; k < 6; k++) sums[k] += contrib[(base + t) * 6 + k];
      } else baselineMask |= channels[base + t];
    }
    const lastWhere = (arr: Uint8Array | Float64Array, from: number) => {
      for (let t = c; t >= from; t--) if (arr[base + t] > 0) return t;
      return -1;
    };
    const countSince = (arr: Uint8Array, from: number) => {
      let s = 0;
      for (let t = Math.max(0, from); t <= c; t++) s += arr[base + t];
      return s;
    };
    const lastActive = lastWhere(weight, joinWeek[i]);
    const lastFailed = lastWhere(failed, 0);
    const tierNow = tier[base + c];
    return {
      memberId: i + 1,
      weeklyWeight,
      breadthRecent: popcount(recentMask),
      breadthBaseline: popcount(baselineMask),
      contributions: {
        prMerged: sums[0],
        prReview: sums[1],
        acceptedAnswer: sums[2],
        meetupHosted: sums[3],
        pairing: sums[4],
        other: sums[5],
      },
      tenureWeeks: c - joinWeek[i] + 1,
      daysSinceLastActivity: lastActive < 0 ? null : (c - lastActive) * 7 + 3,
      tierRank: tierNow,
      planTenureWeeks: tierNow > 0 ? c - planStart[base + c] + 1 : null,
      paidTies: paidTies[i],
      failedPayments90d: countSince(failed, c - 12),
      daysSinceLastFailedPayment: lastFailed < 0 || c - lastFailed > 52 ? null : (c - lastFailed) * 7 + 3,
    };
  }
}
