// Stripe API objects → our normalised records: customers to identities, subscriptions to SubscriptionState,
// invoices to payments. Pure; accepts both the 2025+ shape (periods on items, invoice.parent) and the older one.
import type Stripe from "stripe";
import type { IdentityRecord, PaymentRecord } from "@/lib/ingest/types";
import { isActiveLike, type SubscriptionState } from "../types";
import { expandedProduct, priceUnitAmount, toMonthlyAmount } from "../plans";

export const STRIPE_SOURCE = "stripe";

/** Fields that older API versions put on the subscription itself (before 2025-03-31.basil). */
type LegacySubscriptionFields = { current_period_end?: number | null; current_period_start?: number | null };
/**
 * Fields that older API versions put on the invoice itself: `subscription` (before 2025-03-31.basil), `paid` (before
 * invoices had a `status`, 2018) and no `amount_paid`/`amount_remaining` (before 2018-02-28: `total` and `amount_due`).
 */
type LegacyInvoiceFields = { subscription?: string | Stripe.Subscription | null; paid?: boolean | null };

const toDate = (seconds: number | null | undefined): Date | null =>
  seconds == null ? null : new Date(seconds * 1000);
const idOf = (ref: string | { id: string } | null | undefined): string | null =>
  ref == null ? null : typeof ref === "string" ? ref : ref.id;

export function normalizeCustomer(customer: Stripe.Customer | Stripe.DeletedCustomer): IdentityRecord {
  if ("deleted" in customer && customer.deleted) {
    return { kind: "identity", source: STRIPE_SOURCE, externalId: customer.id, isDeleted: true };
  }
  const c = customer as Stripe.Customer;
  const metadata = c.metadata ?? {};
  return {
    kind: "identity",
    source: STRIPE_SOURCE,
    externalId: c.id,
    email: c.email ?? null,
    displayName: c.name ?? c.individual_name ?? null,
    // Only what the customer record states; the persist layer derives organisations from email domains.
    organizationName: c.business_name ?? metadata.company ?? metadata.organization ?? null,
    country: c.address?.country ?? null,
    firstSeenAt: toDate(c.created),
    profile: { metadata, currency: c.currency ?? null, delinquent: c.delinquent ?? null },
  };
}

interface ItemPricing {
  planKey: string | null;
  /** The price's currency (or the legacy plan's): what the subscription bills in when it states none itself. */
  currency: string | null;
  planName: string | null;
  unitAmountCents: number | null;
  monthlyCents: number;
}

/**
 * A Plan as API versions before 2020-08-27 put it on the subscription and its items (an item may carry only `plan`, no
 * `price`; before 2016 a subscription had no items, only `plan` and `quantity`). A plan's id is its price's id.
 */
type LegacyPlan = {
  id?: string;
  amount?: number | null;
  amount_decimal?: string | null;
  currency?: string | null;
  interval?: Stripe.Price.Recurring.Interval;
  interval_count?: number | null;
  usage_type?: Stripe.Price.Recurring.UsageType | null;
  nickname?: string | null;
  name?: string | null;
};
type LegacyItem = { plan?: LegacyPlan | null; price?: Stripe.Price | null; quantity?: number | null };

/** The price an item bills, from `price` or, in older versions, from its `plan`. */
function pricingOf(item: LegacyItem): {
  id: string;
  lookupKey: string | null;
  currency: string | null;
  name: string | null;
  unit: number | null;
  recurring: {
    interval: Stripe.Price.Recurring.Interval;
    interval_count?: number | null;
    usage_type?: string | null;
  } | null;
} | null {
  const price = item.price;
  const plan = item.plan;
  if (price) {
    return {
      id: price.id,
      lookupKey: price.lookup_key ?? null,
      currency: price.currency || plan?.currency || null,
      name: price.nickname ?? expandedProduct(price)?.name ?? null,
      unit: priceUnitAmount(price),
      recurring: price.recurring ?? null,
    };
  }
  if (!plan?.id) return null;
  return {
    id: plan.id,
    lookupKey: null,
    currency: plan.currency ?? null,
    name: plan.nickname ?? plan.name ?? null,
    unit: plan.amount ?? (plan.amount_decimal != null ? Number(plan.amount_decimal) : null),
    recurring: plan.interval
      ? { interval: plan.interval, interval_count: plan.interval_count, usage_type: plan.usage_type }
      : null,
  };
}

/** One item's monthly amount: unit amount × quantity normalised to a month. Metered and tiered prices count 0 (no fixed amount). */
function itemPricing(item: LegacyItem): ItemPricing {
  const price = pricingOf(item);
  const recurring = price?.recurring;
  const unit = price?.unit ?? null;
  const monthlyCents =
    unit != null && recurring && recurring.usage_type !== "metered"
      ? toMonthlyAmount(unit * (item.quantity ?? 1), recurring.interval, recurring.interval_count ?? 1)
      : 0;
  return {
    planKey: price ? (price.lookupKey ?? price.id) : null,
    currency: price?.currency ?? null,
    planName: price?.name ?? null,
    unitAmountCents: unit,
    monthlyCents,
  };
}

/** The subscription's items; a subscription from before items existed bills its top-level plan × quantity. */
function itemsOf(sub: Stripe.Subscription): (Stripe.SubscriptionItem | LegacyItem)[] {
  const items = sub.items?.data ?? [];
  const legacy = sub as Stripe.Subscription & LegacyItem;
  return items.length || !legacy.plan ? items : [{ plan: legacy.plan, quantity: legacy.quantity }];
}

export interface NormalizeSubscriptionOptions {
  /** Force a status, e.g. "canceled" for a customer.subscription.deleted event whose object lags. */
  statusOverride?: SubscriptionState["status"];
}

