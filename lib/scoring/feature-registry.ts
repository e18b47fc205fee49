// The feature registry: every model feature once, with its plain-words label (Model page), how it is computed
// from the member's row (the SQL in lib/services/rankings/inputs.ts fills the row), the fact it states as a
// reason, and its weight in the fallback score. The matrix writer, reasons, fallback, Model page words and the
// model version all derive from this list: a new feature is one SQL column plus one entry here.
// Order matters: it is the column order of every matrix and weight vector. Counts are log1p-damped and
// recencies decay to 0..1, so features are bounded and scale-free without a training set to standardise on.
// Our own outreach is deliberately absent: whom we contacted shows whom we chose, not who wants to pay.
import type { MemberActivityInput, RankingKind } from "./types";
import { seedTrendOf, type CommunityScale } from "./weeks";

/** What every feature of one row can read, computed once per row. */
export interface RowContext {
  scale: CommunityScale;
  /** Season-normalised weekly weights, oldest first. */
  norm: Float64Array;
  /** Mean normalised weight of the last 4 weeks and of the 8 before them. */
  recent: number;
  baseline: number;
  /** Consecutive weeks (up to 8) each above the week before, ending at the as-of. */
  streak: number;
  activeWeeks: number;
}

export interface FeatureDefinition {
  name: string;
  /** Plain words for the Model page ("More {label} raises the score"). */
  label: string;
  /** The member-row fields it reads (filled by the SQL extraction). */
  reads: string;
  compute: (row: MemberActivityInput, ctx: RowContext) => number;
  /** The fact behind the feature, in words: a reason when it pushes the score up. */
  explain: (row: MemberActivityInput, ctx: RowContext) => string;
  /** Log-odds per unit in the hand-weighted fallback score, per ranking (absent = 0). */
  fallback?: Partial<Record<RankingKind, number>>;
}

const clamp = (v: number, lo: number, hi: number) => (v < lo ? lo : v > hi ? hi : v);
const safeCount = (v: number | null | undefined) => (v != null && Number.isFinite(v) && v > 0 ? v : 0);
const decay = (days: number | null, halfScale: number) =>
  days == null || !Number.isFinite(days) ? 0 : Math.exp(-Math.max(0, days) / halfScale);
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
const round1 = (v: number) => Math.round(v * 10) / 10;

function countText(count: number, one: string, many: string, none: string): string {
  const n = Math.max(0, Math.round(count || 0));
  return n === 0 ? none : `${plural(n, one, many)} in the last 4 weeks`;
}

function tenureText(weeks: number): string {
  if (weeks <= 12) return `member for ${plural(Math.round(weeks), "week", "weeks")}`;
  if (weeks < 104) return `member for ${plural(Math.round(weeks / 4.345), "month", "months")}`;
  return `member for ${round1(weeks / 52.18)} years`;
}

function inactivityText(days: number | null): string {
  if (days == null) return "no recorded activity";
  const d = Math.round(days);
  if (d <= 0) return "active today";
  if (d >= 14) return `no activity for ${d} days`;
  return `last active ${plural(d, "day", "days")} ago`;
}

/** A contribution-type count: log1p(count in the last 4 weeks). */
function contribution(
  name: string,
  key: keyof MemberActivityInput["contributions"],
  label: string,
  words: [string, string, string],
  fallback: FeatureDefinition["fallback"],
): FeatureDefinition {
  return {
    name,
    label,
    reads: `contributions.${key}`,
    compute: (row) => Math.log1p(safeCount(row.contributions?.[key])),
    explain: (row) => countText(row.contributions?.[key] ?? 0, ...words),
    fallback,
  };
}

