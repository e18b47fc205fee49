// Two more synthetic communities whose paying mechanisms differ from the demo and from the "ramp" community, for
// the ranking-quality benchmark: written once and not tuned after their first run (docs/benchmarks.md says so).
// They reuse the latent traits (syn_m: level, dev, org, u1..u3) written by synthetic-fixture.ts.
import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";

type Tx = Prisma.TransactionClient;
export type SyntheticMechanism = "ramp" | "steady" | "seasonal";

/** Term-time activity: full in term, a third in the summer (weeks 26–35) and over the year end (weeks 51–1). */
export function seasonalActivityFactor(first: string): Prisma.Sql {
  const week = Prisma.sql`extract(week from (${first}::date + w * 7))`;
  return Prisma.sql`(case when ${week} between 26 and 35 or ${week} >= 51 or ${week} <= 1 then 0.35 else 1.0 end)`;
}

/**
 * Payers at the start, later upgraders (one subscription each) and their "new" changes, then a cancel change at
 * `cancelAt` (an expression over `syn_b b`; null for none) and the as-of settling. Shared by every generator.
 */
export async function subscriptionsFrom(
  db: Tx,
  first: string,
  weeks: number,
  asOf: string,
  cancelAt: Prisma.Sql,
): Promise<void> {
  await db.$executeRaw`insert into subscriptions (member_id, source, external_id, plan_key, tier_rank, status, started_at, updated_at)
     select b.mid, 'synthetic', 'sub-' || b.mid, 'pro', 1, 'active', (${first}::date + coalesce(b.paid_from_start, b.upgrade_week) * 7 + 2)::timestamp at time zone 'UTC', now()
       from syn_b b where b.paid_from_start is not null or b.upgrade_week < ${weeks}::int`;
  await db.$executeRaw`insert into subscription_changes (subscription_id, member_id, source, external_id, kind, from_plan_key, to_plan_key, from_tier, to_tier, occurred_at)
     select sub.id, b.mid, 'synthetic', 'new-' || b.mid, 'new', 'free', 'pro', 0, 1, sub.started_at
       from syn_b b join subscriptions sub on sub.member_id = b.mid and sub.external_id = 'sub-' || b.mid`;
  await db.$executeRaw`insert into subscription_changes (subscription_id, member_id, source, external_id, kind, from_plan_key, to_plan_key, from_tier, to_tier, occurred_at)
     select sub.id, b.mid, 'synthetic', 'cancel-' || b.mid, 'cancel', 'pro', 'free', 1, 0, x.at
       from syn_b b join subscriptions sub on sub.external_id = 'sub-' || b.mid
      cross join lateral (select ${cancelAt} as at) x
      where x.at is not null and x.at > sub.started_at and x.at < (${asOf}::date + 1)::timestamp at time zone 'UTC'`;
  await settleSubscriptionsAsOf(db, asOf);
}

/**
 * "steady": upgrades come to steadily busy members (level > 1.2) at a random week of their tenure, not after a
 * rise; cancellations come 1–3 weeks after a run of failed payments (card trouble, 35% of payers) or after half
 * a year on the plan (25% of payers), whatever their activity. Monthly payments are written, failed ones included.
 */
