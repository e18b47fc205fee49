import { describe, expect, it } from "vitest";
import {
  consecutiveContributionMonths,
  evaluatePartnerEligibility,
  fundedCentsInMonth,
  paymentCoverMonths,
  type PartnerEvidenceInput,
} from "./eligibility";
import { adjustedMonthlyMinimumCents, DEFAULT_PPP_RATES } from "./ppp";

const steady = { "2024-01": 4, "2024-02": 2, "2024-03": 7 };
const monthly = (months: string[], cents: number) =>
  months.map((month) => ({ month, amountCents: cents, coverMonths: 1 }));
const base: PartnerEvidenceInput = {
  reportMonth: "2024-03",
  contributionsByMonth: steady,
  payments: monthly(["2024-01", "2024-02", "2024-03"], 10_000),
  cocFlags: [],
  country: "US",
  pppRates: DEFAULT_PPP_RATES,
};

describe("evaluatePartnerEligibility", () => {
  it.each<{ name: string; input: Partial<PartnerEvidenceInput>; status: string; failing: string[] }>([
    { name: "all three rules met", input: {}, status: "eligible", failing: [] },
    {
      name: "only two months of contributions",
      input: { contributionsByMonth: { "2024-02": 1, "2024-03": 1 } },
      status: "not_yet",
      failing: ["consistency"],
    },
    {
      name: "a gap breaks the run",
      input: { contributionsByMonth: { "2023-12": 3, "2024-01": 3, "2024-03": 5 } },
      status: "not_yet",
      failing: ["consistency"],
    },
    {
      name: "no contribution in the report month",
      input: { contributionsByMonth: { "2023-12": 3, "2024-01": 3, "2024-02": 5 } },
      status: "not_yet",
      failing: ["consistency"],
    },
    {
      name: "sponsorship below $100 in the US",
      input: { payments: monthly(["2024-01", "2024-02", "2024-03"], 9_000) },
      status: "not_yet",
      failing: ["funding"],
    },
    {
      name: "$50/month is enough in India",
      input: { country: "IN", payments: monthly(["2024-01", "2024-02", "2024-03"], 5_000) },
      status: "eligible",
      failing: [],
    },
    {
      name: "$100/month is not enough in Switzerland",
      input: { country: "CH" },
      status: "not_yet",
      failing: ["funding"],
    },
    {
      name: "a yearly payment covers the window",
      input: { payments: [{ month: "2023-11", amountCents: 120_000, coverMonths: 12 }] },
      status: "eligible",
      failing: [],
    },
    {
      name: "one lump sum in the window counts as the mean",
      input: { payments: monthly(["2024-02"], 30_000) },
      status: "eligible",
      failing: [],
    },
    {
      name: "a CoC flag 11 months ago",
      input: { cocFlags: [{ occurredAt: new Date("2023-04-15T00:00:00Z") }] },
      status: "not_yet",
      failing: ["conduct"],
    },
    {
      name: "a CoC flag 12 months ago has expired",
      input: { cocFlags: [{ occurredAt: new Date("2023-03-31T23:00:00Z") }] },
      status: "eligible",
      failing: [],
    },
    {
      name: "a flag after the report month is ignored",
      input: { cocFlags: [{ occurredAt: new Date("2024-04-02T00:00:00Z") }] },
      status: "eligible",
      failing: [],
    },
    {
      name: "eligible in January, sponsorship stopped since",
      input: {
        contributionsByMonth: {
          "2023-10": 1,
          "2023-11": 1,
          "2023-12": 1,
          "2024-01": 1,
          "2024-02": 1,
          "2024-03": 1,
        },
        payments: monthly(["2023-11", "2023-12", "2024-01"], 10_000),
      },
      status: "lapsed",
      failing: ["funding"],
    },
  ])("$name → $status", ({ input, status, failing }) => {
    const result = evaluatePartnerEligibility({ ...base, ...input });
    expect(result.status).toBe(status);
    expect(result.rules.filter((r) => !r.passed).map((r) => r.rule)).toEqual(failing);
  });

  it("reports the evidence", () => {
    const result = evaluatePartnerEligibility({
      ...base,
      country: "IN",
      contributionsByMonth: { "2023-12": 1, ...steady },
    });
    expect(result.consecutiveMonths).toBe(4);
    expect(result.monthlyMinimumCents).toBe(4_700);
    expect(result.meanFundedCents).toBe(10_000);
    expect(result.lastEligibleMonth).toBeNull();
    expect(result.rules[0].detail).toContain("4 consecutive months");
    // The month in words, not its stored key.
    expect(result.rules[0].detail).toMatch(/up to [A-Z][a-z]{2,3} \d{4} \(needs 3\)$/);
  });
});

describe("helpers", () => {
  it.each([
    ["yearly", 12],
    ["annual", 12],
    ["recurring", 1],
    ["donation", 1],
    [null, 1],
  ] as const)("paymentCoverMonths(%s) = %i", (kind, months) => expect(paymentCoverMonths(kind)).toBe(months));

  it("counts the run ending at the month", () => {
    expect(consecutiveContributionMonths({ "2024-01": 1, "2024-02": 1, "2024-03": 0 }, "2024-02")).toBe(2);
    expect(consecutiveContributionMonths({ "2024-01": 1 }, "2024-03")).toBe(0);
    expect(consecutiveContributionMonths({ "2023-12": 1, "2024-01": 2 }, "2024-01")).toBe(2);
  });

  it("spreads a yearly payment over 12 months", () => {
    const p = [{ month: "2024-01", amountCents: 120_000, coverMonths: 12 }];
    expect(fundedCentsInMonth(p, "2024-12")).toBe(10_000);
    expect(fundedCentsInMonth(p, "2025-01")).toBe(0);
    expect(fundedCentsInMonth(p, "2023-12")).toBe(0);
  });

  it("adjusts the minimum by country", () => {
    expect(adjustedMonthlyMinimumCents("us", DEFAULT_PPP_RATES)).toBe(10_000);
    expect(adjustedMonthlyMinimumCents("XX", DEFAULT_PPP_RATES)).toBe(10_000);
    expect(adjustedMonthlyMinimumCents(null, DEFAULT_PPP_RATES)).toBe(10_000);
    expect(adjustedMonthlyMinimumCents("CH", { CH: 1.42 })).toBe(14_200);
  });
});
