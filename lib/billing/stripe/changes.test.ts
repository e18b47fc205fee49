import { describe, expect, it } from "vitest";
import { deriveSubscriptionChange } from "./changes";
import { createPlanRanker } from "../plans";
import type { SubscriptionState } from "../types";

const state = (overrides: Partial<SubscriptionState> = {}): SubscriptionState => ({
  externalId: "sub_1",
  customerId: "cus_1",
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

const rank = createPlanRanker([
  { key: "starter", monthlyAmountCents: 900 },
  { key: "pro", monthlyAmountCents: 2900 },
  { key: "pro-discounted", tierRank: 2, monthlyAmountCents: 1900 },
  { key: "team", monthlyAmountCents: 9900 },
]);

describe("deriveSubscriptionChange", () => {
  it.each<[string, SubscriptionState | null, SubscriptionState, ReturnType<typeof deriveSubscriptionChange>]>(
    [
      [
        "first sight, active → new",
        null,
        state(),
        { kind: "new", fromPlanKey: null, toPlanKey: "pro", mrrBeforeCents: 0, mrrAfterCents: 2900 },
      ],
      [
        "first sight, trialing → new",
        null,
        state({ status: "trialing" }),
        { kind: "new", fromPlanKey: null, toPlanKey: "pro", mrrBeforeCents: 0, mrrAfterCents: 2900 },
      ],
      ["first sight, incomplete → nothing yet", null, state({ status: "incomplete", mrrCents: 0 }), null],
      ["first sight, already canceled → nothing", null, state({ status: "canceled", mrrCents: 0 }), null],
      [
        "incomplete → active is new",
        state({ status: "incomplete", mrrCents: 0 }),
        state(),
        { kind: "new", fromPlanKey: null, toPlanKey: "pro", mrrBeforeCents: 0, mrrAfterCents: 2900 },
      ],
      [
        "higher tier → upgrade",
        state({ planKey: "starter", mrrCents: 900 }),
        state(),
        {
          kind: "upgrade",
          fromPlanKey: "starter",
          toPlanKey: "pro",
          mrrBeforeCents: 900,
          mrrAfterCents: 2900,
        },
      ],
      [
        "lower tier → downgrade",
        state({ planKey: "team", mrrCents: 9900 }),
        state(),
        {
          kind: "downgrade",
          fromPlanKey: "team",
          toPlanKey: "pro",
          mrrBeforeCents: 9900,
          mrrAfterCents: 2900,
        },
      ],
      [
        "rank beats MRR: cheaper but higher tier is an upgrade",
        state({ planKey: "starter", mrrCents: 5000 }),
        state({ planKey: "pro-discounted", mrrCents: 1900 }),
        {
          kind: "upgrade",
          fromPlanKey: "starter",
          toPlanKey: "pro-discounted",
          mrrBeforeCents: 5000,
          mrrAfterCents: 1900,
        },
      ],
      [
        "ranks tie → by MRR (more seats)",
        state(),
        state({ mrrCents: 5800 }),
        { kind: "upgrade", fromPlanKey: "pro", toPlanKey: "pro", mrrBeforeCents: 2900, mrrAfterCents: 5800 },
      ],
      [
        "unknown plan → by MRR",
        state({ planKey: "mystery", mrrCents: 4000 }),
        state(),
        {
          kind: "downgrade",
          fromPlanKey: "mystery",
          toPlanKey: "pro",
          mrrBeforeCents: 4000,
          mrrAfterCents: 2900,
        },
      ],
      [
        "nothing billable changed",
        state(),
        state({ currentPeriodEnd: new Date("2024-03-01T00:00:00Z") }),
        null,
      ],
      ["cancel_at_period_end alone is not a cancel", state(), state({ cancelAtPeriodEnd: true }), null],
      [
        "active → canceled",
        state(),
        state({ status: "canceled", mrrCents: 0 }),
        { kind: "cancel", fromPlanKey: "pro", toPlanKey: null, mrrBeforeCents: 2900, mrrAfterCents: 0 },
      ],
      [
        "past_due → unpaid is a cancel",
        state({ status: "past_due" }),
        state({ status: "unpaid", mrrCents: 0 }),
        { kind: "cancel", fromPlanKey: "pro", toPlanKey: null, mrrBeforeCents: 2900, mrrAfterCents: 0 },
      ],
      [
        "trialing → incomplete_expired is a cancel",
        state({ status: "trialing" }),
        state({ status: "incomplete_expired", mrrCents: 0 }),
        { kind: "cancel", fromPlanKey: "pro", toPlanKey: null, mrrBeforeCents: 2900, mrrAfterCents: 0 },
      ],
      ["active → past_due is no change", state(), state({ status: "past_due" }), null],
      [
        "unpaid → active reactivates",
        state({ status: "unpaid", mrrCents: 0 }),
        state(),
        { kind: "reactivate", fromPlanKey: "pro", toPlanKey: "pro", mrrBeforeCents: 0, mrrAfterCents: 2900 },
      ],
      [
        "canceled → active reactivates (on a new plan)",
        state({ status: "canceled", mrrCents: 0 }),
        state({ planKey: "team", mrrCents: 9900 }),
        { kind: "reactivate", fromPlanKey: "pro", toPlanKey: "team", mrrBeforeCents: 0, mrrAfterCents: 9900 },
      ],
      [
        "canceled → canceled is nothing",
        state({ status: "canceled", mrrCents: 0 }),
        state({ status: "canceled", mrrCents: 0 }),
        null,
      ],
    ],
  )("%s", (_name, prev, next, expected) => {
    expect(deriveSubscriptionChange(prev, next, rank)).toEqual(expected);
  });

  it("without a ranker compares MRR", () => {
    expect(
      deriveSubscriptionChange(state({ planKey: "a", mrrCents: 100 }), state({ planKey: "b", mrrCents: 50 }))
        ?.kind,
    ).toBe("downgrade");
  });
});
