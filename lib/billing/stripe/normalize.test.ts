import { describe, expect, it } from "vitest";
import type Stripe from "stripe";
import { normalizeCustomer, normalizeInvoice, normalizeSubscription } from "./normalize";
import { stripeFixture, subscriptionFixture } from "../__fixtures__/stripe-fixtures";

describe("normalizeCustomer", () => {
  it("maps Stripe's example customer", () => {
    const customer = stripeFixture<Stripe.Customer>("customer", {
      email: "ada@example.org",
      name: "Ada Lovelace",
      metadata: { company: "Analytical Engines" },
    });
    expect(normalizeCustomer(customer)).toMatchObject({
      kind: "identity",
      source: "stripe",
      externalId: "cus_QXg1o8vcGmoR32",
      email: "ada@example.org",
      displayName: "Ada Lovelace",
      organizationName: "Analytical Engines",
      firstSeenAt: new Date(1234567890 * 1000),
      profile: { metadata: { company: "Analytical Engines" }, currency: "usd" },
    });
  });
  it("keeps nulls from the example as nulls", () => {
    expect(normalizeCustomer(stripeFixture<Stripe.Customer>("customer"))).toMatchObject({
      email: null,
      displayName: null,
      organizationName: null,
    });
  });
  it("marks a deleted customer", () => {
    expect(normalizeCustomer(stripeFixture<Stripe.DeletedCustomer>("deleted_customer"))).toMatchObject({
      isDeleted: true,
      source: "stripe",
    });
  });
});

describe("normalizeSubscription", () => {
  it("maps Stripe's example subscription (2025+ shape: periods on items)", () => {
    const raw = stripeFixture<Stripe.Subscription>("subscription");
    const state = normalizeSubscription(raw);
    expect(state).toMatchObject({
      externalId: "sub_1Pgc6rB7WZ01zgkWNy0Cn5nw",
      customerId: "cus_QXg1o8vcGmoR32",
      status: "active",
      planKey: "price_1PgafmB7WZ01zgkW6dKueIc5",
      unitAmountCents: 2000,
      currency: "USD",
      mrrCents: 2000,
      cancelAtPeriodEnd: true,
      canceledAt: new Date(1234567890 * 1000),
      // the example's item period end, not the (nonsense) plan interval_count
      currentPeriodEnd: new Date(976287773 * 1000),
    });
    // updatedAt is the latest timestamp the object carries: here the example's item period start
    expect(state.updatedAt).toEqual(new Date(1896570518 * 1000));
  });

  it.each([
    { name: "its own currency first", currency: "gbp", price: "eur", plan: "usd", expected: "GBP" },
    { name: "else the price's", currency: undefined, price: "eur", plan: "usd", expected: "EUR" },
    { name: "else the legacy plan's", currency: undefined, price: undefined, plan: "chf", expected: "CHF" },
    { name: "else empty", currency: undefined, price: undefined, plan: undefined, expected: "" },
  ])("currency: $name", ({ currency, price, plan, expected }) => {
    const raw = subscriptionFixture({ currency });
    const item = raw.items.data[0] as unknown as {
      price: { currency?: string };
      plan: { currency?: string };
    };
    item.price.currency = price;
    item.plan = { ...item.plan, currency: plan };
    expect(normalizeSubscription(raw).currency).toBe(expected);
  });

  it("reads the legacy subscription-level current_period_end when present", () => {
    const raw = subscriptionFixture({
      current_period_end: 1_800_000_000,
      current_period_start: 1_797_000_000,
    } as never);
    expect(normalizeSubscription(raw).currentPeriodEnd).toEqual(new Date(1_800_000_000 * 1000));
  });

  it("takes the earliest item period end as the next renewal", () => {
    const raw = subscriptionFixture({}, [
      { unitAmount: 1000, interval: "month", periodEnd: 1_705_000_000 },
      { unitAmount: 500, interval: "month", periodEnd: 1_703_000_000 },
    ]);
    expect(normalizeSubscription(raw).currentPeriodEnd).toEqual(new Date(1_703_000_000 * 1000));
  });

  it.each([
    ["monthly", [{ unitAmount: 2000, interval: "month" as const }], 2000],
    ["quarterly", [{ unitAmount: 3000, interval: "month" as const, intervalCount: 3 }], 1000],
    ["yearly", [{ unitAmount: 12000, interval: "year" as const }], 1000],
    ["biennial", [{ unitAmount: 24000, interval: "year" as const, intervalCount: 2 }], 1000],
    ["weekly", [{ unitAmount: 1000, interval: "week" as const }], 4333],
    ["daily", [{ unitAmount: 100, interval: "day" as const }], 3042],
    ["seats", [{ unitAmount: 1500, interval: "month" as const, quantity: 4 }], 6000],
    [
      "summed items",
      [
        { unitAmount: 1000, interval: "month" as const },
        { unitAmount: 12000, interval: "year" as const, quantity: 2 },
      ],
      3000,
    ],
    ["metered counts 0", [{ unitAmount: 5, interval: "month" as const, usageType: "metered" as const }], 0],
    ["tiered (no unit amount) counts 0", [{ unitAmount: null, interval: "month" as const }], 0],
  ])("MRR %s", (_name, items, expected) => {
    expect(normalizeSubscription(subscriptionFixture({}, items)).mrrCents).toBe(expected);
  });

  it.each(["canceled", "incomplete_expired", "unpaid", "incomplete", "paused"])(
    "MRR is 0 when %s",
    (status) => {
      expect(normalizeSubscription(subscriptionFixture({ status })).mrrCents).toBe(0);
    },
  );
  it.each(["active", "trialing", "past_due"])("MRR counts when %s", (status) => {
    expect(normalizeSubscription(subscriptionFixture({ status })).mrrCents).toBe(2000);
  });

  it("names the plan after the item bringing in the most", () => {
    const state = normalizeSubscription(
      subscriptionFixture({}, [
        { unitAmount: 500, interval: "month", lookupKey: "addon" },
        { unitAmount: 60000, interval: "year", lookupKey: "pro_yearly", nickname: "Pro (yearly)" },
      ]),
    );
    expect(state).toMatchObject({
      planKey: "pro_yearly",
      planName: "Pro (yearly)",
      unitAmountCents: 60000,
      mrrCents: 5500,
    });
  });
});

