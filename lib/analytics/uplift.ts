// Holdout experiments for outreach campaigns: stratified, seeded arm assignment and the
// per-arm, per-decile uplift with Newcombe intervals, extra conversions/MRR and a Qini curve.

import { scoreDeciles } from "./deciles";
import {
  minimumDetectableEffect,
  newcombeDifference,
  twoProportionZTest,
  type ProportionEstimate,
} from "./proportions";
import { hashSeed, mulberry32, shuffleInPlace } from "@/lib/random";

export type Arm = "treatment" | "holdout";

export interface ArmAssignment {
  memberId: string;
  score: number;
  /** 1 = lowest scores … 10 = highest, as Postgres ntile(10) over score ascending. */
  decile: number;
  arm: Arm;
}

/**
 * Holds out `holdoutShare` of every score decile at random. The result depends only on the
 * set of members, the share and the seed, never on input order. Unscored members (NaN)
 * land in the lowest decile.
 */
export function assignArms(
  members: readonly { memberId: string; score: number | null }[],
  holdoutShare: number,
  seed: string | number,
): ArmAssignment[] {
  if (!(holdoutShare >= 0 && holdoutShare <= 1))
    throw new RangeError(`holdoutShare must be in [0, 1], got ${holdoutShare}`);
  const seen = new Set<string>();
  for (const m of members) {
    if (seen.has(m.memberId)) throw new RangeError(`Duplicate memberId ${m.memberId}`);
    seen.add(m.memberId);
  }
  const scored = members.map((m) => ({
    memberId: m.memberId,
    score: Number.isFinite(m.score) ? (m.score as number) : -Infinity,
  }));
  const deciles = scoreDeciles(
    scored,
    (m) => m.score,
    (m) => m.memberId,
  );
  const byDecile = new Map<number, number[]>();
  deciles.forEach((d, i) => {
    const list = byDecile.get(d);
    if (list) list.push(i);
    else byDecile.set(d, [i]);
  });
  const arms = new Array<Arm>(members.length);
  let cumulative = 0;
  let heldOut = 0;
  for (let d = 1; d <= 10; d++) {
    const idx = (byDecile.get(d) ?? []).sort((a, b) => (scored[a].memberId < scored[b].memberId ? -1 : 1));
    // Cumulative rounding keeps the overall share exact instead of rounding each decile.
    cumulative += idx.length;
    const target = Math.round(holdoutShare * cumulative) - heldOut;
    heldOut += target;
    shuffleInPlace(idx, mulberry32(hashSeed(`${seed}:decile-${d}`)));
    idx.forEach((memberIndex, k) => (arms[memberIndex] = k < target ? "holdout" : "treatment"));
  }
  return scored.map((m, i) => ({ memberId: m.memberId, score: m.score, decile: deciles[i], arm: arms[i] }));
}

/** One row per (decile, arm), as the lead's SQL groups campaign outcomes. */
export interface ArmDecileRow {
  decile: number;
  arm: Arm;
  members: number;
  conversions: number;
}

/** Tally assignments against the set of members who converted (for jobs and tests). */
export function tallyArms(
  assignments: readonly ArmAssignment[],
  converted: ReadonlySet<string>,
): ArmDecileRow[] {
  const rows = new Map<string, ArmDecileRow>();
  for (const a of assignments) {
    const key = `${a.decile}:${a.arm}`;
    const row = rows.get(key) ?? { decile: a.decile, arm: a.arm, members: 0, conversions: 0 };
    row.members++;
    if (converted.has(a.memberId)) row.conversions++;
    rows.set(key, row);
  }
  return [...rows.values()].sort((a, b) => a.decile - b.decile || a.arm.localeCompare(b.arm));
}

export interface ArmTotals {
  members: number;
  conversions: number;
  rate: number | null;
}

export interface UpliftEstimate {
  treatment: ArmTotals;
  holdout: ArmTotals;
  /** Treatment rate − holdout rate with Newcombe's hybrid score interval. */
  uplift: ProportionEstimate | null;
  pValue: number | null;
}

export interface DecileUplift extends UpliftEstimate {
  decile: number;
}

export interface QiniPoint {
  /** Share of all members targeted, highest scores first. */
  share: number;
  /** Radcliffe's Qini: treated conversions − holdout conversions × (treated ÷ held out). */
  incrementalConversions: number | null;
  /** The same quantity if members were targeted at random. */
  random: number | null;
}

export interface CampaignResult extends UpliftEstimate {
  goal: string;
  confidence: number;
  campaigns: number;
  /** Uplift × treated members, with the interval scaled alike. */
  extraConversions: ProportionEstimate | null;
  extraMrrCents: ProportionEstimate | null;
  /** Smallest lift these group sizes detect with 80% power at 5% two-sided. */
  minimumDetectableEffect: number | null;
  deciles: DecileUplift[];
  qini: QiniPoint[];
  assumptions: string[];
}

export interface CampaignOptions {
  /** Plural noun for the outcome, e.g. "upgrades". */
  goal?: string;
  avgMrrPerConversionCents?: number | null;
  confidence?: number;
}

function totals(rows: readonly ArmDecileRow[], arm: Arm): ArmTotals {
  let members = 0;
  let conversions = 0;
  for (const r of rows) {
    if (r.arm !== arm) continue;
    members += r.members;
    conversions += r.conversions;
  }
  return { members, conversions, rate: members > 0 ? conversions / members : null };
}

