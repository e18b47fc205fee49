import { describe, expect, it } from "vitest";
import { classifyChanges, computeMrrMovements, type FirstPayment, type SubscriptionChange } from "./mrr";
import { mrrByCohort, subscriberChurnRate } from "./subscriber-churn";

const at = (iso: string) => new Date(`${iso}T00:00:00Z`);
const change = (memberId: string, day: string, before: number, after: number): SubscriptionChange => ({
  memberId,
  occurredAt: at(day),
  mrrBeforeCents: before,
  mrrAfterCents: after,
});

// a: new, expands, churns, comes back. b: new, downgrades. c: paying before our data starts.
// d: first paid in 2023, returns in April (a reactivation). e: joins and leaves within March.
const changes: SubscriptionChange[] = [
  change("a", "2024-01-10", 0, 1000),
  change("a", "2024-02-05", 1000, 1500),
  change("a", "2024-03-03", 1500, 0),
  change("a", "2024-05-20", 0, 1200),
  change("b", "2024-01-20", 0, 2000),
  change("b", "2024-03-15", 2000, 1000),
  change("c", "2024-02-01", 3000, 3500),
  change("d", "2024-04-02", 0, 500),
  change("e", "2024-03-10", 0, 700),
  change("e", "2024-03-25", 700, 0),
  change("e", "2024-03-26", 0, 0),
];
const firstPayments: FirstPayment[] = [
  { memberId: "a", firstPaymentAt: at("2024-01-10") },
  { memberId: "b", firstPaymentAt: at("2024-01-20") },
  { memberId: "c", firstPaymentAt: at("2023-06-01") },
  { memberId: "d", firstPaymentAt: at("2023-11-01") },
];

describe("classifyChanges", () => {
  it("labels every MRR-changing row and drops no-ops", () => {
    expect(
      classifyChanges(changes, firstPayments).map((c) => `${c.memberId}:${c.kind}:${c.deltaCents}`),
    ).toEqual([
      "a:new:1000",
      "b:new:2000",
      "c:expansion:500",
      "a:expansion:500",
      "a:churn:-1500",
      "e:new:700",
      "b:contraction:-1000",
      "e:churn:-700",
      "d:reactivation:500",
      "a:reactivation:1200",
    ]);
  });
  it("rejects fractional or negative cents", () => {
    expect(() => classifyChanges([change("x", "2024-01-01", 0, 10.5)])).toThrow(RangeError);
    expect(() => classifyChanges([change("x", "2024-01-01", -1, 10)])).toThrow(RangeError);
  });
});

describe("computeMrrMovements", () => {
  const rows = computeMrrMovements(changes, firstPayments);
  it.each([
    // month, start, new, expansion, contraction, churn, reactivation, netNew, end, gross, net
    ["2024-01", 3000, 3000, 0, 0, 0, 0, 3000, 6000, 0, 0],
    ["2024-02", 6000, 0, 1000, 0, 0, 0, 1000, 7000, 0, -1000 / 6000],
    ["2024-03", 7000, 700, 0, 1000, 2200, 0, -2500, 4500, 3200 / 7000, 3200 / 7000],
    ["2024-04", 4500, 0, 0, 0, 0, 500, 500, 5000, 0, -500 / 4500],
    ["2024-05", 5000, 0, 0, 0, 0, 1200, 1200, 6200, 0, -1200 / 5000],
  ] as const)("%s", (month, start, nw, exp, con, churn, react, net, end, gross, netRate) => {
    const r = rows.find((x) => x.month === month)!;
    expect([
      r.startMrrCents,
      r.newCents,
      r.expansionCents,
      r.contractionCents,
      r.churnCents,
      r.reactivationCents,
      r.netNewCents,
      r.endMrrCents,
    ]).toEqual([start, nw, exp, con, churn, react, net, end]);
    expect(r.grossMrrChurnRate).toBeCloseTo(gross, 12);
    expect(r.netMrrChurnRate).toBeCloseTo(netRate, 12);
  });
  it("reconciles: start + net new = end, every month", () => {
    for (const r of rows) expect(r.startMrrCents + r.netNewCents).toBe(r.endMrrCents);
    expect(rows.find((r) => r.month === "2024-03")).toMatchObject({ newMembers: 1, churnedMembers: 2 });
  });
  it("fills gaps and returns null rates when there is no starting MRR", () => {
    const r = computeMrrMovements([change("z", "2024-03-01", 0, 900)], [], {
      from: "2024-01",
      to: "2024-04",
    });
    expect(r.map((x) => x.month)).toEqual(["2024-01", "2024-02", "2024-03", "2024-04"]);
    expect(r[0]).toMatchObject({ startMrrCents: 0, grossMrrChurnRate: null, netMrrChurnRate: null });
    expect(r[3]).toMatchObject({ startMrrCents: 900, grossMrrChurnRate: 0 });
    expect(computeMrrMovements([], [])).toEqual([]);
  });
});

describe("subscriberChurnRate", () => {
  it.each([
    // Window (1 Mar, 31 Mar]: a, b, c paying at the start; e joined; a and e left → 2 ÷ (3 + 1).
    ["2024-03-31", { activeAtStart: 3, newInWindow: 1, reactivatedInWindow: 0, churned: 2, rate: 0.5 }],
    // Window (1 May, 31 May]: b, c, d paying; a came back; nobody left.
    ["2024-05-31", { activeAtStart: 3, newInWindow: 0, reactivatedInWindow: 1, churned: 0, rate: 0 }],
    // Before our data starts only c, already paying then, is active.
    ["2023-01-15", { activeAtStart: 1, newInWindow: 0, reactivatedInWindow: 0, churned: 0, rate: 0 }],
  ] as const)("as of %s", (asOf, expected) => {
    expect(subscriberChurnRate(changes, firstPayments, at(asOf))).toMatchObject(expected);
  });
  it("is null with no subscribers", () =>
    expect(subscriberChurnRate([], [], at("2024-01-01")).rate).toBeNull());
});

describe("mrrByCohort", () => {
  const cells = mrrByCohort(changes, firstPayments, "2024-05");
  it("tracks the January cohort's MRR and net revenue retention", () => {
    const jan = cells.filter((c) => c.cohortMonth === "2024-01");
    expect(jan.map((c) => [c.monthOffset, c.mrrCents, c.payingMembers])).toEqual([
      [0, 3000, 2],
      [1, 3500, 2],
      [2, 1000, 1],
      [3, 1000, 1],
      [4, 2200, 2],
    ]);
    expect(jan[4].revenueRetention).toBeCloseTo(2200 / 3000, 12);
  });
  it("falls back to the first paid change for the cohort, and null retention from a zero base", () => {
    const mar = cells.filter((c) => c.cohortMonth === "2024-03");
    expect(mar.map((c) => c.mrrCents)).toEqual([0, 0, 0]);
    expect(mar[0].revenueRetention).toBeNull();
    expect(cells.filter((c) => c.cohortMonth === "2023-06")).toHaveLength(12);
  });
});
