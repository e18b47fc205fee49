import { describe, expect, it } from "vitest";
import type Stripe from "stripe";
import { MalformedFileError } from "@/lib/ingest/types";
import { parseStripeEventsFile, planEventApplication, type StripeEventRow } from "./events";
import { normalizeSubscription } from "./normalize";
import { eventFixture, stripeFixture, subscriptionFixture } from "../__fixtures__/stripe-fixtures";
import { THIN_EVENT } from "../__fixtures__/stripe-versions";

async function collect(text: string | string[], file = "events.jsonl"): Promise<StripeEventRow[]> {
  const rows: StripeEventRow[] = [];
  for await (const row of parseStripeEventsFile(Array.isArray(text) ? text : [text], file)) rows.push(row);
  return rows;
}

const example = stripeFixture<Stripe.Event>("event");
const second = { ...example, id: "evt_2", created: example.created + 1 };

describe("parseStripeEventsFile", () => {
  it("reads one event per line, across chunk boundaries, skipping blank lines", async () => {
    const text = `${JSON.stringify(example)}\n\n${JSON.stringify(second)}\r\n`;
    const rows = await collect([text.slice(0, 37), text.slice(37, 500), text.slice(500)]);
    expect(rows.map((r) => (r.ok ? [r.line, r.event.id] : r))).toEqual([
      [1, example.id],
      [3, "evt_2"],
    ]);
  });
  it("reads a JSON array and a list object, pretty-printed or not", async () => {
    for (const doc of [
      JSON.stringify([example, second], null, 2),
      JSON.stringify({ object: "list", data: [example, second], has_more: false }),
      JSON.stringify({ object: "list", data: [example, second] }, null, 2),
    ]) {
      const rows = await collect(doc);
      expect(rows.map((r) => r.ok && r.event.id)).toEqual([example.id, "evt_2"]);
      expect(rows.map((r) => r.line)).toEqual([1, 2]);
    }
  });
  it("valid JSON that is not an event is a bad row", async () => {
    const rows = await collect(
      `${JSON.stringify(example)}\n${JSON.stringify(stripeFixture("customer"))}\n[1,2]\n`,
    );
    expect(rows[0].ok).toBe(true);
    expect(rows[1]).toMatchObject({ ok: false, line: 2, reason: expect.stringContaining("object") });
    expect(rows[2]).toMatchObject({ ok: false, line: 3 });
  });
  it("a v2 thin event is a bad row saying it holds no snapshot", async () => {
    const thin = THIN_EVENT;
    const rows = await collect(`${JSON.stringify(example)}\n${JSON.stringify(thin)}\n`);
    expect(rows[1]).toMatchObject({
      ok: false,
      line: 2,
      reason: expect.stringMatching(/^a thin event .* no snapshot/),
    });
  });
  it("a JSON document holding no events is refused, saying what it holds", async () => {
    // Stripe's OpenAPI fixtures (stripe/openapi fixtures3.json, pretty-printed): every resource's example.
    const fixtures = JSON.stringify({ resources: { customer: {}, event: example } }, null, 2);
    await expect(collect(fixtures, "fixtures3.json")).rejects.toMatchObject({
      name: "MalformedFileError",
      message: expect.stringContaining("this file is an object with the key resources, not Stripe events"),
    });
    await expect(collect('{\n"object": "customer", "id": "cus_1"}')).rejects.toMatchObject({
      message: expect.stringContaining("this file is one customer object, not Stripe events"),
    });
  });
  it("invalid JSON refuses the file, naming the line", async () => {
    await expect(collect(`${JSON.stringify(example)}\n{"id": "evt_3", \n`)).rejects.toMatchObject({
      name: "MalformedFileError",
      file: "events.jsonl",
      line: 2,
    });
    await expect(collect("id,type\nevt_1,x\n")).rejects.toBeInstanceOf(MalformedFileError);
    await expect(collect('[\n{"id": 1},\n{oops}\n]')).rejects.toMatchObject({ line: 3 });
    await expect(collect('{"object":"balance"}'.replace("}", ',"x":\n1}'))).rejects.toBeInstanceOf(
      MalformedFileError,
    );
  });
});

