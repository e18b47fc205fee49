// Test helper: one customer's billing story (sign-up, payment, upgrade, failed retry, cancellation) as Stripe renders its
// events at an old API version (2019-12-03) and at today's (2025-03-31.basil and later), from Stripe's example objects.
import type Stripe from "stripe";
import { eventFixture, stripeFixture, subscriptionFixture } from "./stripe-fixtures";

export type StripeShape = "2019-12-03" | "2026-10-28.endive";

interface PriceSpec {
  id: string;
  amount: number;
}

/**
 * A subscription in the given version's shape. 2019-12-03: the period and the plan on the subscription itself, each item
 * carrying only its `plan` (Prices and `item.price` came in 2020), no top-level `currency`. Today: periods on the items.
 */
export function subscriptionAt(
  shape: StripeShape,
  price: PriceSpec,
  overrides: Record<string, unknown> = {},
): Stripe.Subscription {
  const sub = subscriptionFixture(overrides, [
    {
      unitAmount: price.amount,
      interval: "month",
      priceId: price.id,
      periodStart: 1_700_000_000,
      periodEnd: 1_702_592_000,
    },
  ]);
  if (shape !== "2019-12-03") return sub;
  const legacy = sub as unknown as Record<string, unknown>;
  const items = sub.items.data.map((item) => {
    const { price: p, current_period_start: start, current_period_end: end, ...rest } = item;
    void start;
    void end;
    const plan = {
      id: p.id,
      object: "plan",
      active: true,
      amount: p.unit_amount,
      amount_decimal: String(p.unit_amount),
      billing_scheme: "per_unit",
      currency: "usd",
      interval: "month",
      interval_count: 1,
      nickname: null,
      product: "prod_legacy",
      usage_type: "licensed",
    };
    return { ...rest, plan };
  });
  delete legacy.currency;
  return {
    ...legacy,
    plan: items[0].plan,
    quantity: 1,
    current_period_start: 1_700_000_000,
    current_period_end: 1_702_592_000,
    items: { ...sub.items, data: items },
  } as unknown as Stripe.Subscription;
}

/** An invoice of the subscription: `subscription` on the invoice (2019) or `parent.subscription_details` (basil+). */
export function invoiceAt(
  shape: StripeShape,
  fields: {
    id: string;
    customer: string;
    subscription: string;
    amount: number;
    paid: boolean;
    paidAt?: number;
  },
): Stripe.Invoice {
  const invoice = stripeFixture<Stripe.Invoice>("invoice", {
    id: fields.id,
    customer: fields.customer,
    currency: "usd",
    total: fields.amount,
    amount_due: fields.amount,
    amount_paid: fields.paid ? fields.amount : 0,
    amount_remaining: fields.paid ? 0 : fields.amount,
    attempted: true,
    attempt_count: 1,
    billing_reason: "subscription_cycle",
    status: fields.paid ? "paid" : "open",
    status_transitions: {
      finalized_at: null,
      marked_uncollectible_at: null,
      paid_at: fields.paidAt ?? null,
      voided_at: null,
    },
  }) as unknown as Record<string, unknown>;
  if (shape === "2019-12-03") {
    delete invoice.parent;
    return { ...invoice, subscription: fields.subscription, paid: fields.paid } as unknown as Stripe.Invoice;
  }
  delete invoice.subscription;
  return {
    ...invoice,
    parent: {
      type: "subscription_details",
      quote_details: null,
      subscription_details: { metadata: {}, subscription: fields.subscription },
    },
  } as unknown as Stripe.Invoice;
}

export const STORY_T0 = 1_700_000_000;

/**
 * The story, as events in the order Stripe created them: customer, subscription (basic, $10), its first invoice paid
 * (both `invoice.paid` and `invoice.payment_succeeded`, as Stripe sends both), an upgrade to pro ($30), a failed renewal,
 * cancel-at-period-end, the deletion. Today's shape also carries `invoice_payment.paid` (basil), which names no customer.
 */
export function billingStory(shape: StripeShape, key: string): Stripe.Event[] {
  const customerId = `cus_${key}`;
  const subId = `sub_${key}`;
  const t = (s: number) => STORY_T0 + s;
  const customer = stripeFixture<Stripe.Customer>("customer", {
    id: customerId,
    email: `${key}@example.org`,
    name: `Payer ${key}`,
  });
  const basic = { id: "price_basic", amount: 1000 };
  const pro = { id: "price_pro", amount: 3000 };
  const sub = (price: PriceSpec, extra: Record<string, unknown> = {}) =>
    subscriptionAt(shape, price, {
      id: subId,
      customer: customerId,
      created: t(10),
      start_date: t(10),
      ...extra,
    });
  const invoice = (n: number, amount: number, paidAt?: number) =>
    invoiceAt(shape, {
      id: `in_${key}_${n}`,
      customer: customerId,
      subscription: subId,
      amount,
      paid: paidAt != null,
      paidAt,
    });
  const paid = invoice(1, 1000, t(20));
  const failed = invoice(2, 3000);
  const event = (type: string, object: unknown, at: number) => {
    const e = eventFixture(type, object, t(at), `evt_${key}_${at}`) as Stripe.Event & { api_version: string };
    e.api_version = shape;
    return e;
  };
  const events = [
    event("customer.created", customer, 0),
    event("customer.subscription.created", sub(basic), 10),
    event("invoice.paid", paid, 20),
    event("invoice.payment_succeeded", paid, 21),
    event("customer.subscription.updated", sub(pro), 100),
    event("invoice.payment_failed", failed, 200),
    event(
      "customer.subscription.updated",
      sub(pro, { cancel_at_period_end: true, canceled_at: t(300) }),
      300,
    ),
    event(
      "customer.subscription.deleted",
      sub(pro, { status: "canceled", canceled_at: t(300), ended_at: t(400) }),
      400,
    ),
  ];
  if (shape === "2019-12-03") return events;
  const invoicePayment = {
    ...stripeFixture<Record<string, unknown>>("invoice_payment"),
    id: `inpay_${key}`,
    invoice: paid.id,
    amount_paid: 1000,
    currency: "usd",
    status: "paid",
  };
  return [...events.slice(0, 4), event("invoice_payment.paid", invoicePayment, 22), ...events.slice(4)];
}

/** A v2 "thin" event as event destinations send it (docs.stripe.com, event destinations): no snapshot, only a reference. */
export const THIN_EVENT = {
  id: "evt_test_65R9Ijk8dd6eaP4A",
  object: "v2.core.event",
  type: "v1.billing.meter.error_report_triggered",
  livemode: false,
  created: "2024-09-17T06:20:52.246Z",
  related_object: { id: "mtr_test_61R9", type: "billing.meter", url: "/v1/billing/meters/mtr_test_61R9" },
};
