// Applies Stripe events to the database, whichever way they arrive (webhook, events file, live
// sync, reconcile): each event once (by id), never letting an older event overwrite newer state.
// A batch of events costs a fixed handful of statements: the ids applied before are read in one query,
// the touched subscriptions are read (and locked) in one query, every event is decided in memory in
// order, the results are written set-based (see stripe-writes.ts), and the ids are recorded last.
import "server-only";
import type Stripe from "stripe";
import { Prisma } from "@/lib/generated/prisma/client";
import { planStripeEventBatch, type ApplyOutcome, type EventDecision } from "@/lib/billing/stripe/batch";
import type { StoredEventState } from "@/lib/billing/stripe/events";
import { normalizeSubscription, STRIPE_SOURCE } from "@/lib/billing/stripe/normalize";
import { createPlanRanker } from "@/lib/billing/plans";
import type { SubscriptionState } from "@/lib/billing/types";
import type { IdentityResolver } from "@/lib/ingest/persist/identities";
import { ensurePlans } from "@/lib/ingest/persist/billing";
import { writeStripePayments, writeSubscriptions } from "./stripe-writes";

type Tx = Prisma.TransactionClient;
export type { ApplyOutcome };

/** A stored subscription state (JSON) with its dates revived. */
export function reviveState(raw: unknown): SubscriptionState | undefined {
  if (!raw || typeof raw !== "object") return undefined;
  const s = raw as Record<string, unknown>;
  const date = (v: unknown) => (v ? new Date(v as string) : null);
  return {
    ...(s as unknown as SubscriptionState),
    startedAt: date(s.startedAt)!,
    canceledAt: date(s.canceledAt),
    endedAt: date(s.endedAt),
    currentPeriodEnd: date(s.currentPeriodEnd),
    updatedAt: date(s.updatedAt)!,
  };
}

const subscriptionIdOf = (event: Stripe.Event): string | null => {
  const object = event.data.object as { object?: string; id?: string };
  return object.object === "subscription" && object.id ? object.id : null;
};

/** Raised when another delivery recorded one of the batch's events first: the caller's transaction must roll back. */
export class ConcurrentDeliveryError extends Error {
  constructor(readonly eventIds: string[]) {
    super(`Stripe events applied concurrently by another delivery: ${eventIds.slice(0, 5).join(", ")}`);
    this.name = "ConcurrentDeliveryError";
  }
}

async function alreadyApplied(tx: Tx, events: Stripe.Event[]): Promise<Set<string>> {
  if (!events.length) return new Set();
  const rows = await tx.$queryRaw<{ id: string }[]>(
    Prisma.sql`select id from processed_events where id = any(${events.map((e) => e.id)}::text[])`,
  );
  return new Set(rows.map((r) => r.id));
}

/**
 * Records the applied ids, at the very end of the transaction: a concurrent delivery of the same event waits here on
 * the key, and when it was first this transaction rolls back whole (so each event is applied exactly once).
 */
async function recordApplied(tx: Tx, events: Stripe.Event[]): Promise<void> {
  if (!events.length) return;
  const rows = await tx.$queryRaw<{ id: string }[]>(Prisma.sql`
    insert into processed_events (id, source, type)
    select u.id, ${STRIPE_SOURCE}, u.type from jsonb_to_recordset(${JSON.stringify(events.map((e) => ({ id: e.id, type: e.type })))}::jsonb) as u(id text, type text)
    on conflict (id) do nothing returning id`);
  if (rows.length < events.length) {
    const recorded = new Set(rows.map((r) => r.id));
    throw new ConcurrentDeliveryError(events.filter((e) => !recorded.has(e.id)).map((e) => e.id));
  }
}