const T0 = 1_700_000_000;
const subEvent = (
  type: string,
  created: number,
  overrides: Parameters<typeof subscriptionFixture>[0] = {},
  items?: Parameters<typeof subscriptionFixture>[1],
) => eventFixture(type, subscriptionFixture(overrides, items), created);

describe("planEventApplication", () => {
  it("customer.created/updated upsert the identity; an older one is stale", () => {
    const event = eventFixture("customer.updated", stripeFixture("customer", { email: "a@b.org" }), T0);
    expect(planEventApplication(event)).toMatchObject({
      action: "upsert_identity",
      identity: { externalId: "cus_QXg1o8vcGmoR32", email: "a@b.org" },
      lastEventCreated: T0,
    });
    expect(planEventApplication(event, { lastEventCreated: T0 + 10 })).toMatchObject({
      action: "ignore",
      reason: "stale",
    });
  });

  it("a new subscription is upserted with a 'new' change dated by the event", () => {
    const intent = planEventApplication(subEvent("customer.subscription.created", T0));
    expect(intent).toMatchObject({
      action: "upsert_subscription",
      state: { status: "active", mrrCents: 2000 },
      change: { kind: "new", occurredAt: new Date(T0 * 1000) },
      lastEventCreated: T0,
      outOfOrder: false,
    });
  });

  it("an upgrade uses the plan ranker", () => {
    const stored = normalizeSubscription(
      subscriptionFixture({}, [{ unitAmount: 2000, interval: "month", lookupKey: "team" }]),
    );
    const event = subEvent("customer.subscription.updated", T0 + 100, {}, [
      { unitAmount: 1500, interval: "month", lookupKey: "enterprise" },
    ]);
    const planRank = (key: string) => ({ team: 1, enterprise: 2 })[key];
    expect(planEventApplication(event, { lastEventCreated: T0, state: stored }, { planRank })).toMatchObject({
      change: { kind: "upgrade", fromPlanKey: "team", toPlanKey: "enterprise" },
    });
  });

  it("an older update does not overwrite newer state", () => {
    const stored = normalizeSubscription(subscriptionFixture({}, [{ unitAmount: 5000, interval: "month" }]));
    const intent = planEventApplication(subEvent("customer.subscription.updated", T0 - 50), {
      lastEventCreated: T0,
      state: stored,
    });
    expect(intent).toMatchObject({ action: "ignore", reason: "stale" });
  });

  it("same second: the object's own timestamps order the two", () => {
    const stored = normalizeSubscription(
      subscriptionFixture({}, [{ unitAmount: 2000, interval: "month", periodStart: 1_700_500_000 }]),
    );
    const olderObject = subEvent("customer.subscription.updated", T0, {}, [
      { unitAmount: 9000, interval: "month", periodStart: 1_700_000_000 },
    ]);
    const newerObject = subEvent("customer.subscription.updated", T0, {}, [
      { unitAmount: 9000, interval: "month", periodStart: 1_701_000_000 },
    ]);
    expect(planEventApplication(olderObject, { lastEventCreated: T0, state: stored })).toMatchObject({
      action: "ignore",
      reason: "stale",
    });
    expect(planEventApplication(newerObject, { lastEventCreated: T0, state: stored })).toMatchObject({
      action: "upsert_subscription",
      change: { kind: "upgrade" },
    });
  });

  it("a late-delivered deletion still cancels newer active state, without moving lastEventCreated back", () => {
    const stored = normalizeSubscription(subscriptionFixture());
    const deleted = subEvent("customer.subscription.deleted", T0 - 500, {
      status: "canceled",
      canceled_at: T0 - 600,
      ended_at: T0 - 500,
    });
    expect(planEventApplication(deleted, { lastEventCreated: T0, state: stored })).toMatchObject({
      action: "upsert_subscription",
      state: { status: "canceled", mrrCents: 0 },
      change: {
        kind: "cancel",
        occurredAt: new Date((T0 - 600) * 1000),
        mrrBeforeCents: 2000,
        mrrAfterCents: 0,
      },
      lastEventCreated: T0,
      outOfOrder: true,
    });
  });

  it("a deleted event whose object still says active is treated as canceled", () => {
    const intent = planEventApplication(subEvent("customer.subscription.deleted", T0), {
      state: normalizeSubscription(subscriptionFixture()),
    });
    expect(intent).toMatchObject({
      action: "upsert_subscription",
      state: { status: "canceled", mrrCents: 0 },
      change: { kind: "cancel" },
    });
  });

  it("once canceled, a later active snapshot never revives it", () => {
    const stored = normalizeSubscription(subscriptionFixture({ status: "canceled" }));
    expect(
      planEventApplication(subEvent("customer.subscription.updated", T0 + 1000), {
        lastEventCreated: T0,
        state: stored,
      }),
    ).toMatchObject({ action: "ignore", reason: "stale" });
  });

  it("invoice.paid and invoice.payment_failed record payments", () => {
    const paid = stripeFixture<Stripe.Invoice>("invoice", {
      status: "paid",
      amount_paid: 1000,
      attempted: true,
      attempt_count: 1,
    });
    expect(planEventApplication(eventFixture("invoice.paid", paid, T0))).toMatchObject({
      action: "record_payment",
      payment: { status: "paid", amountCents: 1000 },
    });
    const failed = stripeFixture<Stripe.Invoice>("invoice", {
      status: "open",
      attempted: true,
      attempt_count: 3,
    });
    expect(planEventApplication(eventFixture("invoice.payment_failed", failed, T0))).toMatchObject({
      action: "record_payment",
      payment: {
        status: "failed",
        externalId: "in_1Pgc6tB7WZ01zgkWu9fdqL6I:attempt:3",
        occurredAt: new Date(T0 * 1000),
        attemptCount: 3,
      },
    });
  });

  it("other types are ignored and say so", () => {
    expect(planEventApplication(stripeFixture<Stripe.Event>("event"))).toEqual({
      eventId: "evt_1Pgc76B7WZ01zgkWwyRHS12y",
      eventType: "plan.created",
      eventCreated: 1234567890,
      action: "ignore",
      reason: "unhandled_type",
      detail: "plan.created does not change billing state",
    });
  });

  describe("a subscription snapshot lacking fields", () => {
    const undated = (overrides: Parameters<typeof subscriptionFixture>[0] = {}) => {
      const object = subscriptionFixture(overrides, [
        { unitAmount: 4000, interval: "month" },
      ]) as unknown as Record<string, unknown>;
      delete object.created;
      delete object.start_date;
      return object;
    };
    const stored = normalizeSubscription(subscriptionFixture());
    const cases: { name: string; object: object; state?: typeof stored; expected: object }[] = [
      {
        name: "no dates, stored: completed from the stored start",
        object: undated(),
        state: stored,
        expected: {
          action: "upsert_subscription",
          state: { startedAt: stored.startedAt, mrrCents: 4000 },
          change: { kind: "upgrade" },
        },
      },
      {
        name: "no customer, stored: completed from the stored customer",
        object: subscriptionFixture({ customer: null }),
        state: stored,
        expected: { action: "upsert_subscription", state: { customerId: stored.customerId } },
      },
      {
        name: "no dates, nothing stored: quarantined",
        object: undated(),
        expected: {
          action: "quarantine",
          reason: expect.stringContaining("lacks created/start_date, and no stored state"),
        },
      },
      {
        name: "no id: quarantined even when something is stored",
        object: subscriptionFixture({ id: undefined }),
        state: stored,
        expected: { action: "quarantine", reason: expect.stringContaining("(no id) lacks id") },
      },
    ];
    it.each(cases)("$name", ({ object, state, expected }) => {
      expect(
        planEventApplication(eventFixture("customer.subscription.updated", object, T0 + 100), {
          lastEventCreated: T0,
          state,
        }),
      ).toMatchObject(expected);
    });
    it("a customer event without an id is quarantined", () => {
      expect(
        planEventApplication(eventFixture("customer.updated", { object: "customer" }, T0)),
      ).toMatchObject({ action: "quarantine" });
    });
  });
});