export function normalizeSubscription(
  sub: Stripe.Subscription,
  options: NormalizeSubscriptionOptions = {},
): SubscriptionState {
  const legacy = sub as Stripe.Subscription & LegacySubscriptionFields;
  const items = itemsOf(sub);
  const pricing = items.map((i) => itemPricing(i as LegacyItem));
  // The primary item names the plan: the one bringing in the most per month (the first on a tie).
  const primary = pricing.reduce<ItemPricing | null>(
    (best, p) => (best == null || p.monthlyCents > best.monthlyCents ? p : best),
    null,
  );
  const status = options.statusOverride ?? sub.status;
  const mrr = isActiveLike(status) ? Math.round(pricing.reduce((sum, p) => sum + p.monthlyCents, 0)) : 0;

  // 2025+ puts the period on each item; the next renewal is the earliest item period end.
  const itemPeriodEnds = items
    .map((i) => (i as Partial<Stripe.SubscriptionItem>).current_period_end)
    .filter((t): t is number => typeof t === "number");
  const periodEnd = legacy.current_period_end ?? (itemPeriodEnds.length ? Math.min(...itemPeriodEnds) : null);
  const itemPeriodStarts = items
    .map((i) => (i as Partial<Stripe.SubscriptionItem>).current_period_start)
    .filter((t): t is number => typeof t === "number");
  const ownTimestamps = [
    sub.created,
    sub.start_date,
    sub.canceled_at,
    sub.ended_at,
    legacy.current_period_start,
    ...itemPeriodStarts,
  ].filter((t): t is number => typeof t === "number");
  const endedAt = toDate(sub.ended_at);

  return {
    externalId: sub.id,
    customerId: idOf(sub.customer) ?? "",
    status,
    planKey: primary?.planKey ?? null,
    planName: primary?.planName ?? null,
    unitAmountCents: primary?.unitAmountCents ?? null,
    // Subscriptions at older pinned API versions (and stripe-mock's) carry no top-level currency; the price does.
    currency: (
      sub.currency ||
      primary?.currency ||
      pricing.find((p) => p.currency)?.currency ||
      ""
    ).toUpperCase(),
    mrrCents: mrr,
    startedAt: toDate(sub.start_date ?? sub.created)!,
    canceledAt: toDate(sub.canceled_at),
    endedAt,
    cancelAtPeriodEnd: Boolean(sub.cancel_at_period_end),
    currentPeriodEnd: toDate(periodEnd),
    updatedAt: new Date(Math.max(...ownTimestamps) * 1000),
  };
}

/** A payment from an invoice, with what Stripe says about its collection attempts. */
export interface InvoicePayment extends PaymentRecord {
  invoiceId: string;
  attemptCount: number;
  nextPaymentAttemptAt: Date | null;
  billingReason: string | null;
}

export interface NormalizeInvoiceOptions {
  /** What the caller knows happened (from the event type); otherwise read from the invoice's status. */
  outcome?: "paid" | "failed";
  /** When the outcome was observed (the event's `created`); dates a failure, which the invoice does not timestamp. */
  observedAt?: Date;
}

/** The subscription an invoice bills: `parent.subscription_details` (2025+) or the legacy top-level field. */
export function invoiceSubscriptionId(invoice: Stripe.Invoice): string | null {
  const fromParent = invoice.parent?.subscription_details?.subscription;
  return idOf(fromParent) ?? idOf((invoice as Stripe.Invoice & LegacyInvoiceFields).subscription);
}

/**
 * Invoice → payment, or null when it is not a payment (draft, void, not yet attempted, no customer, nothing paid).
 * A paid invoice is keyed by its id; each failed attempt by `<id>:attempt:<n>`, so retries are kept and re-imports are idempotent.
 */
export function normalizeInvoice(
  invoice: Stripe.Invoice,
  options: NormalizeInvoiceOptions = {},
): InvoicePayment | null {
  const customerId = idOf(invoice.customer);
  if (!invoice.id || !customerId) return null;
  const legacy = invoice as Stripe.Invoice & LegacyInvoiceFields;
  const outcome =
    options.outcome ??
    (invoice.status === "paid" || (invoice.status == null && legacy.paid === true)
      ? "paid"
      : invoice.attempted &&
          invoice.attempt_count > 0 &&
          (invoice.status === "open" || invoice.status === "uncollectible")
        ? "failed"
        : null);
  if (outcome == null) return null;
  const amountCents =
    outcome === "paid"
      ? (invoice.amount_paid ?? invoice.total ?? invoice.amount_due)
      : invoice.amount_remaining || invoice.amount_due;
  if (!(amountCents > 0)) return null;
  const subscriptionId = invoiceSubscriptionId(invoice);
  const occurredAt =
    outcome === "paid"
      ? (toDate(invoice.status_transitions?.paid_at) ?? options.observedAt ?? toDate(invoice.created)!)
      : (options.observedAt ?? toDate(invoice.created)!);
  return {
    kind: "payment",
    source: STRIPE_SOURCE,
    externalId: outcome === "paid" ? invoice.id : `${invoice.id}:attempt:${invoice.attempt_count}`,
    actor: { source: STRIPE_SOURCE, externalId: customerId },
    amountCents,
    currency: invoice.currency.toUpperCase(),
    status: outcome,
    paymentKind: subscriptionId ? "recurring" : "invoice",
    occurredAt,
    subscriptionExternalId: subscriptionId,
    invoiceId: invoice.id,
    attemptCount: invoice.attempt_count,
    nextPaymentAttemptAt: toDate(invoice.next_payment_attempt),
    billingReason: invoice.billing_reason ?? null,
  };
}
