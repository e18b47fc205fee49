import { describe, expect, it } from "vitest";
import type Stripe from "stripe";
import { planStripeEventBatch } from "./batch";
import { planEventApplication, type StoredEventState } from "./events";
import { eventFixture, stripeFixture, subscriptionFixture } from "../__fixtures__/stripe-fixtures";

const T0 = 1_700_000_000;
const sub = (id: string, status: string, unitAmount = 2000, extra: Record<string, unknown> = {}) =>
  subscriptionFixture({ id, customer: "cus_1", status, ...extra }, [{ unitAmount, interval: "month" }]);

/** The reference: each event planned alone, in order, against what the ones before it stored. */
function oneByOne(events: Stripe.Event[], stored = new Map<string, StoredEventState>()) {
  const current = new Map(stored);
  return events.map((event) => {
    const id = (event.data.object as { id?: string }).id!;
    const intent = planEventApplication(
      event,
      (event.data.object as { object: string }).object === "subscription" ? current.get(id) : undefined,
    );
    if (intent.action === "upsert_subscription")
      current.set(id, { state: intent.state, lastEventCreated: intent.lastEventCreated });
    return intent.action === "ignore"
      ? intent.reason === "stale"
        ? "stale"
        : "ignored"
      : intent.action === "quarantine"
        ? "quarantined"
        : "applied";
  });
}

const sequences: {
  name: string;
  events: Stripe.Event[];
  finalStatus: Record<string, string>;
  changes: string[];
}[] = [
  {
    name: "created, upgraded, deleted, then a late older update (stale)",
    events: [
      eventFixture("customer.subscription.created", sub("sub_a", "active"), T0, "e1"),
      eventFixture("customer.subscription.updated", sub("sub_a", "active", 5000), T0 + 10, "e2"),
      eventFixture(
        "customer.subscription.deleted",
        sub("sub_a", "canceled", 5000, { canceled_at: T0 + 30, ended_at: T0 + 30 }),
        T0 + 30,
        "e3",
      ),
      eventFixture("customer.subscription.updated", sub("sub_a", "active", 5000), T0 + 20, "e4"),
    ],
    finalStatus: { sub_a: "canceled" },
    changes: ["e1:new", "e2:upgrade", "e3:cancel"],
  },
  {
    name: "two subscriptions interleaved, one deleted late but still cancelling",
    events: [
      eventFixture("customer.subscription.created", sub("sub_a", "active"), T0, "e1"),
      eventFixture("customer.subscription.created", sub("sub_b", "active", 1000), T0 + 1, "e2"),
      eventFixture("customer.subscription.updated", sub("sub_b", "active", 3000), T0 + 50, "e3"),
      eventFixture(
        "customer.subscription.deleted",
        sub("sub_b", "canceled", 3000, { canceled_at: T0 + 40, ended_at: T0 + 40 }),
        T0 + 40,
        "e4",
      ),
      eventFixture(
        "invoice.paid",
        stripeFixture("invoice", { id: "in_1", customer: "cus_1", status: "paid", amount_paid: 1000 }),
        T0 + 2,
        "e5",
      ),
    ],
    finalStatus: { sub_a: "active", sub_b: "canceled" },
    changes: ["e1:new", "e2:new", "e3:upgrade", "e4:cancel"],
  },
];

describe("planStripeEventBatch", () => {
  it.each(sequences)("$name: the same decisions as one by one", ({ events, finalStatus, changes }) => {
    const batch = planStripeEventBatch(events, new Map());
    expect(batch.decisions.map((d) => d.outcome)).toEqual(oneByOne(events));
    expect(Object.fromEntries([...batch.subscriptions].map(([id, s]) => [id, s.state.status]))).toEqual(
      finalStatus,
    );
    expect(batch.changes.map((c) => `${c.eventId}:${c.change.kind}`)).toEqual(changes);
  });

  it("starts from the stored state and never moves lastEventCreated back", () => {
    const [deletion, olderUpdate] = sequences[0].events.slice(2);
    const stored = new Map([["sub_a", planStoredActive()]]);
    const batch = planStripeEventBatch([olderUpdate, deletion], stored);
    // Both predate the stored state: the update is stale, the deletion still cancels.
    expect(batch.decisions.map((d) => d.outcome)).toEqual(["stale", "applied"]);
    expect(batch.subscriptions.get("sub_a")).toMatchObject({
      state: { status: "canceled" },
      lastEventCreated: T0 + 100,
    });
  });

  it("keeps one payment per key: the first sighting's fields, the last status", () => {
    const open = stripeFixture<Stripe.Invoice>("invoice", {
      id: "in_9",
      customer: "cus_1",
      status: "open",
      attempted: true,
      attempt_count: 1,
      amount_remaining: 700,
    });
    const events = [
      eventFixture("invoice.payment_failed", open, T0, "f1"),
      eventFixture("invoice.payment_failed", open, T0 + 5, "f2"),
    ];
    const batch = planStripeEventBatch(events, new Map());
    expect(batch.payments).toHaveLength(1);
    expect(batch.payments[0]).toMatchObject({
      externalId: "in_9:attempt:1",
      status: "failed",
      occurredAt: new Date(T0 * 1000),
    });
  });
});

function planStoredActive(): StoredEventState {
  const intent = planEventApplication(
    eventFixture("customer.subscription.updated", sub("sub_a", "active", 5000), T0 + 100, "e0"),
  );
  if (intent.action !== "upsert_subscription") throw new Error("expected an upsert");
  return { state: intent.state, lastEventCreated: T0 + 100 };
}
