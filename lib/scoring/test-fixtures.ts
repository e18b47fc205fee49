// Hand-made member rows and community series shared by the scoring tests.
// Defaults describe an unremarkable free member; each test overrides only what it is about.
import { sigmoid } from "./logistic";
import { SeededRandom } from "./synthetic";
import { HISTORY_WEEKS, type CommunityContext, type MemberActivityInput } from "./types";

export const flatCommunity: CommunityContext = {
  weeklyTotal: new Array(HISTORY_WEEKS).fill(1000),
  activeMembers: new Array(HISTORY_WEEKS).fill(100),
  currentWeekDays: 7,
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

/** n rows of p standard-normal features with labels drawn from a known logistic model. */
export function simulateLogistic(n: number, coef: number[], intercept: number, seed = 3) {
  const rng = new SeededRandom(seed);
  const p = coef.length;
  const x = new Float64Array(n * p);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    let z = intercept;
    for (let j = 0; j < p; j++) {
      x[i * p + j] = rng.normal();
      z += coef[j] * x[i * p + j];
    }
    y[i] = rng.next() < sigmoid(z) ? 1 : 0;
  }
  return { x, y, p };
}
