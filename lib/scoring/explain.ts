// Plain-words reasons for a ranked member: the features that pushed the score up most, each phrased
// as a fact about the member ("activity down 60% on own 8-week baseline"), so it reads right in either ranking.
import { FEATURE_NAMES, fillNormalisedWeeks, seedTrendOf, windowMean, type CommunityScale, type FeatureName } from "./features";
import type { MemberActivityInput, Reason } from "./types";

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
const round1 = (v: number) => Math.round(v * 10) / 10;

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

function countText(count: number, one: string, many: string, none: string): string {
  const n = Math.max(0, Math.round(count || 0));
  return n === 0 ? none : `${plural(n, one, many)} in the last 4 weeks`;
}

/** The fact behind one feature, in words. `norm` is scratch of length scale.weeks. */
export function reasonText(
  feature: FeatureName,
  row: MemberActivityInput,
  scale: CommunityScale,
  norm: Float64Array = new Float64Array(scale.weeks),
): string {
  const c = row.contributions;
  switch (feature) {
    case "activityLevel":
    case "activityTrend":
    case "activityChange":
    case "seedTrend":
    case "risingStreak":
    case "activeWeeksShare": {
      fillNormalisedWeeks(row, scale, norm);
      const w = norm.length;
      const recent = windowMean(norm, w - 4, w);
      const baseline = windowMean(norm, w - 12, w - 4);
      if (feature === "activityLevel") {
        if (recent <= 0) return "no activity in the last 4 weeks";
        const ratio = recent / scale.typicalWeek;
        return ratio >= 1.05
          ? `activity in the last 4 weeks at ${round1(ratio)}× a typical active member`
          : `activity in the last 4 weeks at ${Math.round(ratio * 100)}% of a typical active member`;
      }
      if (feature === "activityTrend") {
        if (recent <= 0 && baseline <= 0) return "no activity in the last 12 weeks";
        if (baseline <= 0) return "newly active: no activity in the 8 weeks before the last 4";
        if (recent <= 0) return "no activity in the last 4 weeks after an active 8 weeks before";
        const pct = Math.round((recent / baseline - 1) * 100);
        if (pct === 0) return "activity flat on own 8-week baseline";
        return `activity ${pct > 0 ? "up" : "down"} ${Math.abs(pct)}% on own 8-week baseline`;
      }
      if (feature === "activityChange") {
        const change = (recent - baseline) / scale.typicalWeek;
        if (Math.abs(change) < 0.05) return "weekly activity about the same as the 8 weeks before";
        return `weekly activity ${change > 0 ? "up" : "down"} by ${round1(Math.abs(change))} typical active weeks on the 8 weeks before`;
      }
      if (feature === "seedTrend") {
        const trend = seedTrendOf(norm) / scale.typicalWeek;
        if (Math.abs(trend) < 0.05) return "activity steady over the last 3 weeks";
        return `activity ${trend > 0 ? "climbing" : "falling"} over the last 3 weeks (seed-formula trend ${trend > 0 ? "+" : "−"}${round1(Math.abs(trend))} typical weeks)`;
      }
      if (feature === "risingStreak") {
        let streak = 0;
        for (let t = w - 1; t > 0 && streak < 8 && norm[t] > norm[t - 1]; t--) streak++;
        return streak === 0 ? "activity did not rise in the latest week" : `activity rising ${plural(streak, "week", "weeks")} in a row`;
      }
      let active = 0;
      for (let t = 0; t < w; t++) if (norm[t] > 0) active++;
      return `active in ${active} of the last ${w} weeks`;
    }
    case "inactivityDays":
      return inactivityText(row.daysSinceLastActivity);
    case "breadthRecent": {
      const b = Math.round(row.breadthRecent || 0);
      return b === 0 ? "not active in any channel in the last 4 weeks" : `active in ${plural(b, "channel or source", "channels or sources")} in the last 4 weeks`;
    }
    case "breadthChange": {
      const d = Math.round((row.breadthRecent || 0) - (row.breadthBaseline || 0));
      if (d === 0) return "active in as many channels as in the 8 weeks before";
      const n = Math.abs(d);
      return `active in ${n} ${d > 0 ? "more" : "fewer"} ${n === 1 ? "channel" : "channels"} than in the 8 weeks before`;
    }
    case "prMerged":
      return countText(c?.prMerged, "pull request merged", "pull requests merged", "no pull requests merged in the last 4 weeks");
    case "prReview":
      return countText(c?.prReview, "pull request review", "pull request reviews", "no pull request reviews in the last 4 weeks");
    case "acceptedAnswer":
      return countText(c?.acceptedAnswer, "accepted answer", "accepted answers", "no accepted answers in the last 4 weeks");
    case "meetupHosted": {
      const n = Math.max(0, Math.round(c?.meetupHosted || 0));
      return n === 0 ? "hosted no meetups in the last 4 weeks" : `hosted ${plural(n, "meetup", "meetups")} in the last 4 weeks`;
    }
    case "pairing":
      return countText(c?.pairing, "pairing session", "pairing sessions", "no pairing sessions in the last 4 weeks");
    case "otherContributions":
      return countText(c?.other, "other contribution", "other contributions", "no other contributions in the last 4 weeks");
    case "tenure":
      return tenureText(row.tenureWeeks || 0);
    case "tierRank":
      return row.tierRank > 0 ? `on paid tier ${row.tierRank}` : "on the free tier";
    case "planTenure":
      return row.planTenureWeeks == null
        ? "not on a paid plan"
        : `on the current plan for ${plural(Math.round(row.planTenureWeeks), "week", "weeks")}`;
    case "paidTies": {
      const n = Math.round(row.paidTies || 0);
      return n === 0 ? "no ties to paying members" : `connected to ${plural(n, "paying member", "paying members")} (same organisation or interactions)`;
    }
    case "failedPayments": {
      const n = Math.round(row.failedPayments90d || 0);
      return n === 0 ? "no failed payments in the last 90 days" : `${plural(n, "failed payment", "failed payments")} in the last 90 days`;
    }
    case "failedPaymentRecency": {
      const d = row.daysSinceLastFailedPayment;
      if (d == null) return "no recent failed payment";
      return Math.round(d) <= 0 ? "payment failed today" : `payment failed ${plural(Math.round(d), "day", "days")} ago`;
    }
  }
}

/** Contributions below this round to a weight of 0.000: too small to be a reason. */
const NEGLIGIBLE = 5e-4;

/** Indices of the `limit` largest positive contributions, largest first (ties by feature order). */
export function topContributions(contributions: ArrayLike<number>, limit: number): number[] {
  const picked: number[] = [];
  for (let r = 0; r < limit; r++) {
    let best = -1;
    for (let j = 0; j < contributions.length; j++) {
      if (contributions[j] < NEGLIGIBLE || picked.includes(j)) continue;
      if (best < 0 || contributions[j] > contributions[best]) best = j;
    }
    if (best < 0) break;
    picked.push(best);
  }
  return picked;
}

/**
 * Reasons from per-feature contributions (log-odds relative to the average training member).
 * Only features that raise the score are reasons; a member with none gets an empty list.
 */
export function explainContributions(
  row: MemberActivityInput,
  contributions: ArrayLike<number>,
  scale: CommunityScale,
  limit = 3,
  norm: Float64Array = new Float64Array(scale.weeks),
): Reason[] {
  return topContributions(contributions, limit).map((j) => ({
    text: reasonText(FEATURE_NAMES[j], row, scale, norm),
    weight: Math.round(contributions[j] * 1000) / 1000,
  }));
}
