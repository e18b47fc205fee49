import { describe, expect, it } from "vitest";
import { decodeAsOfRow, encodeAsOfRow } from "./asof-codec";
import type { ExtractedMember } from "./inputs";

const base: ExtractedMember = {
  memberId: 42,
  inCandidates: true,
  inAtRisk: false,
  weeklyWeight: Array.from({ length: 26 }, (_, i) => (i % 3 === 0 ? 0 : i * 1.37)),
  breadthRecent: 3,
  breadthBaseline: 2,
  contributions: { prMerged: 1, prReview: 2, acceptedAnswer: 3, meetupHosted: 4, pairing: 5, other: 6 },
  tenureWeeks: 12.142857142857142,
  daysSinceLastActivity: 0.4166666666666667,
  tierRank: 0,
  planTenureWeeks: null,
  paidTies: 0,
  failedPayments90d: 0,
  daysSinceLastFailedPayment: null,
};

describe("as-of row codec", () => {
  it.each<[string, ExtractedMember]>([
    ["a free candidate", base],
    [
      "a paying member at risk and a candidate",
      {
        ...base,
        inAtRisk: true,
        tierRank: 2,
        planTenureWeeks: 30.5,
        failedPayments90d: 2,
        daysSinceLastFailedPayment: 3,
      },
    ],
    [
      "at risk only, never active",
      { ...base, inCandidates: false, inAtRisk: true, daysSinceLastActivity: null },
    ],
    [
      "awkward doubles",
      { ...base, weeklyWeight: base.weeklyWeight.map((w) => w / 3 + 1e-12), tenureWeeks: 0.1 + 0.2 },
    ],
  ])("round-trips %s exactly", (_, row) => {
    expect(decodeAsOfRow(encodeAsOfRow(row))).toStrictEqual(row);
  });

  it("refuses a row of another shape, saying so", () => {
    expect(() => decodeAsOfRow("[1,2,3]")).toThrow(/3 slots, expected 43/);
  });
});
