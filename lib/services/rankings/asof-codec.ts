// A member's as-of inputs as a positional JSON array, for the kept as-of rows (asof-rows.ts): about a third of the
// keyed form's size, so reading 100k members back costs less than extracting them. Numbers round-trip exactly
// (JSON prints the shortest text that reads back as the same double). Pure.
import { HISTORY_WEEKS } from "@/lib/scoring";
import type { ExtractedMember } from "./inputs";

type Slot = number | null;

export function encodeAsOfRow(r: ExtractedMember): string {
  const c = r.contributions;
  const slots: Slot[] = [
    r.memberId,
    (r.inCandidates ? 1 : 0) + (r.inAtRisk ? 2 : 0),
    r.breadthRecent,
    r.breadthBaseline,
    c.prMerged,
    c.prReview,
    c.acceptedAnswer,
    c.meetupHosted,
    c.pairing,
    c.other,
    r.tenureWeeks,
    r.daysSinceLastActivity,
    r.tierRank,
    r.planTenureWeeks,
    r.paidTies,
    r.failedPayments90d,
    r.daysSinceLastFailedPayment,
    ...r.weeklyWeight,
  ];
  return JSON.stringify(slots);
}

const WEEKS_AT = 17;

export function decodeAsOfRow(text: string): ExtractedMember {
  const s = JSON.parse(text) as Slot[];
  if (!Array.isArray(s) || s.length !== WEEKS_AT + HISTORY_WEEKS)
    throw new Error(
      `a kept as-of row has ${Array.isArray(s) ? s.length : "no"} slots, expected ${WEEKS_AT + HISTORY_WEEKS}`,
    );
  const n = (i: number) => s[i] as number;
  return {
    memberId: n(0),
    inCandidates: (n(1) & 1) !== 0,
    inAtRisk: (n(1) & 2) !== 0,
    weeklyWeight: s.slice(WEEKS_AT) as number[],
    breadthRecent: n(2),
    breadthBaseline: n(3),
    contributions: {
      prMerged: n(4),
      prReview: n(5),
      acceptedAnswer: n(6),
      meetupHosted: n(7),
      pairing: n(8),
      other: n(9),
    },
    tenureWeeks: n(10),
    daysSinceLastActivity: s[11],
    tierRank: n(12),
    planTenureWeeks: s[13],
    paidTies: n(14),
    failedPayments90d: n(15),
    daysSinceLastFailedPayment: s[16],
  };
}
