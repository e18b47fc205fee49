// Writes subscription changes and payments stated by files (canonical CSV/JSONL, Open Collective):
// plans are created on first sight, each change is classified against the subscription's previous
// state, and members' current tier and MRR follow their active subscriptions.
import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { PaymentRecord, SubscriptionChangeRecord } from "@/lib/ingest/types";
import type { IdentityResolver } from "./identities";
import type { BatchCounts } from "./records";

type Tx = Prisma.TransactionClient;
type Kind = "new" | "upgrade" | "downgrade" | "cancel" | "reactivate";

export const ACTIVE_STATUSES = ["active", "trialing", "past_due"];

/** Creates missing plans; an unknown paid plan ranks by its monthly amount among known paid plans. */
export async function ensurePlans(
  tx: Tx,
  plans: { key: string; monthlyCents: number; currency: string }[],
): Promise<Map<string, number>> {
  const unique = [...new Map(plans.map((p) => [p.key, p])).values()];
  for (const p of unique) {
    await tx.$executeRaw`
      insert into plans (key, name, tier_rank, monthly_amount_cents, currency)
      values (${p.key}, ${p.key}, case when ${p.monthlyCents}::int <= 0 then 0 else
              (select count(distinct monthly_amount_cents) from plans where monthly_amount_cents > 0 and monthly_amount_cents < ${p.monthlyCents}::int) + 1 end,
              ${p.monthlyCents}::int, ${p.currency})
      on conflict (key) do nothing`;
  }
  const rows = await tx.plan.findMany({
    where: { key: { in: unique.map((p) => p.key) } },
    select: { key: true, tierRank: true },
  });
  return new Map(rows.map((r) => [r.key, r.tierRank]));
}

export function classifyChange(
  prev: { toPlanKey: string | null; toTier: number; mrrAfterCents: number } | null,
  next: { toPlanKey: string | null; toTier: number; mrrCents: number },
): Kind | null {
  if (next.toPlanKey === null) return prev && prev.toPlanKey === null ? null : "cancel";
  if (!prev) return "new";
  if (prev.toPlanKey === null) return "reactivate";
  if (next.toTier !== prev.toTier) return next.toTier > prev.toTier ? "upgrade" : "downgrade";
  if (next.mrrCents !== prev.mrrAfterCents)
    return next.mrrCents > prev.mrrAfterCents ? "upgrade" : "downgrade";
  return null;
}

export async function writeSubscriptionChanges(
  tx: Tx,
  resolver: IdentityResolver,
  changes: SubscriptionChangeRecord[],
): Promise<BatchCounts> {
  const tiers = await ensurePlans(
    tx,
    changes
      .filter((c) => c.toPlan)
      .map((c) => ({ key: c.toPlan!, monthlyCents: c.mrrCents, currency: c.currency })),
  );
  const counts: BatchCounts = { imported: 0, duplicates: 0 };
  const members = new Set<number>();
  const sorted = [...changes].sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
  for (const c of sorted) {
    const memberId = resolver.get(c.actor)!.memberId;
    members.add(memberId);
    const subscription = await tx.subscription.upsert({
      where: { source_externalId: { source: c.source, externalId: c.subscriptionExternalId } },
      create: {
        memberId,
        source: c.source,
        externalId: c.subscriptionExternalId,
        status: "active",
        startedAt: c.occurredAt,
        currency: c.currency,
      },
      update: {},
      select: { id: true },
    });
    const exists = await tx.subscriptionChange.findUnique({
      where: { source_externalId: { source: c.source, externalId: c.externalId } },
      select: { id: true },
    });
    if (exists) {
      counts.duplicates += 1;
      continue;
    }
    const prev = await tx.subscriptionChange.findFirst({
      where: { subscriptionId: subscription.id, occurredAt: { lte: c.occurredAt } },
      orderBy: [{ occurredAt: "desc" }, { id: "desc" }],
      select: { toPlanKey: true, toTier: true, mrrAfterCents: true },
    });
    const toTier = c.toPlan ? (tiers.get(c.toPlan) ?? 1) : 0;
    const kind = classifyChange(prev, { toPlanKey: c.toPlan, toTier, mrrCents: c.toPlan ? c.mrrCents : 0 });
    if (!kind) {
      counts.duplicates += 1;
      continue;
    }
    await tx.subscriptionChange.create({
      data: {
        subscriptionId: subscription.id,
        memberId,
        source: c.source,
        externalId: c.externalId,
        kind,
        fromPlanKey: prev?.toPlanKey ?? c.fromPlan ?? null,
        toPlanKey: c.toPlan,
        fromTier: prev?.toTier ?? 0,
        toTier,
        mrrBeforeCents: prev?.mrrAfterCents ?? 0,
        mrrAfterCents: c.toPlan ? c.mrrCents : 0,
        currency: c.currency,
        occurredAt: c.occurredAt,
      },
    });
    counts.imported += 1;
  }
  await syncSubscriptionsFromChanges(tx, [...members]);
  return counts;
}

