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

async function memberOf(tx: Tx, resolver: IdentityResolver, customerIds: string[]): Promise<(customerId: string) => number> {
  await resolver.ensureActors(tx, customerIds.map((externalId) => ({ source: STRIPE_SOURCE, externalId })));
  return (customerId) => resolver.get({ source: STRIPE_SOURCE, externalId: customerId })!.memberId;
}

async function planTiers(tx: Tx): Promise<(planKey: string | null) => number> {
  const plans = await tx.plan.findMany({ select: { key: true, tierRank: true } });
  const tiers = new Map(plans.map((p) => [p.key, p.tierRank]));
  // An unknown plan key still is a paid plan: tier 1, as the rankings expect of any paying member.
  return (planKey) => (planKey ? (tiers.get(planKey) ?? 1) : 0);
}

/** Upserts subscriptions and inserts their changes (each change once, by its id), then the members' tier and MRR. */
export async function writeSubscriptions(tx: Tx, resolver: IdentityResolver, subscriptions: SubscriptionWrite[], changes: PlannedChange[]): Promise<void> {
  if (!subscriptions.length && !changes.length) return;
  const member = await memberOf(tx, resolver, [...subscriptions.map((s) => s.state.customerId), ...changes.map((c) => c.state.customerId)]);
  const tier = await planTiers(tx);
  const states = subscriptions.map((s) => s.state);
  if (states.length) {
    await tx.$executeRaw(Prisma.sql`
      insert into subscriptions (member_id, source, external_id, customer_id, plan_key, tier_rank, status, mrr_cents, currency,
                                 started_at, canceled_at, current_period_end, last_event_at, state, updated_at)
      select u.member_id, ${STRIPE_SOURCE}, u.external_id, u.customer_id, u.plan_key, u.tier_rank, u.status, u.mrr_cents, u.currency,
             u.started_at, u.canceled_at, u.current_period_end, u.last_event_at, u.state::jsonb, now()
        from unnest(${states.map((s) => member(s.customerId))}::int[], ${states.map((s) => s.externalId)}::text[], ${states.map((s) => s.customerId)}::text[],
                    ${states.map((s) => s.planKey)}::text[], ${states.map((s) => tier(s.planKey))}::int[], ${states.map((s) => s.status)}::text[],
                    ${states.map((s) => s.mrrCents)}::int[], ${states.map((s) => s.currency.toLowerCase())}::text[],
                    ${states.map((s) => iso(s.startedAt))}::timestamptz[], ${states.map((s) => iso(s.canceledAt ?? s.endedAt))}::timestamptz[],
                    ${states.map((s) => iso(s.currentPeriodEnd))}::timestamptz[],
                    ${subscriptions.map((s) => (s.lastEventCreated === null ? null : new Date(s.lastEventCreated * 1000).toISOString()))}::timestamptz[],
                    ${states.map((s) => JSON.stringify(s))}::text[])
          as u(member_id, external_id, customer_id, plan_key, tier_rank, status, mrr_cents, currency, started_at, canceled_at, current_period_end, last_event_at, state)
      on conflict (source, external_id) do update set
        member_id = excluded.member_id, customer_id = excluded.customer_id, plan_key = excluded.plan_key, tier_rank = excluded.tier_rank,
        status = excluded.status, mrr_cents = excluded.mrr_cents, currency = excluded.currency, started_at = excluded.started_at,
        canceled_at = excluded.canceled_at, current_period_end = excluded.current_period_end,
        last_event_at = coalesce(excluded.last_event_at, subscriptions.last_event_at), state = excluded.state, updated_at = now()`);
  }
  if (changes.length) {
    await tx.$executeRaw(Prisma.sql`
      insert into subscription_changes (subscription_id, member_id, source, external_id, kind, from_plan_key, to_plan_key, from_tier, to_tier,
                                        mrr_before_cents, mrr_after_cents, currency, occurred_at)
      select s.id, u.member_id, ${STRIPE_SOURCE}, u.external_id, u.kind::"ChangeKind", u.from_plan_key, u.to_plan_key, u.from_tier, u.to_tier,
             u.mrr_before_cents, u.mrr_after_cents, u.currency, u.occurred_at
        from unnest(${changes.map((c) => c.state.externalId)}::text[], ${changes.map((c) => member(c.state.customerId))}::int[], ${changes.map((c) => c.eventId)}::text[],
                    ${changes.map((c) => c.change.kind)}::text[], ${changes.map((c) => c.change.fromPlanKey)}::text[], ${changes.map((c) => c.change.toPlanKey)}::text[],
                    ${changes.map((c) => tier(c.change.fromPlanKey))}::int[], ${changes.map((c) => (c.change.kind === "cancel" ? 0 : tier(c.change.toPlanKey)))}::int[],
                    ${changes.map((c) => c.change.mrrBeforeCents)}::int[], ${changes.map((c) => c.change.mrrAfterCents)}::int[],
                    ${changes.map((c) => c.state.currency.toLowerCase())}::text[], ${changes.map((c) => c.change.occurredAt.toISOString())}::timestamptz[])
          as u(subscription_external_id, member_id, external_id, kind, from_plan_key, to_plan_key, from_tier, to_tier, mrr_before_cents, mrr_after_cents, currency, occurred_at)
        join subscriptions s on s.source = ${STRIPE_SOURCE} and s.external_id = u.subscription_external_id
      on conflict (source, external_id) do nothing`);
  }
  await refreshMemberBilling(tx, [...new Set([...states.map((s) => member(s.customerId)), ...changes.map((c) => member(c.state.customerId))])]);
}

/** Inserts payments (one row per key; a repeat updates only the status, as a paid invoice's retry outcome may). */
export async function writeStripePayments(tx: Tx, resolver: IdentityResolver, payments: InvoicePayment[]): Promise<void> {
  if (!payments.length) return;
  const member = await memberOf(tx, resolver, payments.map((p) => p.actor.externalId));
  await tx.$executeRaw(Prisma.sql`
    insert into payments (member_id, source, external_id, amount_cents, currency, status, kind, subscription_external_id, occurred_at)
    select u.member_id, ${STRIPE_SOURCE}, u.external_id, u.amount_cents, u.currency, u.status, u.kind, u.subscription_external_id, u.occurred_at
      from unnest(${payments.map((p) => member(p.actor.externalId))}::int[], ${payments.map((p) => p.externalId)}::text[], ${payments.map((p) => Math.round(p.amountCents))}::int[],
                  ${payments.map((p) => p.currency.toLowerCase())}::text[], ${payments.map((p) => p.status)}::text[], ${payments.map((p) => p.paymentKind)}::text[],
                  ${payments.map((p) => p.subscriptionExternalId ?? null)}::text[], ${payments.map((p) => p.occurredAt.toISOString())}::timestamptz[])
        as u(member_id, external_id, amount_cents, currency, status, kind, subscription_external_id, occurred_at)
    on conflict (source, external_id) do update set status = excluded.status`);
}