describe("normalizeInvoice", () => {
  const paidInvoice = (overrides: Partial<Record<keyof Stripe.Invoice, unknown>> = {}) => {
    const invoice = stripeFixture<Stripe.Invoice>("invoice", {
      status: "paid",
      amount_paid: 1000,
      amount_remaining: 0,
      attempted: true,
      attempt_count: 1,
      status_transitions: {
        finalized_at: 1_700_000_000,
        marked_uncollectible_at: null,
        paid_at: 1_700_000_100,
        voided_at: null,
      },
      ...overrides,
    });
    return invoice;
  };

  it("Stripe's example (a draft) is not a payment", () => {
    expect(normalizeInvoice(stripeFixture<Stripe.Invoice>("invoice"))).toBeNull();
  });

  it("maps a paid subscription invoice (2025+: subscription under parent)", () => {
    const invoice = paidInvoice({
      parent: {
        type: "subscription_details",
        quote_details: null,
        subscription_details: { metadata: null, subscription: "sub_123" },
      },
    });
    expect(normalizeInvoice(invoice)).toMatchObject({
      kind: "payment",
      source: "stripe",
      externalId: "in_1Pgc6tB7WZ01zgkWu9fdqL6I",
      actor: { source: "stripe", externalId: "cus_QXg1o8vcGmoR32" },
      amountCents: 1000,
      currency: "USD",
      status: "paid",
      paymentKind: "recurring",
      subscriptionExternalId: "sub_123",
      occurredAt: new Date(1_700_000_100 * 1000),
      attemptCount: 1,
    });
  });

  it("reads the legacy top-level subscription field", () => {
    const invoice = paidInvoice({ parent: null, subscription: "sub_legacy" } as never);
    expect(normalizeInvoice(invoice)?.subscriptionExternalId).toBe("sub_legacy");
  });

  it("a one-off invoice is paymentKind invoice", () => {
    expect(normalizeInvoice(paidInvoice({ parent: null }))?.paymentKind).toBe("invoice");
  });

  it("maps a failed attempt, keyed per attempt, dated by the observation", () => {
    const invoice = stripeFixture<Stripe.Invoice>("invoice", {
      status: "open",
      attempted: true,
      attempt_count: 2,
      amount_remaining: 1000,
      next_payment_attempt: 1_700_100_000,
    });
    const observedAt = new Date("2024-01-02T03:04:05Z");
    expect(normalizeInvoice(invoice, { outcome: "failed", observedAt })).toMatchObject({
      externalId: "in_1Pgc6tB7WZ01zgkWu9fdqL6I:attempt:2",
      status: "failed",
      amountCents: 1000,
      occurredAt: observedAt,
      attemptCount: 2,
      nextPaymentAttemptAt: new Date(1_700_100_000 * 1000),
    });
    // without the event, an open attempted invoice still reads as failed
    expect(normalizeInvoice(invoice)?.status).toBe("failed");
  });

  it("a zero-amount paid invoice (e.g. a trial start) is not a payment", () => {
    expect(normalizeInvoice(paidInvoice({ amount_paid: 0 }))).toBeNull();
  });
});
