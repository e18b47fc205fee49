// The Stripe webhook route with deliveries signed by Stripe's own test helper: duplicates are
// ignored, an older "active" update arriving after the deletion leaves it canceled, tampering is refused.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import Stripe from "stripe";
// Aliased: the hooks lint rule reads any "use…" call as a React hook.
import { truncateAll, useTestDatabase as openTestDatabase } from "@/lib/test/db";
import { resetEnvCache } from "@/lib/env";
import { eventFixture, stripeFixture, subscriptionFixture } from "@/lib/billing/__fixtures__/stripe-fixtures";
import { billingStory, THIN_EVENT } from "@/lib/billing/__fixtures__/stripe-versions";
import { POST } from "./route";
import { applyStripeEvents, ConcurrentDeliveryError } from "@/lib/services/billing/stripe-apply";
import { receiveStripeEvent } from "@/lib/services/billing/stripe-webhook";
import { newIdentityResolver } from "@/lib/services/imports/resolver";

const db = openTestDatabase();
const SECRET = "whsec_test_groundswell";
const stripe = new Stripe("sk_test_x");
const T0 = 1_700_000_000;

beforeAll(() => {
  process.env.STRIPE_WEBHOOK_SECRET = SECRET;
  resetEnvCache();
});
afterAll(() => {
  delete process.env.STRIPE_WEBHOOK_SECRET;
  resetEnvCache();
});
beforeEach(() => truncateAll(db));

function deliver(event: Stripe.Event, tamper?: (body: string) => string) {
  const payload = JSON.stringify(event);
  const header = stripe.webhooks.generateTestHeaderString({ payload, secret: SECRET });
  return POST(
    new Request("http://localhost/api/stripe/webhook", {
      method: "POST",
      headers: { "stripe-signature": header },
      body: tamper ? tamper(payload) : payload,
    }),
  );
}

const customer = stripeFixture<Stripe.Customer>("customer", { email: "payer@example.org" });
const sub = (status: string, extra: Record<string, unknown> = {}) =>
  subscriptionFixture({ customer: customer.id, status, ...extra }, [
    { unitAmount: 2000, interval: "month", lookupKey: "premium" },
  ]);

