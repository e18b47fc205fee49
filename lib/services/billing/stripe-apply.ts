// Applies Stripe events to the database, whichever way they arrive (webhook, events file, live
// sync, reconcile): each event once (by id), never letting an older event overwrite newer state.
import "server-only";
import type Stripe from "stripe";
import type { Prisma } from "@/lib/generated/prisma/client";
import { planEventApplication, type EventIntent } from "@/lib/billing/stripe/events";
import { normalizeSubscription, STRIPE_SOURCE } from "@/lib/billing/stripe/normalize";
import { createPlanRanker } from "@/lib/billing/plans";
import type { SubscriptionState } from "@/lib/billing/types";
import { IdentityResolver } from "@/lib/ingest/persist/identities";
import { ensurePlans, refreshMemberBilling } from "@/lib/ingest/persist/billing";

type Tx = Prisma.TransactionClient;
export type ApplyOutcome = "applied" | "duplicate" | "ignored" | "stale";

/** A stored subscription state (JSON) with its dates revived. */
export function reviveState(raw: unknown): SubscriptionState | undefined {
  if (!raw || typeof raw !== "object") return undefined;
  const s = raw as Record<string, unknown>;
  const date = (v: unknown) => (v ? new Date(v as string) : null);
  return { ...(s as unknown as SubscriptionState), startedAt: date(s.startedAt)!, canceledAt: date(s.canceledAt), endedAt: date(s.endedAt), currentPeriodEnd: date(s.currentPeriodEnd), updatedAt: date(s.updatedAt)! };
}

async function planRanker(tx: Tx) {
  const plans = await tx.plan.findMany({ select: { key: true, tierRank: true, monthlyAmountCents: true } });
  return createPlanRanker(plans.map((p) => ({ key: p.key, tierRank: p.tierRank, monthlyAmountCents: p.monthlyAmountCents })));
}

/** Applies one event inside the caller's transaction. */
export async function applyStripeEvent(tx: Tx, event: Stripe.Event, resolver: IdentityResolver): Promise<ApplyOutcome> {
  const already = await tx.processedEvent.findUnique({ where: { id: event.id }, select: { id: true } });
  if (already) return "duplicate";
  const object = event.data.object as { object?: string; id?: string };
  let stored: { lastEventCreated?: number; state?: SubscriptionState } = {};
  if (object.object === "subscription" && object.id) {
    const sub = normalizeSubscription(object as Stripe.Subscription);
    if (sub.planKey) await ensurePlans(tx, [{ key: sub.planKey, monthlyCents: sub.mrrCents || (sub.unitAmountCents ?? 0), currency: sub.currency }]);
    const row = await tx.subscription.findUnique({ where: { source_externalId: { source: STRIPE_SOURCE, externalId: object.id } }, select: { lastEventAt: true, state: true } });
    if (row) stored = { lastEventCreated: row.lastEventAt ? Math.floor(row.lastEventAt.getTime() / 1000) : undefined, state: reviveState(row.state) };
  }
  const intent = planEventApplication(event, stored, { planRank: await planRanker(tx) });
  const outcome = await executeIntent(tx, intent, resolver);
  await tx.processedEvent.create({ data: { id: event.id, source: STRIPE_SOURCE, type: event.type } });
  return outcome;
}

async function executeIntent(tx: Tx, intent: EventIntent, resolver: IdentityResolver): Promise<ApplyOutcome> {
  switch (intent.action) {
    case "ignore":
      return intent.reason === "stale" ? "stale" : "ignored";
    case "upsert_identity":
      await resolver.upsert(tx, [intent.identity]);
      return "applied";
    case "record_payment": {
      const actor = { source: STRIPE_SOURCE, externalId: intent.payment.actor.externalId };
      await resolver.ensureActors(tx, [actor]);
      const memberId = resolver.get(actor)!.memberId;
      const p = intent.payment;
      await tx.payment.upsert({
        where: { source_externalId: { source: STRIPE_SOURCE, externalId: p.externalId } },
        create: { memberId, source: STRIPE_SOURCE, externalId: p.externalId, amountCents: Math.round(p.amountCents), currency: p.currency.toLowerCase(), status: p.status, kind: p.paymentKind, subscriptionExternalId: p.subscriptionExternalId ?? null, occurredAt: p.occurredAt },
        update: { status: p.status },
      });
      return "applied";
    }
    case "upsert_subscription": {
      await writeSubscriptionState(tx, intent.state, resolver, intent.lastEventCreated, intent.change, intent.eventId);
      return "applied";
    }
  }
}

/** Stores a subscription's state (and the change it made), then the member's tier and MRR. */
export async function writeSubscriptionState(
  tx: Tx,
  state: SubscriptionState,
  resolver: IdentityResolver,
  lastEventCreated: number | null,
  change: (EventIntent & { action: "upsert_subscription" })["change"],
  changeId: string,
): Promise<void> {
  const actor = { source: STRIPE_SOURCE, externalId: state.customerId };
  await resolver.ensureActors(tx, [actor]);
  const memberId = resolver.get(actor)!.memberId;
  const tier = state.planKey ? ((await tx.plan.findUnique({ where: { key: state.planKey }, select: { tierRank: true } }))?.tierRank ?? 1) : 0;
  const data = {
    memberId,
    customerId: state.customerId,
    planKey: state.planKey,
    tierRank: tier,
    status: state.status,
    mrrCents: state.mrrCents,
    currency: state.currency.toLowerCase(),
    startedAt: state.startedAt,
    canceledAt: state.canceledAt ?? state.endedAt,
    currentPeriodEnd: state.currentPeriodEnd,
    lastEventAt: lastEventCreated === null ? undefined : new Date(lastEventCreated * 1000),
    state: JSON.parse(JSON.stringify(state)),
  };
  const subscription = await tx.subscription.upsert({
    where: { source_externalId: { source: STRIPE_SOURCE, externalId: state.externalId } },
    create: { source: STRIPE_SOURCE, externalId: state.externalId, ...data },
    update: data,
    select: { id: true },
  });
  if (change) {
    const rank = async (key: string | null) => (key ? ((await tx.plan.findUnique({ where: { key }, select: { tierRank: true } }))?.tierRank ?? 1) : 0);
    await tx.subscriptionChange.upsert({
      where: { source_externalId: { source: STRIPE_SOURCE, externalId: changeId } },
      create: {
        subscriptionId: subscription.id,
        memberId,
        source: STRIPE_SOURCE,
        externalId: changeId,
        kind: change.kind,
        fromPlanKey: change.fromPlanKey,
        toPlanKey: change.toPlanKey,
        fromTier: await rank(change.fromPlanKey),
        toTier: change.kind === "cancel" ? 0 : await rank(change.toPlanKey),
        mrrBeforeCents: change.mrrBeforeCents,
        mrrAfterCents: change.mrrAfterCents,
        currency: state.currency.toLowerCase(),
        occurredAt: change.occurredAt,
      },
      update: {},
    });
  }
  await refreshMemberBilling(tx, [memberId]);
}
