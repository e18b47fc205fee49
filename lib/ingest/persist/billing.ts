// Writes subscription changes and payments stated by files (canonical CSV/JSONL, Open Collective):
// plans are created on first sight, each change is classified against the subscription's previous
// state, and members' current tier and MRR follow their active subscriptions.
import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import type { PaymentRecord, SubscriptionChangeRecord } from "@/lib/ingest/types";
import type pg from "pg";
import type { IdentityResolver } from "./identities";
import type { BatchCounts } from "./records";
import { copyChanges, type ChangeRow } from "./change-copy";

type Tx = Prisma.TransactionClient;
type Kind = "new" | "upgrade" | "downgrade" | "cancel" | "reactivate";

export const ACTIVE_STATUSES = ["active", "trialing", "past_due"];

/**
 * Creates missing plans; an unknown paid plan ranks by its monthly amount among known paid plans (those stored and
 * those created before it in this list). Ranked in memory, written in one statement.
 */
export async function ensurePlans(
  tx: Tx,
  plans: { key: string; monthlyCents: number; currency: string }[],
): Promise<Map<string, number>> {
  const unique = [...new Map(plans.map((p) => [p.key, p])).values()];
  if (!unique.length) return new Map();
  const known = await tx.$queryRaw<{ key: string; monthly_amount_cents: number }[]>`
    select key, monthly_amount_cents from plans`;
  const keys = new Set(known.map((p) => p.key));
  const paidAmounts = new Set(known.map((p) => p.monthly_amount_cents).filter((a) => a > 0));
  const fresh: { k: string; r: number; a: number; c: string }[] = [];
  for (const p of unique) {
    if (keys.has(p.key)) continue;
    keys.add(p.key);
    const below = [...paidAmounts].filter((a) => a < p.monthlyCents).length;
    fresh.push({ k: p.key, r: p.monthlyCents <= 0 ? 0 : below + 1, a: p.monthlyCents, c: p.currency });
    if (p.monthlyCents > 0) paidAmounts.add(p.monthlyCents);
  }
  if (fresh.length)
    await tx.$executeRaw`
      insert into plans (key, name, tier_rank, monthly_amount_cents, currency)
      select u.k, u.k, u.r, u.a, u.c from jsonb_to_recordset(${JSON.stringify(fresh)}::jsonb) as u(k text, r int, a int, c text)
      on conflict (key) do nothing`;
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

/** A change as classification needs it: stored ones order by id, new ones after every stored id, in write order. */
interface HistoryEntry {
  at: number;
  order: number;
  toPlanKey: string | null;
  toTier: number;
  mrrAfterCents: number;
}

/** The latest entry at or before `at` (ties: the later written), as the row-by-row `order by occurred_at desc, id desc` read it. */
function previousOf(history: HistoryEntry[], at: number): HistoryEntry | null {
  let best: HistoryEntry | null = null;
  for (const h of history)
    if (h.at <= at && (!best || h.at > best.at || (h.at === best.at && h.order > best.order))) best = h;
  return best;
}

/** A batch of changes with everything that needs no database built while the batch before is written. */
export interface PreparedChanges {
  /** In time order (ties: file order), with each change's member. */
  sorted: SubscriptionChangeRecord[];
  memberOf: number[];
  plans: { key: string; monthlyCents: number; currency: string }[];
  /** One row per subscription, its earliest change (ensureSubscriptions). */
  subscriptions: string;
  /** The changes' source and external ids (storedChangeIds). */
  changeIds: string;
  /** The run's own connection (eventStageOf): the new changes go by COPY (change-copy.ts); else one JSON statement. */
  connection: pg.PoolClient | null;
}

export function prepareSubscriptionChanges(
  resolver: IdentityResolver,
  changes: SubscriptionChangeRecord[],
  connection: pg.PoolClient | null = null,
): PreparedChanges {
  const sorted = [...changes].sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
  const memberOf = sorted.map((c) => resolver.get(c.actor)!.memberId);
  return {
    sorted,
    memberOf,
    // In the batch's own order, as before: a new plan's tier ranks among the plans listed before it.
    plans: changes
      .filter((c) => c.toPlan)
      .map((c) => ({ key: c.toPlan!, monthlyCents: c.mrrCents, currency: c.currency })),
    subscriptions: subscriptionsPayload(sorted, memberOf),
    changeIds: JSON.stringify(sorted.map((c) => ({ s: c.source, e: c.externalId }))),
    connection,
  };
}

/**
 * Set-based: the batch's subscriptions are created in one statement, the changes already stored (by external id)
 * and the touched subscriptions' histories are read in one query each, every change is classified in memory in
 * time order against the history plus the changes before it, and the new changes are inserted in one statement.
 */
export async function writeSubscriptionChanges(tx: Tx, prepared: PreparedChanges): Promise<BatchCounts> {
  const { sorted, memberOf } = prepared;
  const tiers = await ensurePlans(tx, prepared.plans);
  const counts: BatchCounts = { imported: 0, duplicates: 0 };
  // Neither reads what the other writes: asked together, in one round trip's time. Both join the batch's keys to a
  // table whose statistics may say it is empty (its rows are this run's, uncommitted): a sequential scan per key then
  // walks every subscription inserted by this very statement, quadratic in the batch (0.75 s for 5,300 subscriptions
  // at once), where the unique index answers each key directly (docs/benchmarks.md, Import, round 9).
  await tx.$executeRaw`set local enable_seqscan = off`;
  const [subscriptionIds, stored] = await Promise.all([
    ensureSubscriptions(tx, prepared.subscriptions),
    storedChangeIds(tx, prepared.changeIds),
  ]);
  await tx.$executeRaw`set local enable_seqscan = on`;
  const histories = await subscriptionHistories(tx, [...new Set(subscriptionIds.values())]);
  // In time order (ties: file order): ids ascend in it, as the row-by-row writes gave them (the tie-break of same-time changes).
  const rows: ChangeRow[] = [];
  sorted.forEach((c, n) => {
    const changeKey = `${c.source}\u0000${c.externalId}`;
    if (stored.has(changeKey)) {
      counts.duplicates += 1;
      return;
    }
    const subscriptionId = subscriptionIds.get(`${c.source}\u0000${c.subscriptionExternalId}`)!;
    const history = histories.get(subscriptionId) ?? [];
    histories.set(subscriptionId, history);
    const prev = previousOf(history, c.occurredAt.getTime());
    const toTier = c.toPlan ? (tiers.get(c.toPlan) ?? 1) : 0;
    const mrrAfterCents = c.toPlan ? c.mrrCents : 0;
    const kind = classifyChange(prev, { toPlanKey: c.toPlan, toTier, mrrCents: mrrAfterCents });
    if (!kind) {
      counts.duplicates += 1;
      return;
    }
    stored.add(changeKey);
    history.push({
      at: c.occurredAt.getTime(),
      order: Number.MAX_SAFE_INTEGER - sorted.length + n,
      toPlanKey: c.toPlan,
      toTier,
      mrrAfterCents,
    });
    rows.push({
      sub: subscriptionId,
      m: memberOf[n],
      s: c.source,
      e: c.externalId,
      k: kind,
      fp: prev?.toPlanKey ?? c.fromPlan ?? null,
      tp: c.toPlan,
      ft: prev?.toTier ?? 0,
      tt: toTier,
      mb: prev?.mrrAfterCents ?? 0,
      ma: mrrAfterCents,
      c: c.currency,
      o: c.occurredAt,
    });
  });
  if (rows.length && prepared.connection) await copyChanges(prepared.connection, rows);
  else if (rows.length)
    await tx.$executeRaw`
      insert into subscription_changes (subscription_id, member_id, source, external_id, kind, from_plan_key, to_plan_key,
                                        from_tier, to_tier, mrr_before_cents, mrr_after_cents, currency, occurred_at)
      select u.sub, u.m, u.s, u.e, u.k::"ChangeKind", u.fp, u.tp, u.ft, u.tt, u.mb, u.ma, u.c, u.o
        from json_to_recordset(${JSON.stringify(rows.map((r, n) => ({ n, ...r })))}::json)
          as u(n int, sub int, m int, s text, e text, k text, fp text, tp text, ft int, tt int, mb int, ma int, c text, o timestamptz)
       order by u.n`;
  counts.imported = rows.length;
  await syncSubscriptionsFromChanges(tx, [...new Set(memberOf)]);
  return counts;
}

/**
 * A subscription is created from its earliest change: only that one is sent (the statement's `distinct on` picks
 * the same row from all of them), so PostgreSQL reads one row per subscription instead of one per change.
 */
function subscriptionsPayload(sorted: SubscriptionChangeRecord[], memberOf: number[]): string {
  const first = new Map<string, number>();
  sorted.forEach((c, n) => {
    const k = `${c.source}\u0000${c.subscriptionExternalId}`;
    if (!first.has(k)) first.set(k, n);
  });
  return JSON.stringify(
    [...first.values()].map((n) => ({
      n,
      m: memberOf[n],
      s: sorted[n].source,
      e: sorted[n].subscriptionExternalId,
      o: sorted[n].occurredAt,
      c: sorted[n].currency,
    })),
  );
}

/** Creates the subscriptions not stored yet (from their earliest change) and returns every one's id by source + external id. */
async function ensureSubscriptions(tx: Tx, payload: string): Promise<Map<string, number>> {
  const rows = await tx.$queryRaw<{ id: number; source: string; external_id: string }[]>`
    with u as (select * from json_to_recordset(${payload}::json) as u(n int, m int, s text, e text, o timestamptz, c text)),
    ins as (
      insert into subscriptions (member_id, source, external_id, status, started_at, currency, updated_at)
      select distinct on (u.s, u.e) u.m, u.s, u.e, 'active', u.o, u.c, now() from u order by u.s, u.e, u.n
      on conflict (source, external_id) do nothing
      returning id, source, external_id)
    select id, source, external_id from ins
    union all
    select s.id, s.source, s.external_id from subscriptions s join (select distinct s, e from u) k on s.source = k.s and s.external_id = k.e`;
  return new Map(rows.map((r) => [`${r.source}\u0000${r.external_id}`, r.id]));
}

/** Which of these changes are stored already (source + external id, as `changeIds` lists them). */
async function storedChangeIds(tx: Tx, payload: string): Promise<Set<string>> {
  const rows = await tx.$queryRaw<{ source: string; external_id: string }[]>`
    select c.source, c.external_id from subscription_changes c
      join (select distinct s, e from json_to_recordset(${payload}::json) as u(s text, e text)) k on c.source = k.s and c.external_id = k.e`;
  return new Set(rows.map((r) => `${r.source}\u0000${r.external_id}`));
}

/** The stored changes of these subscriptions, as classification reads them. */
async function subscriptionHistories(
  tx: Tx,
  subscriptionIds: number[],
): Promise<Map<number, HistoryEntry[]>> {
  const rows = await tx.$queryRaw<
    {
      subscription_id: number;
      id: number;
      occurred_at: Date;
      to_plan_key: string | null;
      to_tier: number;
      mrr_after_cents: number;
    }[]
  >`
    select subscription_id, id, occurred_at, to_plan_key, to_tier, mrr_after_cents from subscription_changes
     where subscription_id = any(${subscriptionIds}::int[])`;
  const histories = new Map<number, HistoryEntry[]>();
  for (const r of rows) {
    const entry = {
      at: new Date(r.occurred_at).getTime(),
      order: r.id,
      toPlanKey: r.to_plan_key,
      toTier: r.to_tier,
      mrrAfterCents: r.mrr_after_cents,
    };
    const list = histories.get(r.subscription_id);
    if (list) list.push(entry);
    else histories.set(r.subscription_id, [entry]);
  }
  return histories;
}

/** Each subscription takes the state of its latest change; each member the sum of its active ones. */
export async function syncSubscriptionsFromChanges(tx: Tx, memberIds: number[]): Promise<void> {
  if (!memberIds.length) return;
  await tx.$executeRaw`
    update subscriptions s set
        status = case when l.to_plan_key is null then 'canceled' else 'active' end,
        -- A cancelled subscription keeps the plan it left, which its cancellation names (from_plan_key): read from the
        -- change, not from the row, which held it only if the plan's change was synced in an earlier batch.
        plan_key = coalesce(l.to_plan_key, l.from_plan_key, s.plan_key),
        tier_rank = l.to_tier, mrr_cents = l.mrr_after_cents,
        canceled_at = case when l.to_plan_key is null then l.occurred_at else null end,
        started_at = least(s.started_at, f.first_at), updated_at = now()
      from (select distinct on (subscription_id) subscription_id, to_plan_key, from_plan_key, to_tier, mrr_after_cents, occurred_at
              from subscription_changes where member_id = any(${memberIds}::int[]) and source <> 'stripe'
             order by subscription_id, occurred_at desc, id desc) l,
           (select subscription_id, min(occurred_at) first_at from subscription_changes where member_id = any(${memberIds}::int[]) group by 1) f
     where s.id = l.subscription_id and f.subscription_id = s.id`;
  await refreshMemberBilling(tx, memberIds);
}

/**
 * Each listed member's tier and MRR from their active subscriptions. Written without a join and with index look-ups
 * forced, so its cost stays linear whatever the planner's statistics say: inside an import the tables hold rows that
 * an ANALYZE run meanwhile by autovacuum counts as absent (they are not committed), and a plan that takes members and
 * subscriptions as empty scans every subscription once per member (a 16,000-event Stripe import then ran for minutes).
 */
export async function refreshMemberBilling(tx: Tx, memberIds: number[]): Promise<void> {
  if (!memberIds.length) return;
  const billing = Prisma.sql`(select coalesce(max(s.tier_rank) filter (where s.status = any(${ACTIVE_STATUSES}::text[])), 0),
                                     coalesce(sum(s.mrr_cents) filter (where s.status = any(${ACTIVE_STATUSES}::text[])), 0)::int
                                from subscriptions s where s.member_id = m.id)`;
  await tx.$executeRaw`set local enable_seqscan = off`;
  await tx.$executeRaw`
    update members m set (current_tier, current_mrr_cents) = ${billing}
     where m.id = any(${memberIds}::int[]) and (m.current_tier, m.current_mrr_cents) <> ${billing}`;
  await tx.$executeRaw`set local enable_seqscan = on`;
}

/** The payments' insert, built with their members while an earlier batch is still being written. */
export function buildPaymentInsert(
  resolver: IdentityResolver,
  payments: PaymentRecord[],
): { insert: Prisma.Sql; count: number } {
  const payload = JSON.stringify(
    payments.map((p) => ({
      m: resolver.get(p.actor)!.memberId,
      s: p.source,
      e: p.externalId,
      a: Math.round(p.amountCents),
      c: p.currency.toLowerCase(),
      st: p.status,
      k: p.paymentKind,
      sub: p.subscriptionExternalId ?? null,
      o: p.occurredAt,
    })),
  );
  const insert = Prisma.sql`select pg_temp.insert_payments(${payload}::json) as inserted`;
  return { insert, count: payments.length };
}

/**
 * Payments' batch insert, idempotent by (source, external id) at a lower cost than ON CONFLICT alone: a plain insert,
 * and only when a row of the batch is stored already (a re-import, or another run that wrote it first: its commit is
 * waited for, as ON CONFLICT waits) the batch again with ON CONFLICT DO NOTHING. ON CONFLICT's speculative insertion
 * costs PostgreSQL ~5 µs a row even when nothing conflicts (docs/benchmarks.md, Import, round 8); the exception block
 * rolls the failed attempt back. A function of the session's temporary schema, created once per transaction that
 * writes payments (the migrations' SQL runner splits scripts on semicolons, which a plpgsql body cannot avoid).
 */
export const INSERT_PAYMENTS_FUNCTION = Prisma.sql`
  create or replace function pg_temp.insert_payments(rows json) returns integer language plpgsql as $$
  declare
    inserted integer;
  begin
    begin
      insert into payments (member_id, source, external_id, amount_cents, currency, status, kind, subscription_external_id, occurred_at)
      select u.m, u.s, u.e, u.a, u.c, u.st, u.k, u.sub, u.o
        from json_to_recordset(rows) as u(m int, s text, e text, a int, c text, st text, k text, sub text, o timestamptz);
      get diagnostics inserted = row_count;
    exception when unique_violation then
      insert into payments (member_id, source, external_id, amount_cents, currency, status, kind, subscription_external_id, occurred_at)
      select u.m, u.s, u.e, u.a, u.c, u.st, u.k, u.sub, u.o
        from json_to_recordset(rows) as u(m int, s text, e text, a int, c text, st text, k text, sub text, o timestamptz)
      on conflict (source, external_id) do nothing;
      get diagnostics inserted = row_count;
    end;
    return inserted;
  end
  $$`;
const withInsertPayments = new WeakSet<Tx>();

export async function insertPayments(
  tx: Tx,
  payments: { insert: Prisma.Sql; count: number },
): Promise<BatchCounts> {
  // Statements of one transaction run in order: a later batch may skip this while the first one's is still running.
  if (!withInsertPayments.has(tx)) {
    withInsertPayments.add(tx);
    await tx.$executeRaw(INSERT_PAYMENTS_FUNCTION);
  }
  const [{ inserted }] = await tx.$queryRaw<{ inserted: number }[]>(payments.insert);
  return { imported: inserted, duplicates: payments.count - inserted };
}
