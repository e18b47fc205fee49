import { describe, expect, it } from "vitest";
import { explainContributions, reasonText, topContributions } from "./explain";
import { communityScale, type FeatureName } from "./features";
import { scoreMembers, trainRankingModel } from "./model";
import { flatCommunity, makeRow, weeks } from "./test-fixtures";
import type { MemberActivityInput } from "./types";

const scale = communityScale(flatCommunity);

describe("reasonText", () => {
  it.each<{ feature: FeatureName; row: Partial<MemberActivityInput>; text: string }>([
    {
      feature: "activityTrend",
      row: { weeklyWeight: weeks(10, 24) },
      text: "activity up 140% on own 8-week baseline",
    },
    {
      feature: "activityTrend",
      row: { weeklyWeight: weeks(20, 5) },
      text: "activity down 75% on own 8-week baseline",
    },
    {
      feature: "activityTrend",
      row: { weeklyWeight: weeks(0, 5) },
      text: "newly active: no activity in the 8 weeks before the last 4",
    },
    {
      feature: "activityTrend",
      row: { weeklyWeight: weeks(0, 0) },
      text: "no activity in the last 12 weeks",
    },
    {
      feature: "activityLevel",
      row: { weeklyWeight: weeks(10, 25) },
      text: "activity in the last 4 weeks at 2.5× a typical active member",
    },
    {
      feature: "activityLevel",
      row: { weeklyWeight: weeks(10, 3) },
      text: "activity in the last 4 weeks at 30% of a typical active member",
    },
    { feature: "inactivityDays", row: { daysSinceLastActivity: 23 }, text: "no activity for 23 days" },
    { feature: "inactivityDays", row: { daysSinceLastActivity: 1 }, text: "last active 1 day ago" },
    { feature: "inactivityDays", row: { daysSinceLastActivity: null }, text: "no recorded activity" },
    {
      feature: "prMerged",
      row: {
        contributions: { prMerged: 2, prReview: 0, acceptedAnswer: 0, meetupHosted: 0, pairing: 0, other: 0 },
      },
      text: "2 pull requests merged in the last 4 weeks",
    },
    { feature: "prMerged", row: {}, text: "no pull requests merged in the last 4 weeks" },
    {
      feature: "meetupHosted",
      row: {
        contributions: { prMerged: 0, prReview: 0, acceptedAnswer: 0, meetupHosted: 1, pairing: 0, other: 0 },
      },
      text: "hosted 1 meetup in the last 4 weeks",
    },
    {
      feature: "failedPaymentRecency",
      row: { daysSinceLastFailedPayment: 5 },
      text: "payment failed 5 days ago",
    },
    {
      feature: "failedPayments",
      row: { failedPayments90d: 2 },
      text: "2 failed payments in the last 90 days",
    },
    {
      feature: "breadthChange",
      row: { breadthRecent: 5, breadthBaseline: 2 },
      text: "active in 3 more channels than in the 8 weeks before",
    },
    {
      feature: "breadthChange",
      row: { breadthRecent: 1, breadthBaseline: 2 },
      text: "active in 1 fewer channel than in the 8 weeks before",
    },
    {
      feature: "paidTies",
      row: { paidTies: 1 },
      text: "connected to 1 paying member (same organisation or interactions)",
    },
    { feature: "tenure", row: { tenureWeeks: 6 }, text: "member for 6 weeks" },
    { feature: "tierRank", row: { tierRank: 0 }, text: "on the free tier" },
  ])("$feature → $text", ({ feature, row, text }) => {
    expect(reasonText(feature, makeRow(row), scale)).toBe(text);
  });
});

describe("topContributions / explainContributions", () => {
  it.each([
    { contributions: [0.1, 0.5, -2, 0.3, 0], limit: 3, expected: [1, 3, 0] },
    { contributions: [-1, 0, -0.5], limit: 3, expected: [] },
    { contributions: [0.2, 0.2, 0.1], limit: 2, expected: [0, 1] },
  ])("$contributions → $expected", ({ contributions, limit, expected }) => {
    expect(topContributions(contributions, limit)).toEqual(expected);
  });

  it("pairs each reason with its weight", () => {
    const c = new Float64Array(30);
    c[1] = 0.8; // activityTrend
    const reasons = explainContributions(makeRow({ weeklyWeight: weeks(10, 24) }), c, scale);
    expect(reasons).toEqual([{ text: "activity up 140% on own 8-week baseline", weight: 0.8 }]);
  });
});

describe("reasons read right for each ranking", () => {
  // A plain population to centre the fallback weights on; no positives, so both models fall back.
  const population = Array.from({ length: 50 }, (_, i) => makeRow({ memberId: 100 + i }));
  const set = { cutoff: "2024-01-01", rows: population, labels: {}, community: flatCommunity };

  it("candidates: a rise and contributions are the reasons", () => {
    const model = trainRankingModel("candidates", [set]);
    expect(model.method).toBe("fallback");
    const rising = makeRow({
      memberId: 1,
      weeklyWeight: weeks(10, 24),
      contributions: { prMerged: 2, prReview: 0, acceptedAnswer: 0, meetupHosted: 0, pairing: 0, other: 0 },
    });
    const [first] = scoreMembers(model, [rising, makeRow({ memberId: 2 })], flatCommunity);
    expect(first.memberId).toBe(1);
    const texts = first.reasons.map((r) => r.text);
    expect(texts).toContain("activity up 140% on own 8-week baseline");
    expect(texts).toContain("2 pull requests merged in the last 4 weeks");
    expect(first.reasons.every((r) => r.weight > 0)).toBe(true);
    expect(first.reasons.map((r) => r.weight)).toEqual(
      [...first.reasons.map((r) => r.weight)].sort((a, b) => b - a),
    );
  });

  it("at-risk: a drop, silence and a failed payment are the reasons; a rise is not", () => {
    const model = trainRankingModel("at-risk", [set]);
    const failing = makeRow({
      memberId: 1,
      weeklyWeight: weeks(20, 5),
      daysSinceLastActivity: 23,
      failedPayments90d: 1,
      daysSinceLastFailedPayment: 5,
    });
    const rising = makeRow({ memberId: 2, weeklyWeight: weeks(10, 24) });
    const ranked = scoreMembers(model, [rising, failing], flatCommunity);
    expect(ranked[0].memberId).toBe(1);
    expect(ranked[0].reasons.map((r) => r.text)).toEqual([
      "payment failed 5 days ago",
      "activity down 75% on own 8-week baseline",
      "no activity for 23 days",
    ]);
    expect(ranked[1].reasons.map((r) => r.text).join(" ")).not.toMatch(/up \d+%/);
  });
});