/** Each subscription takes the state of its latest change; each member the sum of its active ones. */
export async function syncSubscriptionsFromChanges(tx: Tx, memberIds: number[]): Promise<void> {
  if (!memberIds.length) return;
  await tx.$executeRaw`
    update subscriptions s set
        status = case when l.to_plan_key is null then 'canceled' else 'active' end,
        plan_key = coalesce(l.to_plan_key, s.plan_key), tier_rank = l.to_tier, mrr_cents = l.mrr_after_cents,
        canceled_at = case when l.to_plan_key is null then l.occurred_at else null end,
        started_at = least(s.started_at, f.first_at), updated_at = now()
      from (select distinct on (subscription_id) subscription_id, to_plan_key, to_tier, mrr_after_cents, occurred_at
              from subscription_changes where member_id = any(${memberIds}::int[]) and source <> 'stripe'
             order by subscription_id, occurred_at desc, id desc) l,
           (select subscription_id, min(occurred_at) first_at from subscription_changes where member_id = any(${memberIds}::int[]) group by 1) f
     where s.id = l.subscription_id and f.subscription_id = s.id`;
  await refreshMemberBilling(tx, memberIds);
}

export async function refreshMemberBilling(tx: Tx, memberIds: number[]): Promise<void> {
  if (!memberIds.length) return;
  await tx.$executeRaw`
    update members m set current_tier = x.tier, current_mrr_cents = x.mrr
      from (select mm.id,
                   coalesce(max(s.tier_rank) filter (where s.status = any(${ACTIVE_STATUSES}::text[])), 0) as tier,
                   coalesce(sum(s.mrr_cents) filter (where s.status = any(${ACTIVE_STATUSES}::text[])), 0)::int as mrr
              from members mm left join subscriptions s on s.member_id = mm.id
             where mm.id = any(${memberIds}::int[]) group by mm.id) x
     where m.id = x.id and (m.current_tier <> x.tier or m.current_mrr_cents <> x.mrr)`;
}

export async function writePayments(
  tx: Tx,
  resolver: IdentityResolver,
  payments: PaymentRecord[],
): Promise<BatchCounts> {
  const actors = payments.map((p) => resolver.get(p.actor)!);
  const inserted = await tx.$executeRawUnsafe(
    `insert into payments (member_id, source, external_id, amount_cents, currency, status, kind, subscription_external_id, occurred_at)
     select * from unnest($1::int[], $2::text[], $3::text[], $4::int[], $5::text[], $6::text[], $7::text[], $8::text[], $9::timestamptz[])
     on conflict (source, external_id) do nothing`,
    actors.map((a) => a.memberId),
    payments.map((p) => p.source),
    payments.map((p) => p.externalId),
    payments.map((p) => Math.round(p.amountCents)),
    payments.map((p) => p.currency.toLowerCase()),
    payments.map((p) => p.status),
    payments.map((p) => p.paymentKind),
    payments.map((p) => p.subscriptionExternalId ?? null),
    payments.map((p) => p.occurredAt),
  );
  return { imported: inserted, duplicates: payments.length - inserted };
}