export async function writeSteadyBilling(db: Tx, first: string, weeks: number, asOf: string): Promise<void> {
  await db.$executeRaw`create temp table syn_b on commit drop as
     select s.mid, s.start_week,
            case when s.u1 < 0.10 then s.start_week end as paid_from_start,
            case when s.level > 1.2 and s.u2 < 0.55 then s.start_week + 6 + (s.u3 * greatest(0, ${weeks}::int - s.start_week - 6))::int
                 when s.u2 > 0.985 then s.start_week + (s.u3 * (${weeks}::int - s.start_week))::int end as upgrade_week,
            (hashint4(s.i * 7 + 1) & 1023) / 1024.0 as card, (hashint4(s.i * 7 + 2) & 1023) / 1024.0 as tenure_quit,
            (hashint4(s.i * 7 + 3) & 1023) / 1024.0 as when_u
       from syn_m s`;
  // Card trouble starts 4–24 weeks into the plan; the cancel follows 1–3 weeks later (70%); long plans end at 26–34 weeks.
  const start = Prisma.sql`coalesce(b.paid_from_start, b.upgrade_week)`;
  const failWeek = Prisma.sql`(${start} + 4 + (b.when_u * 20)::int)`;
  const cancel = Prisma.sql`(${first}::date + (case when b.card < 0.35 and b.when_u < 0.7 then ${failWeek} + 1 + (b.when_u * 3)::int
                                     when b.tenure_quit < 0.25 then ${start} + 26 + (b.when_u * 8)::int end) * 7 + 3)::timestamp at time zone 'UTC'`;
  await subscriptionsFrom(db, first, weeks, asOf, cancel);
  await db.$executeRaw`insert into payments (member_id, source, external_id, amount_cents, currency, status, kind, subscription_external_id, occurred_at)
     select b.mid, 'synthetic', 'pay-' || b.mid || '-' || k, 2000, 'usd',
            case when b.card < 0.35 and ${start} + k * 4 >= ${failWeek} then 'failed' else 'paid' end, 'recurring', sub.external_id, x.at
       from syn_b b join subscriptions sub on sub.external_id = 'sub-' || b.mid
      cross join lateral generate_series(0, 30) k
      cross join lateral (select sub.started_at + k * interval '28 days' as at) x
      where x.at < coalesce(sub.canceled_at, (${asOf}::date + 1)::timestamp at time zone 'UTC') and x.at < (${asOf}::date + 1)::timestamp at time zone 'UTC'`;
}

/**
 * "seasonal": upgrades come at term start (weeks 2–3 and 36–37) to broad members (many channels, u3 > 0.6) and
 * developers; cancellations come at term end (weeks 22–23 and 49–50) to payers of low level. Activity dips each
 * summer and year end, so a fall in activity is mostly the season, not intent.
 */
export async function writeSeasonalBilling(
  db: Tx,
  first: string,
  weeks: number,
  asOf: string,
): Promise<void> {
  const weekOf = (w: Prisma.Sql) => Prisma.sql`extract(week from (${first}::date + (${w}) * 7))`;
  await db.$executeRaw`create temp table syn_b on commit drop as
     select s.mid, s.start_week,
            case when s.u1 < 0.10 then s.start_week end as paid_from_start,
            case when (s.u3 > 0.6 or s.dev) and s.u2 < 0.45 then
                   (select w from generate_series(s.start_week + 8, ${weeks}::int - 1) w
                     where ${weekOf(Prisma.sql`w`)} in (2, 3, 36, 37) order by hashint4(s.i * 31 + w) limit 1) end as upgrade_week,
            s.level, s.i
       from syn_m s`;
  const cancel = Prisma.sql`(${first}::date + (select w from generate_series(coalesce(b.paid_from_start, b.upgrade_week) + 8, ${weeks + 20}::int) w
                                 where b.level < 0.8 and (hashint4(b.i * 13) & 1023) < 716 and ${weekOf(Prisma.sql`w`)} in (22, 23, 49, 50)
                                 order by w limit 1) * 7 + 3)::timestamp at time zone 'UTC'`;
  await subscriptionsFrom(db, first, weeks, asOf, cancel);
}

/** Cancellations applied, and nothing that starts after the as-of date kept (shared by every generator). */
async function settleSubscriptionsAsOf(db: Tx, asOf: string): Promise<void> {
  await db.$executeRaw`update subscriptions s set status = 'canceled', canceled_at = c.occurred_at, tier_rank = 0
       from subscription_changes c where c.subscription_id = s.id and c.kind = 'cancel'`;
  await db.$executeRaw`delete from subscription_changes c using subscriptions s where c.subscription_id = s.id and s.started_at >= (${asOf}::date + 1)::timestamp at time zone 'UTC'`;
  await db.$executeRaw`delete from subscriptions where started_at >= (${asOf}::date + 1)::timestamp at time zone 'UTC'`;
  await db.$executeRaw`update members m set current_tier = 1 from subscriptions s where s.member_id = m.id and s.status = 'active'`;
}