/** The stored state of each subscription, locked so a concurrent webhook for the same subscription waits. */
async function storedSubscriptions(tx: Tx, ids: string[]): Promise<Map<string, StoredEventState>> {
  if (!ids.length) return new Map();
  const rows = await tx.$queryRaw<
    { external_id: string; last_event_at: Date | null; state: unknown }[]
  >(Prisma.sql`
    select external_id, last_event_at, state from subscriptions
     where source = ${STRIPE_SOURCE} and external_id = any(${ids}::text[]) order by id for update`);
  return new Map(
    rows.map((r) => [
      r.external_id,
      {
        lastEventCreated: r.last_event_at
          ? Math.floor(new Date(r.last_event_at).getTime() / 1000)
          : undefined,
        state: reviveState(r.state),
      },
    ]),
  );
}

/** Creates the plans the subscription snapshots name, in event order (a new plan's tier depends on the plans before it). */
async function ensureSnapshotPlans(tx: Tx, events: Stripe.Event[]) {
  const plans: { key: string; monthlyCents: number; currency: string }[] = [];
  for (const event of events) {
    if (!subscriptionIdOf(event)) continue;
    const sub = normalizeSubscription(event.data.object as Stripe.Subscription);
    if (sub.planKey)
      plans.push({
        key: sub.planKey,
        monthlyCents: sub.mrrCents || (sub.unitAmountCents ?? 0),
        currency: sub.currency,
      });
  }
  if (plans.length) await ensurePlans(tx, plans);
  const rows = await tx.plan.findMany({ select: { key: true, tierRank: true, monthlyAmountCents: true } });
  return createPlanRanker(rows);
}

/**
 * Applies events in the given order inside the caller's transaction; one decision per event, in order. Repeats (in the batch or
 * applied before) are "duplicate"; quarantined events are not marked processed, so a later delivery may still apply them.
 */
export async function applyStripeEvents(
  tx: Tx,
  events: readonly Stripe.Event[],
  resolver: IdentityResolver,
): Promise<EventDecision[]> {
  const firstIndex = new Map<string, number>();
  events.forEach((e, i) => firstIndex.has(e.id) || firstIndex.set(e.id, i));
  const unique = events.filter((e, i) => firstIndex.get(e.id) === i);
  const applied = await alreadyApplied(tx, unique);
  const fresh = unique.filter((e) => !applied.has(e.id));
  const subscriptionIds = [...new Set(fresh.map(subscriptionIdOf).filter((id): id is string => id != null))];
  const stored = await storedSubscriptions(tx, subscriptionIds);
  const planRank = await ensureSnapshotPlans(tx, fresh);
  const plan = planStripeEventBatch(fresh, stored, planRank);

  if (plan.identities.length) await resolver.upsert(tx, plan.identities);
  await writeStripePayments(tx, resolver, plan.payments);
  await writeSubscriptions(tx, resolver, [...plan.subscriptions.values()], plan.changes);

  const decided = new Map(plan.decisions.map((d) => [d.eventId, d]));
  await recordApplied(
    tx,
    fresh.filter((e) => decided.get(e.id)!.outcome !== "quarantined"),
  );
  return events.map((e, i): EventDecision =>
    firstIndex.get(e.id) === i && !applied.has(e.id)
      ? decided.get(e.id)!
      : { eventId: e.id, outcome: "duplicate" },
  );
}

/** Applies one event inside the caller's transaction (a webhook delivery). */
export async function applyStripeEvent(
  tx: Tx,
  event: Stripe.Event,
  resolver: IdentityResolver,
): Promise<ApplyOutcome> {
  const [decision] = await applyStripeEvents(tx, [event], resolver);
  return decision.outcome;
}

/** Stores one subscription as Stripe shows it now (live sync, reconcile), with the change from the stored state. */
export async function writeSubscriptionState(
  tx: Tx,
  state: SubscriptionState,
  resolver: IdentityResolver,
  change: PlannedChangeInput | null,
  changeId: string,
): Promise<void> {
  await writeSubscriptions(
    tx,
    resolver,
    [{ state, lastEventCreated: null }],
    change ? [{ eventId: changeId, state, change }] : [],
  );
}

type PlannedChangeInput = Parameters<typeof writeSubscriptions>[3][number]["change"];
