// Set-based writes of Stripe billing state: many subscriptions, their changes and payments in one
// statement each (unnest of column arrays), whatever the number of events behind them.
import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import type { PlannedChange } from "@/lib/billing/stripe/batch";
import type { InvoicePayment } from "@/lib/billing/stripe/normalize";
import { STRIPE_SOURCE } from "@/lib/billing/stripe/normalize";
import type { SubscriptionState } from "@/lib/billing/types";
import type { IdentityResolver } from "@/lib/ingest/persist/identities";
import { refreshMemberBilling } from "@/lib/ingest/persist/billing";

type Tx = Prisma.TransactionClient;

export interface SubscriptionWrite {
  state: SubscriptionState;
  /** `created` of the newest event applied; null (a live sync) leaves the stored one. */
  lastEventCreated: number | null;
}

const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);

async function memberOf(
  tx: Tx,
  resolver: IdentityResolver,
  customerIds: string[],
): Promise<(customerId: string) => number> {
  await resolver.ensureActors(
    tx,
    customerIds.map((externalId) => ({ source: STRIPE_SOURCE, externalId })),
  );
  return (customerId) => resolver.get({ source: STRIPE_SOURCE, externalId: customerId })!.memberId;
}

async function planTiers(tx: Tx): Promise<(planKey: string | null) => number> {
  const plans = await tx.plan.findMany({ select: { key: true, tierRank: true } });
  const tiers = new Map(plans.map((p) => [p.key, p.tierRank]));
  // An unknown plan key still is a paid plan: tier 1, as the rankings expect of any paying member.
  return (planKey) => (planKey ? (tiers.get(planKey) ?? 1) : 0);
}

/** Upserts subscriptions and inserts their changes (each change once, by its id), then the members' tier and MRR. */
export async function writeSubscriptions(
  tx: Tx,
  resolver: IdentityResolver,
  subscriptions: SubscriptionWrite[],
  changes: PlannedChange[],
): Promise<void> {
  if (!subscriptions.length && !changes.length) return;
  const member = await memberOf(tx, resolver, [
    ...subscriptions.map((s) => s.state.customerId),
    ...changes.map((c) => c.state.customerId),
  ]);
  const tier = await planTiers(tx);
  const states = subscriptions.map((s) => s.state);
  // One JSON parameter per statement: the driver adapter serialises one string far faster than thousands of array elements.
  if (subscriptions.length) {
    const rows = subscriptions.map(({ state: s, lastEventCreated }) => ({
      member_id: member(s.customerId),
      external_id: s.externalId,
      customer_id: s.customerId,
      plan_key: s.planKey,
      tier_rank: tier(s.planKey),
      status: s.status,
      mrr_cents: s.mrrCents,
      currency: s.currency.toLowerCase(),
      started_at: iso(s.startedAt),
      canceled_at: iso(s.canceledAt ?? s.endedAt),
      current_period_end: iso(s.currentPeriodEnd),
      last_event_at: lastEventCreated === null ? null : new Date(lastEventCreated * 1000).toISOString(),
      state: s,
    }));
    await tx.$executeRaw(Prisma.sql`
      insert into subscriptions (member_id, source, external_id, customer_id, plan_key, tier_rank, status, mrr_cents, currency,
                                 started_at, canceled_at, current_period_end, last_event_at, state, updated_at)
      select u.member_id, ${STRIPE_SOURCE}, u.external_id, u.customer_id, u.plan_key, u.tier_rank, u.status, u.mrr_cents, u.currency,
             u.started_at, u.canceled_at, u.current_period_end, u.last_event_at, u.state, now()
        from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
          as u(member_id int, external_id text, customer_id text, plan_key text, tier_rank int, status text, mrr_cents int, currency text,
               started_at timestamptz, canceled_at timestamptz, current_period_end timestamptz, last_event_at timestamptz, state jsonb)
      on conflict (source, external_id) do update set
        member_id = excluded.member_id, customer_id = excluded.customer_id, plan_key = excluded.plan_key, tier_rank = excluded.tier_rank,
        status = excluded.status, mrr_cents = excluded.mrr_cents, currency = excluded.currency, started_at = excluded.started_at,
        canceled_at = excluded.canceled_at, current_period_end = excluded.current_period_end,
        last_event_at = coalesce(excluded.last_event_at, subscriptions.last_event_at), state = excluded.state, updated_at = now()`);
  }
  if (changes.length) {
    const rows = changes.map(({ eventId, state, change: c }) => ({
      subscription_external_id: state.externalId,
      member_id: member(state.customerId),
      external_id: eventId,
      kind: c.kind,
      from_plan_key: c.fromPlanKey,
      to_plan_key: c.toPlanKey,
      from_tier: tier(c.fromPlanKey),
      to_tier: c.kind === "cancel" ? 0 : tier(c.toPlanKey),
      mrr_before_cents: c.mrrBeforeCents,
      mrr_after_cents: c.mrrAfterCents,
      currency: state.currency.toLowerCase(),
      occurred_at: c.occurredAt.toISOString(),
    }));
    await tx.$executeRaw(Prisma.sql`
      insert into subscription_changes (subscription_id, member_id, source, external_id, kind, from_plan_key, to_plan_key, from_tier, to_tier,
                                        mrr_before_cents, mrr_after_cents, currency, occurred_at)
      select s.id, u.member_id, ${STRIPE_SOURCE}, u.external_id, u.kind::"ChangeKind", u.from_plan_key, u.to_plan_key, u.from_tier, u.to_tier,
             u.mrr_before_cents, u.mrr_after_cents, u.currency, u.occurred_at
        from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
          as u(subscription_external_id text, member_id int, external_id text, kind text, from_plan_key text, to_plan_key text, from_tier int, to_tier int,
               mrr_before_cents int, mrr_after_cents int, currency text, occurred_at timestamptz)
        join subscriptions s on s.source = ${STRIPE_SOURCE} and s.external_id = u.subscription_external_id
      on conflict (source, external_id) do nothing`);
  }
  await refreshMemberBilling(tx, [
    ...new Set([
      ...states.map((s) => member(s.customerId)),
      ...changes.map((c) => member(c.state.customerId)),
    ]),
  ]);
}

/** Inserts payments (one row per key; a repeat updates only the status, as a paid invoice's retry outcome may). */
export async function writeStripePayments(
  tx: Tx,
  resolver: IdentityResolver,
  payments: InvoicePayment[],
): Promise<void> {
  if (!payments.length) return;
  const member = await memberOf(
    tx,
    resolver,
    payments.map((p) => p.actor.externalId),
  );
  const rows = payments.map((p) => ({
    member_id: member(p.actor.externalId),
    external_id: p.externalId,
    amount_cents: Math.round(p.amountCents),
    currency: p.currency.toLowerCase(),
    status: p.status,
    kind: p.paymentKind,
    subscription_external_id: p.subscriptionExternalId ?? null,
    occurred_at: p.occurredAt.toISOString(),
  }));
  await tx.$executeRaw(Prisma.sql`
    insert into payments (member_id, source, external_id, amount_cents, currency, status, kind, subscription_external_id, occurred_at)
    select u.member_id, ${STRIPE_SOURCE}, u.external_id, u.amount_cents, u.currency, u.status, u.kind, u.subscription_external_id, u.occurred_at
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
        as u(member_id int, external_id text, amount_cents int, currency text, status text, kind text, subscription_external_id text, occurred_at timestamptz)
    on conflict (source, external_id) do update set status = excluded.status`);
}
