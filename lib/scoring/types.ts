// The input and output contract of the ranking models: flat, serialisable shapes that the
// SQL layer fills per member for one cut-off date, and that the dashboard reads back.

/** candidates: free/lower-tier members likely to upgrade; at-risk: paying members likely to downgrade or cancel. */
export const RANKING_KINDS = ["candidates", "at-risk"] as const;
export type RankingKind = (typeof RANKING_KINDS)[number];

/** Number of weekly buckets expected in `weeklyWeight` and the community series. */
export const HISTORY_WEEKS = 26;
/** Default prediction horizon: an event counts if it happens within this many weeks after the cut-off. */
export const DEFAULT_HORIZON_WEEKS = 8;

/** Counts of contribution kinds in the 4 weeks ending at the cut-off. */
export interface ContributionCounts {
  prMerged: number;
  prReview: number;
  acceptedAnswer: number;
  meetupHosted: number;
  pairing: number;
  other: number;
}

/** One member at one cut-off ("asOf"), using only data known by then. */
export interface MemberActivityInput {
  memberId: number;
  /** Weekly activity weight, oldest first; the last element is the week ending at asOf. Shorter arrays are right-aligned (missing early weeks count as 0). */
  weeklyWeight: number[];
  /** Distinct channels+sources active in the last 4 weeks. */
  breadthRecent: number;
  /** Distinct channels+sources active in the 8 weeks before the last 4. */
  breadthBaseline: number;
  contributions: ContributionCounts;
  /** Weeks since first activity or join. */
  tenureWeeks: number;
  daysSinceLastActivity: number | null;
  /** 0 = free. */
  tierRank: number;
  /** Weeks on the current paid plan; null when not paying. */
  planTenureWeeks: number | null;
  /** Paying members in the same organisation or who interacted with this member. */
  paidTies: number;
  failedPayments90d: number;
  daysSinceLastFailedPayment: number | null;
}

/** Community-wide series for the same weeks as `weeklyWeight` (passed once per batch). */
export interface CommunityContext {
  /**
   * Total activity weight of all members per week: normalises seasonal dips (December is not a decline). The last
   * (current) week's entry, like its active count, is 0 from the database (not counted: the scale never reads it,
   * see currentWeekDays).
   */
  weeklyTotal: number[];
  /** Members with any activity per week: gives the "typical active member" scale used in levels and reasons. */
  activeMembers: number[];
  /**
   * Days of the last (current) week known at the cut-off, Monday = 1 … Sunday = 7. The scale never reads that
   * week's own total or active count (they move with every import on the day): its share elapsed is this / 7.
   */
  currentWeekDays: number;
}

/**
 * Rows for one past cut-off with their outcomes. `labels[memberId]` is true when the event
 * (upgrade for candidates; downgrade/cancel for at-risk) happened within the horizon.
 * A member missing from `labels` counts as negative. Prefer the Record form: it survives JSON.
 */
export interface LabelledSet {
  /** ISO date (YYYY-MM-DD) of the cut-off. */
  cutoff: string;
  rows: MemberActivityInput[];
  labels: Map<number, boolean> | Record<number, boolean>;
  community: CommunityContext;
}

/** One plain-words reason with its contribution to the score (log-odds units, > 0 pushes up the ranking). */
export interface Reason {
  text: string;
  weight: number;
}

export interface ScoredMember {
  memberId: number;
  /** Probability (0..1) of the ranking's event within the horizon. */
  score: number;
  reasons: Reason[];
}

export function labelOf(labels: LabelledSet["labels"], memberId: number): boolean {
  if (labels instanceof Map) return labels.get(memberId) === true;
  return labels[memberId] === true;
}
