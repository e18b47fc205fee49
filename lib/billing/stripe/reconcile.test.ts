import { describe, expect, it } from "vitest";
import { reconcileSubscriptions } from "./reconcile";
import type { SubscriptionState } from "../types";

const sub = (externalId: string, overrides: Partial<SubscriptionState> = {}): SubscriptionState => ({
  externalId,
  customerId: `cus_${externalId}`,
  status: "active",
  planKey: "pro",
  planName: "Pro",
  unitAmountCents: 2900,
  currency: "USD",
  mrrCents: 2900,
  startedAt: new Date("2024-01-01T00:00:00Z"),
  canceledAt: null,
  endedAt: null,
  cancelAtPeriodEnd: false,
  currentPeriodEnd: new Date("2024-02-01T00:00:00Z"),
  updatedAt: new Date("2024-01-01T00:00:00Z"),
  ...overrides,
});

describe("reconcileSubscriptions", () => {
  it("lists repairs, stored-active-but-remote-canceled first, then missing ones", () => {
    const stored = [sub("a"), sub("b"), sub("c"), sub("d"), sub("e"), sub("f"), sub("gone")];
    const remote = [
      sub("a"), // identical (dates compared by value)
      sub("b", { planKey: "team", mrrCents: 9900 }),
      sub("c", { mrrCents: 5800 }),
      sub("d", { status: "canceled", mrrCents: 0, canceledAt: new Date("2024-01-15T00:00:00Z") }),
      sub("e", { status: "past_due" }),
      sub("f", { cancelAtPeriodEnd: true }),
      sub("new"),
    ];
    const repairs = reconcileSubscriptions(stored, remote);
    expect(repairs.map((r) => [r.kind, r.externalId, r.action])).toEqual([
      ["stored_active_remote_canceled", "d", "upsert"],
      ["missing_locally", "new", "upsert"],
      ["status_mismatch", "e", "upsert"],
      ["plan_mismatch", "b", "upsert"],
      ["mrr_mismatch", "c", "upsert"],
      ["details_mismatch", "f", "upsert"],
      ["missing_remotely", "gone", "review"],
    ]);
    expect(repairs[0].fields).toEqual(["status", "mrrCents", "canceledAt"]);
    expect(repairs.find((r) => r.externalId === "b")?.remote?.planKey).toBe("team");
  });
  it("nothing to repair when both sides agree", () => {
    expect(reconcileSubscriptions([sub("a")], [sub("a")])).toEqual([]);
  });
});