function estimate(rows: readonly ArmDecileRow[], confidence: number): UpliftEstimate {
  const t = totals(rows, "treatment");
  const h = totals(rows, "holdout");
  return {
    treatment: t,
    holdout: h,
    uplift: newcombeDifference(t.conversions, t.members, h.conversions, h.members, confidence),
    pValue: twoProportionZTest(t.conversions, t.members, h.conversions, h.members)?.pValue ?? null,
  };
}

function validate(rows: readonly ArmDecileRow[]): void {
  for (const r of rows) {
    const ok =
      Number.isInteger(r.members) &&
      Number.isInteger(r.conversions) &&
      r.conversions >= 0 &&
      r.conversions <= r.members;
    if (!ok) throw new RangeError(`Invalid campaign row ${JSON.stringify(r)}`);
  }
}

function scale(e: ProportionEstimate | null, factor: number, round: boolean): ProportionEstimate | null {
  if (!e || !Number.isFinite(factor)) return null;
  const f = (v: number) => (round ? Math.round(v * factor) : v * factor);
  return { estimate: f(e.estimate), lower: f(e.lower), upper: f(e.upper) };
}

/** Qini points at each decile boundary, targeting the highest-scoring deciles first. */
export function qiniCurve(rows: readonly ArmDecileRow[]): QiniPoint[] {
  const deciles = [...new Set(rows.map((r) => r.decile))].sort((a, b) => b - a);
  const all = rows.reduce((s, r) => s + r.members, 0);
  const overall = qini(totals(rows, "treatment"), totals(rows, "holdout"));
  const points: QiniPoint[] = [{ share: 0, incrementalConversions: 0, random: 0 }];
  const seen: ArmDecileRow[] = [];
  for (const d of deciles) {
    seen.push(...rows.filter((r) => r.decile === d));
    const share = all > 0 ? seen.reduce((s, r) => s + r.members, 0) / all : 0;
    points.push({
      share,
      incrementalConversions: qini(totals(seen, "treatment"), totals(seen, "holdout")),
      random: overall === null ? null : overall * share,
    });
  }
  return points;
}

function qini(t: ArmTotals, h: ArmTotals): number | null {
  return h.members > 0 ? t.conversions - (h.conversions * t.members) / h.members : null;
}

const BASE_ASSUMPTIONS = [
  "members were held out at random within score deciles",
  "one member's outcome does not affect another's",
  "both groups were measured over the same window",
];

/** Per-arm and per-decile uplift for one campaign's (decile, arm) rows. */
export function summariseCampaign(
  rows: readonly ArmDecileRow[],
  options: CampaignOptions = {},
): CampaignResult {
  validate(rows);
  const { goal = "conversions", avgMrrPerConversionCents = null, confidence = 0.95 } = options;
  const overall = estimate(rows, confidence);
  const deciles = [...new Set(rows.map((r) => r.decile))]
    .sort((a, b) => a - b)
    .map((decile) => ({
      decile,
      ...estimate(
        rows.filter((r) => r.decile === decile),
        confidence,
      ),
    }));
  const extraConversions = scale(overall.uplift, overall.treatment.members, false);
  const mrrKnown = avgMrrPerConversionCents !== null && Number.isFinite(avgMrrPerConversionCents);
  const assumptions = [...BASE_ASSUMPTIONS];
  if (mrrKnown) assumptions.push("each extra conversion is worth the average MRR per conversion");
  return {
    ...overall,
    goal,
    confidence,
    campaigns: 1,
    extraConversions,
    extraMrrCents:
      mrrKnown && extraConversions ? scale(extraConversions, avgMrrPerConversionCents as number, true) : null,
    minimumDetectableEffect:
      overall.holdout.rate === null
        ? null
        : minimumDetectableEffect(overall.holdout.rate, overall.treatment.members, overall.holdout.members),
    deciles,
    qini: qiniCurve(rows),
    assumptions,
  };
}

/**
 * Pools campaigns with the same goal by summing their arms decile by decile. Summing is only
 * fair when holdout shares are similar, so a spread of more than 5 points is called out.
 */
export function summarisePooledCampaigns(
  campaigns: readonly (readonly ArmDecileRow[])[],
  options: CampaignOptions = {},
): CampaignResult {
  const pooled = new Map<string, ArmDecileRow>();
  for (const r of campaigns.flat()) {
    const key = `${r.decile}:${r.arm}`;
    const row = pooled.get(key) ?? { decile: r.decile, arm: r.arm, members: 0, conversions: 0 };
    row.members += r.members;
    row.conversions += r.conversions;
    pooled.set(key, row);
  }
  const result = summariseCampaign([...pooled.values()], options);
  if (campaigns.length <= 1) return result;
  const shares = campaigns.map(
    (c) =>
      totals(c, "holdout").members /
      Math.max(
        1,
        c.reduce((s, r) => s + r.members, 0),
      ),
  );
  const spread = Math.max(...shares) - Math.min(...shares);
  const assumptions = [
    `${campaigns.length} campaigns with the same goal were pooled by summing their arms, so their effects are assumed similar`,
  ];
  if (spread > 0.05)
    assumptions.push(
      `holdout shares differ (${pct(Math.min(...shares))} to ${pct(Math.max(...shares))}), which can bias a pooled sum`,
    );
  return { ...result, campaigns: campaigns.length, assumptions: [...result.assumptions, ...assumptions] };
}

const pct = (v: number) => `${Math.round(v * 100)}%`;