export const FEATURES = [
  {
    name: "activityLevel",
    label: "recent activity level",
    reads: "weeklyWeight",
    compute: (_, c) => Math.log1p(c.recent / c.scale.typicalWeek),
    explain: (_, c) => {
      if (c.recent <= 0) return "no activity in the last 4 weeks";
      const ratio = c.recent / c.scale.typicalWeek;
      return ratio >= 1.05
        ? `activity in the last 4 weeks at ${round1(ratio)}× a typical active member`
        : `activity in the last 4 weeks at ${Math.round(ratio * 100)}% of a typical active member`;
    },
    fallback: { candidates: 0.5, "at-risk": -0.4 },
  },
  {
    name: "activityTrend",
    label: "activity trend against own baseline",
    reads: "weeklyWeight",
    compute: (_, c) => {
      const pseudo = 0.25 * c.scale.typicalWeek;
      return clamp(Math.log((c.recent + pseudo) / (c.baseline + pseudo)), -3, 3);
    },
    explain: (_, c) => {
      if (c.recent <= 0 && c.baseline <= 0) return "no activity in the last 12 weeks";
      if (c.baseline <= 0) return "newly active: no activity in the 8 weeks before the last 4";
      if (c.recent <= 0) return "no activity in the last 4 weeks after an active 8 weeks before";
      const pct = Math.round((c.recent / c.baseline - 1) * 100);
      if (pct === 0) return "activity flat on own 8-week baseline";
      return `activity ${pct > 0 ? "up" : "down"} ${Math.abs(pct)}% on own 8-week baseline`;
    },
    fallback: { candidates: 0.8, "at-risk": -0.8 },
  },
  {
    name: "inactivityDays",
    label: "days since last activity",
    reads: "daysSinceLastActivity",
    compute: (row) =>
      Math.log1p(row.daysSinceLastActivity == null ? 365 : clamp(row.daysSinceLastActivity, 0, 365)),
    explain: (row) => inactivityText(row.daysSinceLastActivity),
    fallback: { candidates: -0.3, "at-risk": 0.4 },
  },
  {
    name: "seedTrend",
    label: "3-week momentum (seed formula)",
    reads: "weeklyWeight",
    compute: (_, c) => Math.asinh(seedTrendOf(c.norm) / c.scale.typicalWeek),
    explain: (_, c) => {
      const trend = seedTrendOf(c.norm) / c.scale.typicalWeek;
      if (Math.abs(trend) < 0.05) return "activity steady over the last 3 weeks";
      return `activity ${trend > 0 ? "climbing" : "falling"} over the last 3 weeks (seed-formula trend ${trend > 0 ? "+" : "−"}${round1(Math.abs(trend))} typical weeks)`;
    },
  },
  {
    name: "risingStreak",
    label: "weeks of rising activity",
    reads: "weeklyWeight",
    compute: (_, c) => c.streak,
    explain: (_, c) =>
      c.streak === 0
        ? "activity did not rise in the latest week"
        : `activity rising ${plural(c.streak, "week", "weeks")} in a row`,
    fallback: { candidates: 0.15 },
  },
  {
    name: "activeWeeksShare",
    label: "share of active weeks",
    reads: "weeklyWeight",
    compute: (_, c) => (c.norm.length > 0 ? c.activeWeeks / c.norm.length : 0),
    explain: (_, c) => `active in ${c.activeWeeks} of the last ${c.norm.length} weeks`,
  },
  {
    name: "breadthRecent",
    label: "channels and sources used recently",
    reads: "breadthRecent",
    compute: (row) => Math.log1p(safeCount(row.breadthRecent)),
    explain: (row) => {
      const b = Math.round(row.breadthRecent || 0);
      return b === 0
        ? "not active in any channel in the last 4 weeks"
        : `active in ${plural(b, "channel or source", "channels or sources")} in the last 4 weeks`;
    },
    fallback: { candidates: 0.4 },
  },
  {
    name: "breadthChange",
    label: "change in channels used",
    reads: "breadthRecent, breadthBaseline",
    compute: (row) => clamp(safeCount(row.breadthRecent) - safeCount(row.breadthBaseline), -10, 10),
    explain: (row) => {
      const d = Math.round((row.breadthRecent || 0) - (row.breadthBaseline || 0));
      if (d === 0) return "active in as many channels as in the 8 weeks before";
      const n = Math.abs(d);
      return `active in ${n} ${d > 0 ? "more" : "fewer"} ${n === 1 ? "channel" : "channels"} than in the 8 weeks before`;
    },
    fallback: { candidates: 0.1, "at-risk": -0.1 },
  },
  contribution(
    "prMerged",
    "prMerged",
    "pull requests merged",
    ["pull request merged", "pull requests merged", "no pull requests merged in the last 4 weeks"],
    { candidates: 0.4, "at-risk": -0.2 },
  ),
  contribution(
    "prReview",
    "prReview",
    "pull request reviews",
    ["pull request review", "pull request reviews", "no pull request reviews in the last 4 weeks"],
    { candidates: 0.3, "at-risk": -0.2 },
  ),
  contribution(
    "acceptedAnswer",
    "acceptedAnswer",
    "accepted answers",
    ["accepted answer", "accepted answers", "no accepted answers in the last 4 weeks"],
    { candidates: 0.3, "at-risk": -0.2 },
  ),
  {
    name: "meetupHosted",
    label: "meetups hosted",
    reads: "contributions.meetupHosted",
    compute: (row) => Math.log1p(safeCount(row.contributions?.meetupHosted)),
    explain: (row) => {
      const n = Math.max(0, Math.round(row.contributions?.meetupHosted || 0));
      return n === 0
        ? "hosted no meetups in the last 4 weeks"
        : `hosted ${plural(n, "meetup", "meetups")} in the last 4 weeks`;
    },
    fallback: { candidates: 0.5, "at-risk": -0.2 },
  },
  contribution(
    "pairing",
    "pairing",
    "pairing sessions",
    ["pairing session", "pairing sessions", "no pairing sessions in the last 4 weeks"],
    { candidates: 0.3 },
  ),
  contribution(
    "otherContributions",
    "other",
    "other contributions",
    ["other contribution", "other contributions", "no other contributions in the last 4 weeks"],
    { candidates: 0.1 },
  ),
  {
    name: "tenure",
    label: "membership tenure",
    reads: "tenureWeeks",
    compute: (row) => Math.log1p(safeCount(row.tenureWeeks)),
    explain: (row) => tenureText(row.tenureWeeks || 0),
  },
  {
    name: "tierRank",
    label: "current tier",
    reads: "tierRank",
    compute: (row) => safeCount(row.tierRank),
    explain: (row) => (row.tierRank > 0 ? `on paid tier ${row.tierRank}` : "on the free tier"),
  },
  {
    name: "planTenure",
    label: "time on current plan",
    reads: "planTenureWeeks",
    compute: (row) => Math.log1p(safeCount(row.planTenureWeeks)),
    explain: (row) =>
      row.planTenureWeeks == null
        ? "not on a paid plan"
        : `on the current plan for ${plural(Math.round(row.planTenureWeeks), "week", "weeks")}`,
    fallback: { "at-risk": -0.2 },
  },
  {
    name: "paidTies",
    label: "ties to paying members",
    reads: "paidTies",
    compute: (row) => Math.log1p(safeCount(row.paidTies)),
    explain: (row) => {
      const n = Math.round(row.paidTies || 0);
      return n === 0
        ? "no ties to paying members"
        : `connected to ${plural(n, "paying member", "paying members")} (same organisation or interactions)`;
    },
    fallback: { candidates: 0.5, "at-risk": -0.4 },
  },
  {
    name: "failedPayments",
    label: "failed payments (90 days)",
    reads: "failedPayments90d",
    compute: (row) => Math.log1p(safeCount(row.failedPayments90d)),
    explain: (row) => {
      const n = Math.round(row.failedPayments90d || 0);
      return n === 0
        ? "no failed payments in the last 90 days"
        : `${plural(n, "failed payment", "failed payments")} in the last 90 days`;
    },
    fallback: { "at-risk": 0.8 },
  },
  {
    name: "failedPaymentRecency",
    label: "a recent failed payment",
    reads: "daysSinceLastFailedPayment",
    compute: (row) => decay(row.daysSinceLastFailedPayment, 14),
    explain: (row) => {
      const d = row.daysSinceLastFailedPayment;
      if (d == null) return "no recent failed payment";
      return Math.round(d) <= 0
        ? "payment failed today"
        : `payment failed ${plural(Math.round(d), "day", "days")} ago`;
    },
    fallback: { "at-risk": 2 },
  },
  {
    name: "activityChange",
    label: "rise in weekly activity against the 8 weeks before",
    reads: "weeklyWeight",
    compute: (_, c) => clamp((c.recent - c.baseline) / c.scale.typicalWeek, -10, 10),
    explain: (_, c) => {
      const change = (c.recent - c.baseline) / c.scale.typicalWeek;
      if (Math.abs(change) < 0.05) return "weekly activity about the same as the 8 weeks before";
      return `weekly activity ${change > 0 ? "up" : "down"} by ${round1(Math.abs(change))} typical active weeks on the 8 weeks before`;
    },
  },
] as const satisfies readonly FeatureDefinition[];

export type FeatureName = (typeof FEATURES)[number]["name"];

/** A short stable fingerprint of the feature list (names in order): part of the model version. */
export function featureFingerprint(): string {
  let h = 2166136261;
  for (const ch of FEATURES.map((f) => f.name).join(",")) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  return (h >>> 0).toString(36);
}
