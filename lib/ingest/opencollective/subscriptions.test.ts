import { describe, expect, it } from "vitest";
import { deriveOcSubscriptions, type OcContribution } from "./subscriptions";

const pay = (
  date: string,
  amountCents = 500,
  interval: "month" | "year" = "month",
  slug = "ada",
): OcContribution => ({
  slug,
  interval,
  amountCents,
  currency: "USD",
  occurredAt: new Date(`${date}T12:00:00Z`),
});
const summary = (contributions: OcContribution[], asOf: string) => {
  const { changes, subscriptions } = deriveOcSubscriptions(contributions, new Date(`${asOf}T12:00:00Z`));
  return {
    changes: changes.map((c) => [
      c.changeKind,
      c.occurredAt.toISOString().slice(0, 10),
      c.fromPlan ?? null,
      c.toPlan,
      c.mrrBeforeCents,
      c.mrrCents,
    ]),
    subscriptions,
  };
};

describe("deriveOcSubscriptions", () => {
  it("a steady monthly backer still paying at the end stays active", () => {
    const { changes, subscriptions } = summary(
      [pay("2021-01-05"), pay("2021-02-05"), pay("2021-03-05")],
      "2021-03-20",
    );
    expect(changes).toEqual([["new", "2021-01-05", null, "oc:month:500", 0, 500]]);
    expect(subscriptions[0]).toMatchObject({
      externalId: "oc:ada:month",
      actor: { source: "opencollective", externalId: "ada" },
      status: "active",
      mrrCents: 500,
      canceledAt: null,
      payments: 3,
    });
  });

  it("gap → cancel at last payment + one month → reactivate, then lapse at the end", () => {
    const { changes, subscriptions } = summary(
      // input order does not matter
      [pay("2021-06-10", 1000), pay("2021-01-05"), pay("2021-02-05"), pay("2021-07-10", 1000)],
      "2021-12-30",
    );
    expect(changes).toEqual([
      ["new", "2021-01-05", null, "oc:month:500", 0, 500],
      ["cancel", "2021-03-05", "oc:month:500", null, 500, 0],
      ["reactivate", "2021-06-10", "oc:month:500", "oc:month:1000", 0, 1000],
      ["cancel", "2021-08-10", "oc:month:1000", null, 1000, 0],
    ]);
    expect(subscriptions[0]).toMatchObject({
      status: "canceled",
      mrrCents: 0,
      canceledAt: new Date("2021-08-10T12:00:00Z"),
      startedAt: new Date("2021-01-05T12:00:00Z"),
    });
  });

  it("45 days is still on time; 46 is a missed payment", () => {
    expect(summary([pay("2021-01-01"), pay("2021-02-15")], "2021-02-20").changes.map((c) => c[0])).toEqual([
      "new",
    ]);
    expect(summary([pay("2021-01-01"), pay("2021-02-16")], "2021-02-20").changes.map((c) => c[0])).toEqual([
      "new",
      "cancel",
      "reactivate",
    ]);
  });

  it("amount changes are upgrades and downgrades", () => {
    const { changes } = summary(
      [pay("2021-01-01", 500), pay("2021-02-01", 2000), pay("2021-03-01", 1000)],
      "2021-03-02",
    );
    expect(changes).toEqual([
      ["new", "2021-01-01", null, "oc:month:500", 0, 500],
      ["upgrade", "2021-02-01", "oc:month:500", "oc:month:2000", 500, 2000],
      ["downgrade", "2021-03-01", "oc:month:2000", "oc:month:1000", 2000, 1000],
    ]);
  });

  it("yearly: MRR is a twelfth; within 400 days is on time; the cancel lands a year after the last payment", () => {
    const { changes, subscriptions } = summary(
      [pay("2019-03-01", 12000, "year"), pay("2020-04-01", 12000, "year")],
      "2021-06-01",
    );
    expect(changes).toEqual([
      ["new", "2019-03-01", null, "oc:year:12000", 0, 1000],
      ["cancel", "2021-04-01", "oc:year:12000", null, 1000, 0],
    ]);
    expect(summary([pay("2021-01-01", 12000, "year")], "2022-01-20").subscriptions[0].status).toBe("active");
    expect(subscriptions[0].externalId).toBe("oc:ada:year");
  });

  it("one subscription per contributor and interval", () => {
    const { subscriptions } = summary(
      [pay("2021-01-01"), pay("2021-01-01", 12000, "year"), pay("2021-01-02", 500, "month", "bob")],
      "2021-01-10",
    );
    expect(subscriptions.map((s) => s.externalId)).toEqual(["oc:ada:month", "oc:ada:year", "oc:bob:month"]);
  });
});
