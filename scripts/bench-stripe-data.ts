// Writes a Stripe events file for the billing import benchmark: customers with a subscription each,
// monthly invoice.paid events, some plan changes and cancellations, interleaved by time as an Events API
// export is, with ~2 % of neighbours swapped (out of order) and ~1 % delivered twice. Objects are Stripe's
// own example objects (../shared/data/stripe-fixtures3.json) with ids, amounts and dates set.
// `tsx scripts/bench-stripe-data.ts FILE EVENTS`
import { createWriteStream } from "node:fs";
import type Stripe from "stripe";
import { eventFixture, stripeFixture, subscriptionFixture } from "@/lib/billing/__fixtures__/stripe-fixtures";

const [file, eventsArg] = process.argv.slice(2);
const TARGET = Number(eventsArg);
const START = Date.parse("2024-01-01T00:00:00Z") / 1000;
const MONTH = 30 * 86_400;
const PLANS = [
  { key: "basic", cents: 1_000 },
  { key: "pro", cents: 3_000 },
  { key: "team", cents: 9_900 },
];

/** mulberry32: deterministic, so every run measures the same file. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Spec = {
  created: number;
  kind: "customer" | "sub_created" | "sub_updated" | "sub_deleted" | "invoice";
  c: number;
  plan: number;
  month: number;
};

function lifecycles(rand: () => number): Spec[] {
  const specs: Spec[] = [];
  for (let c = 0; specs.length < TARGET; c++) {
    const t0 = START + Math.floor(rand() * 540 * 86_400);
    let plan = Math.floor(rand() * PLANS.length);
    const months = 1 + Math.floor(rand() * 12);
    specs.push(
      { created: t0, kind: "customer", c, plan, month: 0 },
      { created: t0 + 60, kind: "sub_created", c, plan, month: 0 },
    );
    const changeAt = rand() < 0.3 ? 1 + Math.floor(rand() * months) : -1;
    for (let m = 0; m < months; m++) {
      if (m === changeAt) {
        plan = (plan + 1 + Math.floor(rand() * (PLANS.length - 1))) % PLANS.length;
        specs.push({ created: t0 + m * MONTH - 3_600, kind: "sub_updated", c, plan, month: m });
      }
      specs.push({ created: t0 + m * MONTH + 120, kind: "invoice", c, plan, month: m });
    }
    if (rand() < 0.25)
      specs.push({ created: t0 + months * MONTH, kind: "sub_deleted", c, plan, month: months });
  }
  return specs.slice(0, TARGET).sort((a, b) => a.created - b.created);
}

function toEvent(s: Spec, n: number): Stripe.Event {
  const customerId = `cus_bench_${s.c}`;
  const subscriptionId = `sub_bench_${s.c}`;
  const plan = PLANS[s.plan];
  const subscription = (status: string, extra: Record<string, unknown> = {}) =>
    subscriptionFixture(
      {
        id: subscriptionId,
        customer: customerId,
        status,
        created: s.created - s.month * MONTH,
        start_date: s.created - s.month * MONTH,
        ...extra,
      },
      [
        {
          unitAmount: plan.cents,
          interval: "month",
          lookupKey: plan.key,
          periodStart: s.created,
          periodEnd: s.created + MONTH,
        },
      ],
    );
  const id = `evt_bench_${n}`;
  switch (s.kind) {
    case "customer":
      return eventFixture(
        "customer.created",
        stripeFixture("customer", {
          id: customerId,
          email: `payer${s.c}@example.org`,
          name: `Payer ${s.c}`,
          created: s.created,
        }),
        s.created,
        id,
      );
    case "sub_created":
      return eventFixture("customer.subscription.created", subscription("active"), s.created, id);
    case "sub_updated":
      return eventFixture("customer.subscription.updated", subscription("active"), s.created, id);
    case "sub_deleted":
      return eventFixture(
        "customer.subscription.deleted",
        subscription("canceled", { canceled_at: s.created, ended_at: s.created }),
        s.created,
        id,
      );
    case "invoice":
      return eventFixture(
        "invoice.paid",
        stripeFixture("invoice", {
          id: `in_bench_${s.c}_${s.month}`,
          customer: customerId,
          status: "paid",
          amount_paid: plan.cents,
          amount_due: plan.cents,
          total: plan.cents,
          currency: "usd",
          created: s.created,
          status_transitions: {
            finalized_at: s.created,
            paid_at: s.created,
            marked_uncollectible_at: null,
            voided_at: null,
          },
          parent: {
            type: "subscription_details",
            quote_details: null,
            subscription_details: { metadata: {}, subscription: subscriptionId },
          },
        }),
        s.created,
        id,
      );
  }
}

const rand = random(17);
const specs = lifecycles(rand);
// At-least-once and out-of-order delivery, as webhooks and retried exports have it.
for (let i = 1; i < specs.length; i++) if (rand() < 0.02) [specs[i - 1], specs[i]] = [specs[i], specs[i - 1]];
const out = createWriteStream(file, { highWaterMark: 1 << 20 });
let chunk = "";
let written = 0;
for (let i = 0; i < specs.length; i++) {
  const line = JSON.stringify(toEvent(specs[i], i)) + "\n";
  chunk += line;
  written++;
  if (rand() < 0.01 && written < TARGET) {
    chunk += line;
    written++;
  }
  if (written >= TARGET) break;
  if (chunk.length > 1 << 20) {
    if (!out.write(chunk)) await new Promise<void>((r) => out.once("drain", () => r()));
    chunk = "";
  }
}
out.end(chunk);
await new Promise<void>((r) => out.once("finish", () => r()));
console.log(
  `  ${written.toLocaleString()} events, ${new Set(specs.map((s) => s.c)).size.toLocaleString()} customers`,
);
