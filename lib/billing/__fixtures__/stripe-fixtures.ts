// Test helper: Stripe's own example objects (stripe/openapi fixtures3.json, read from the shared data folder, never copied)
// with overrides, so tests build realistic objects without hand-writing every field.
import fs from "node:fs";
import path from "node:path";
import type Stripe from "stripe";

export const STRIPE_FIXTURES_PATH = path.resolve(process.cwd(), "../shared/data/stripe-fixtures3.json");

let cache: Record<string, unknown> | null = null;
function resources(): Record<string, unknown> {
  cache ??= (
    JSON.parse(fs.readFileSync(STRIPE_FIXTURES_PATH, "utf8")) as { resources: Record<string, unknown> }
  ).resources;
  return cache;
}

export function stripeFixture<T>(name: string, overrides: Partial<Record<keyof T, unknown>> = {}): T {
  const base = structuredClone(resources()[name]);
  if (base == null) throw new Error(`no Stripe fixture named ${name}`);
  return { ...(base as object), ...overrides } as T;
}

type ItemSpec = {
  unitAmount: number | null;
  interval: Stripe.Price.Recurring.Interval;
  intervalCount?: number;
  quantity?: number;
  priceId?: string;
  lookupKey?: string | null;
  nickname?: string | null;
  usageType?: "licensed" | "metered";
  periodStart?: number;
  periodEnd?: number;
};

/** A subscription from Stripe's example, with items built from the example item and the given prices. */
export function subscriptionFixture(
  overrides: Partial<Record<keyof Stripe.Subscription, unknown>> = {},
  items: ItemSpec[] = [{ unitAmount: 2000, interval: "month" }],
): Stripe.Subscription {
  const base = stripeFixture<Stripe.Subscription>("subscription");
  const exampleItem = base.items.data[0];
  const data = items.map((spec, i) => {
    const item = structuredClone(exampleItem);
    item.id = `si_test_${i}`;
    item.quantity = spec.quantity ?? 1;
    item.current_period_start = spec.periodStart ?? 1_700_000_000;
    item.current_period_end = spec.periodEnd ?? 1_702_592_000;
    item.price = {
      ...item.price,
      id: spec.priceId ?? `price_test_${i}`,
      lookup_key: spec.lookupKey ?? null,
      nickname: spec.nickname ?? null,
      unit_amount: spec.unitAmount,
      // The API sends a string; stripe-node types it as its Decimal (whose valueOf is that string).
      unit_amount_decimal: (spec.unitAmount == null
        ? null
        : String(spec.unitAmount)) as unknown as Stripe.Price["unit_amount_decimal"],
      recurring: {
        ...item.price.recurring!,
        interval: spec.interval,
        interval_count: spec.intervalCount ?? 1,
        usage_type: spec.usageType ?? "licensed",
      },
    };
    return item;
  });
  return {
    ...base,
    status: "active",
    cancel_at_period_end: false,
    cancel_at: null,
    canceled_at: null,
    ended_at: null,
    created: 1_690_000_000,
    start_date: 1_690_000_000,
    ...overrides,
    items: { ...base.items, data },
  } as Stripe.Subscription;
}

/** An Event wrapping `object`, shaped like Stripe's example event. */
export function eventFixture(
  type: string,
  object: unknown,
  created: number,
  id = `evt_test_${type}_${created}`,
): Stripe.Event {
  return { ...stripeFixture<Stripe.Event>("event"), id, type, created, data: { object } } as Stripe.Event;
}