describe("POST /api/stripe/webhook", () => {
  it("applies events once and keeps a cancellation against a late, older update", async () => {
    const created = eventFixture("customer.created", customer, T0, "evt_cus");
    const subCreated = eventFixture(
      "customer.subscription.created",
      sub("active"),
      T0 + 10,
      "evt_sub_created",
    );
    const deleted = eventFixture(
      "customer.subscription.deleted",
      sub("canceled", { canceled_at: T0 + 300, ended_at: T0 + 300 }),
      T0 + 300,
      "evt_sub_deleted",
    );
    const lateUpdate = eventFixture(
      "customer.subscription.updated",
      sub("active"),
      T0 + 200,
      "evt_sub_updated_late",
    );

    for (const e of [created, subCreated]) expect((await deliver(e)).status).toBe(200);
    const member = await db.member.findFirstOrThrow();
    expect(member.currentTier).toBeGreaterThan(0);

    const dup = await deliver(subCreated);
    expect(dup.status).toBe(200);
    expect((await dup.json()).outcome).toBe("duplicate");

    expect((await deliver(deleted)).status).toBe(200);
    const late = await deliver(lateUpdate);
    expect(late.status).toBe(200);
    expect((await late.json()).outcome).toBe("stale");
    expect((await deliver(deleted)).status).toBe(200);

    const stored = await db.subscription.findFirstOrThrow();
    expect(stored.status).toBe("canceled");
    expect((await db.member.findUniqueOrThrow({ where: { id: member.id } })).currentTier).toBe(0);
    expect(await db.processedEvent.count()).toBe(4);
    expect(await db.subscriptionChange.count()).toBe(2);
    expect(await db.member.count()).toBe(1);
  });

  it("today's shapes (periods on items, invoice.parent, invoice.paid and invoice.payment_succeeded, invoice_payment.paid) come out right", async () => {
    const outcomes: string[] = [];
    for (const e of billingStory("2026-10-28.endive", "w")) {
      const res = await deliver(e);
      expect(res.status).toBe(200);
      outcomes.push((await res.json()).outcome);
    }
    // invoice_payment.paid names no customer: ignored; everything else applied.
    expect(outcomes.filter((o) => o !== "applied")).toEqual(["ignored"]);
    expect(await db.subscription.findFirstOrThrow()).toMatchObject({
      status: "canceled",
      planKey: "price_pro",
      currentPeriodEnd: new Date(1_702_592_000 * 1000),
    });
    expect(
      (await db.subscriptionChange.findMany({ orderBy: { occurredAt: "asc" } })).map((c) => c.kind),
    ).toEqual(["new", "upgrade", "cancel"]);
    expect(
      (await db.payment.findMany({ orderBy: { occurredAt: "asc" } })).map((p) => [p.externalId, p.status]),
    ).toEqual([
      ["in_w_1", "paid"],
      ["in_w_2:attempt:1", "failed"],
    ]);
  });

  it("answers a signed v2 thin event 200 ignored, writing nothing (it carries no snapshot to apply)", async () => {
    const thin = THIN_EVENT as unknown as Stripe.Event;
    const res = await deliver(thin);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      outcome: "ignored",
      reason: expect.stringMatching(/^a thin event/),
    });
    expect(await db.processedEvent.count()).toBe(0);
  });

  it("refuses a tampered body, a missing signature and a wrong secret", async () => {
    const e = eventFixture("customer.created", customer, T0, "evt_x");
    const tampered = await deliver(e, (body) => body.replace("payer@example.org", "thief@example.org"));
    expect(tampered.status).toBe(400);
    expect((await tampered.json()).error).toBe("invalid_signature");
    const unsigned = await POST(
      new Request("http://localhost/api/stripe/webhook", { method: "POST", body: JSON.stringify(e) }),
    );
    expect(unsigned.status).toBe(400);
    const payload = JSON.stringify(e);
    const wrong = stripe.webhooks.generateTestHeaderString({ payload, secret: "whsec_other" });
    expect(
      (
        await POST(
          new Request("http://localhost/api/stripe/webhook", {
            method: "POST",
            headers: { "stripe-signature": wrong },
            body: payload,
          }),
        )
      ).status,
    ).toBe(400);
    expect(await db.processedEvent.count()).toBe(0);
    expect(await db.identity.count()).toBe(0);
  });

  it("completes a subscription event lacking created/start_date from the stored subscription, and quarantines one with nothing stored", async () => {
    const partial = (extra: Record<string, unknown>) => {
      const object = sub("active", extra) as unknown as Record<string, unknown>;
      delete object.created;
      delete object.start_date;
      return object;
    };
    // Nothing stored for sub_orphan: answered 200 (a retry would carry the same object), nothing written, not marked processed.
    const orphan = await deliver(
      eventFixture("customer.subscription.updated", partial({ id: "sub_orphan" }), T0 + 5, "evt_orphan"),
    );
    expect(orphan.status).toBe(200);
    expect((await orphan.json()).outcome).toBe("quarantined");
    expect(await db.subscription.count()).toBe(0);
    expect(await db.processedEvent.count()).toBe(0);

    // Stored first; then an update without dates (and without a top-level currency) moves it to a higher price.
    expect(
      (await deliver(eventFixture("customer.subscription.created", sub("active"), T0 + 10, "evt_full")))
        .status,
    ).toBe(200);
    const upgraded = partial({ currency: undefined });
    (upgraded.items as Stripe.ApiList<Stripe.SubscriptionItem>).data[0].price.unit_amount = 5000;
    const res = await deliver(
      eventFixture("customer.subscription.updated", upgraded, T0 + 20, "evt_partial"),
    );
    expect((await res.json()).outcome).toBe("applied");
    const stored = await db.subscription.findFirstOrThrow({ where: { externalId: sub("active").id } });
    expect(stored).toMatchObject({
      mrrCents: 5000,
      currency: "usd",
      startedAt: new Date(1_690_000_000 * 1000),
    });
    expect(await db.subscriptionChange.findFirst({ where: { externalId: "evt_partial" } })).toMatchObject({
      kind: "upgrade",
      mrrBeforeCents: 2000,
      mrrAfterCents: 5000,
    });
  });

  it("stores the price's currency when the subscription states none (stripe-mock, older pinned API versions)", async () => {
    const object = sub("active", { id: "sub_eur" }) as unknown as Record<string, unknown>;
    delete object.currency;
    (object.items as Stripe.ApiList<Stripe.SubscriptionItem>).data[0].price.currency = "eur";
    expect((await deliver(eventFixture("customer.subscription.created", object, T0, "evt_eur"))).status).toBe(
      200,
    );
    expect(await db.subscription.findFirstOrThrow({ where: { externalId: "sub_eur" } })).toMatchObject({
      currency: "eur",
    });
    expect(await db.subscriptionChange.findFirstOrThrow({ where: { externalId: "evt_eur" } })).toMatchObject({
      currency: "eur",
    });
  });

  it("two deliveries of one event in concurrent transactions apply it once: the later one rolls back whole", async () => {
    const event = eventFixture("customer.subscription.created", sub("active"), T0, "evt_race");
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    // The first delivery applies the event and then holds its transaction open.
    const first = db.$transaction(async (tx) => {
      const decisions = await applyStripeEvents(tx, [event], newIdentityResolver());
      await held;
      return decisions[0].outcome;
    });
    await new Promise((r) => setTimeout(r, 500));
    const second = receiveStripeEvent(event);
    await new Promise((r) => setTimeout(r, 500));
    release();
    const outcomes = await Promise.allSettled([first, second]);
    const values = outcomes.map((o) =>
      o.status === "fulfilled"
        ? o.value
        : o.reason instanceof ConcurrentDeliveryError
          ? "rolled back"
          : String(o.reason),
    );
    // Whichever recorded the event first applied it; the other is a duplicate (or, for the held one, rolled back).
    expect(values.filter((v) => v === "applied")).toHaveLength(1);
    expect(values.filter((v) => v === "duplicate" || v === "rolled back")).toHaveLength(1);
    expect(await db.processedEvent.count()).toBe(1);
    expect(await db.subscriptionChange.count()).toBe(1);
    expect(await db.subscription.count()).toBe(1);
  });
});
