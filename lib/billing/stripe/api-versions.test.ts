// The same billing story rendered at Stripe API 2019-12-03 and at today's version (basil moved the period to the items and
// the invoice's subscription under `parent`) must come out the same: plans, MRR, changes, payments, period end.
import { describe, expect, it } from "vitest";
import type Stripe from "stripe";
import { planStripeEventBatch } from "./batch";
import { normalizeInvoice, normalizeSubscription } from "./normalize";
import { billingStory, subscriptionAt, type StripeShape } from "../__fixtures__/stripe-versions";
import { subscriptionFixture } from "../__fixtures__/stripe-fixtures";

const SHAPES: StripeShape[] = ["2019-12-03", "2026-10-28.endive"];

describe.each(SHAPES)("Stripe events at API %s", (shape) => {
  const plan = planStripeEventBatch(billingStory(shape, "k"), new Map());

  it("reads the plan, MRR and period of a subscription whose items carry only a plan (2019) or a price (today)", () => {
    expect(normalizeSubscription(subscriptionAt(shape, { id: "price_basic", amount: 1000 }))).toMatchObject({
      planKey: "price_basic",
      unitAmountCents: 1000,
      mrrCents: 1000,
      currency: "USD",
      currentPeriodEnd: new Date(1_702_592_000 * 1000),
    });
  });

  it("records new → upgrade → cancel and ends canceled", () => {
    expect(plan.changes.map((c) => [c.change.kind, c.change.toPlanKey, c.change.mrrAfterCents])).toEqual([
      ["new", "price_basic", 1000],
      ["upgrade", "price_pro", 3000],
      ["cancel", null, 0],
    ]);
    expect(plan.subscriptions.get("sub_k")?.state).toMatchObject({ status: "canceled", mrrCents: 0 });
  });

  it("counts the paid invoice once (invoice.paid and invoice.payment_succeeded) and the failed renewal", () => {
    expect(
      plan.payments.map((p) => [p.externalId, p.status, p.amountCents, p.subscriptionExternalId]),
    ).toEqual([
      ["in_k_1", "paid", 1000, "sub_k"],
      ["in_k_2:attempt:1", "failed", 3000, "sub_k"],
    ]);
    expect(plan.decisions.filter((d) => d.outcome === "applied")).toHaveLength(8);
  });
});

it("today's invoice_payment.paid is ignored (it names no customer; invoice.paid carries the payment)", () => {
  const plan = planStripeEventBatch(billingStory("2026-10-28.endive", "k"), new Map());
  expect(plan.decisions.find((d) => d.eventId === "evt_k_22")).toMatchObject({ outcome: "ignored" });
});

describe("shapes older still", () => {
  it("a subscription from before items existed bills its top-level plan × quantity", () => {
    const sub = subscriptionFixture({}, []) as unknown as Record<string, unknown>;
    sub.items = { object: "list", data: [] };
    sub.plan = {
      id: "gold",
      amount: 1200,
      currency: "eur",
      interval: "year",
      interval_count: 1,
      name: "Gold",
    };
    sub.quantity = 2;
    delete sub.currency;
    expect(normalizeSubscription(sub as unknown as Stripe.Subscription)).toMatchObject({
      planKey: "gold",
      planName: "Gold",
      mrrCents: 200,
      currency: "EUR",
    });
  });

  it("an invoice from before amount_paid and status (2017) is paid by its `paid` flag, for its total", () => {
    const invoice = {
      id: "in_old",
      object: "invoice",
      customer: "cus_old",
      subscription: "sub_old",
      currency: "usd",
      paid: true,
      closed: true,
      attempted: true,
      attempt_count: 1,
      total: 900,
      amount_due: 900,
      date: 1_500_000_000,
      created: 1_500_000_000,
    } as unknown as Stripe.Invoice;
    expect(normalizeInvoice(invoice)).toMatchObject({
      externalId: "in_old",
      status: "paid",
      amountCents: 900,
      subscriptionExternalId: "sub_old",
      occurredAt: new Date(1_500_000_000 * 1000),
    });
  });
});
