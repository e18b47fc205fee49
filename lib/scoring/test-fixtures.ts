// Hand-made member rows and community series shared by the scoring tests.
// Defaults describe an unremarkable free member; each test overrides only what it is about.
import { HISTORY_WEEKS, type CommunityContext, type MemberActivityInput } from "./types";

export const flatCommunity: CommunityContext = {
  weeklyTotal: new Array(HISTORY_WEEKS).fill(1000),
  activeMembers: new Array(HISTORY_WEEKS).fill(100),
};

/** Weekly weights: `early` for the first 22 weeks, `late` for the last 4. */
export function weeks(early: number, late: number): number[] {
  return [...new Array(HISTORY_WEEKS - 4).fill(early), ...new Array(4).fill(late)];
}

export function makeRow(overrides: Partial<MemberActivityInput> = {}): MemberActivityInput {
  return {
    memberId: 1,
    weeklyWeight: weeks(10, 10),
    breadthRecent: 2,
    breadthBaseline: 2,
    contributions: { prMerged: 0, prReview: 0, acceptedAnswer: 0, meetupHosted: 0, pairing: 0, other: 0 },
    tenureWeeks: 52,
    daysSinceLastActivity: 2,
    tierRank: 0,
    planTenureWeeks: null,
    paidTies: 0,
    failedPayments90d: 0,
    daysSinceLastFailedPayment: null,
    ...overrides,
  };
}
