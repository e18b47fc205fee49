// Conversion to paid within 90 days by activity decile, for the page aggregates: members free at
// t0 = as-of − 90 days, scored by rollup weight over the 12 weeks before t0. The scores (a million
// rollup rows at 100k members) are kept in page_decile_scores while their window and its weeks'
// rollups are unchanged; every refresh re-reads only who was free at t0 and who converted since.
import "server-only";
import { wilsonInterval } from "@/lib/analytics/proportions";
import type { DecileConversion } from "@/lib/analytics/retention";
import type { Prisma } from "@/lib/generated/prisma/client";
import { DAY_MS } from "@/lib/time";

type Tx = Prisma.TransactionClient;

const HORIZON_DAYS = 90;

/**
 * The rollup weeks the scores sum: week_start from `from` up to (not including) `to`, as ISO dates of
 * Mondays. Rollup weeks start on Mondays, so moving each bound to the next Monday selects the same weeks
 * as the 12 weeks before t0, and the window changes once a week instead of with every new as-of instant.
 */
export interface DecileWindow {
  from: string;
  to: string;
}

const t0Of = (asOf: Date) => new Date(asOf.getTime() - HORIZON_DAYS * DAY_MS);

export async function decileWindow(tx: Tx, asOf: Date): Promise<DecileWindow> {
  const t0 = t0Of(asOf);
  // The dates cast as the scores' SQL always has (in the session's time zone), then to the next Monday.
  const [w] = await tx.$queryRaw<{ from: string; to: string }[]>`
    with bounds as (select (${t0}::timestamptz - interval '84 days')::date as f, ${t0}::date as t)
    select to_char(f + (8 - extract(isodow from f)::int) % 7, 'YYYY-MM-DD') as "from",
           to_char(t + (8 - extract(isodow from t)::int) % 7, 'YYYY-MM-DD') as "to"
      from bounds`;
  return w;
}

/** Rewrites the stored scores for the window (members with no rollup row in it have none: score 0). */
export async function rebuildDecileScores(tx: Tx, window: DecileWindow): Promise<void> {
  await tx.$executeRaw`delete from page_decile_scores`;
  await tx.$executeRaw`
    insert into page_decile_scores (member_id, score)
    select member_id, sum(weight)::float8 from weekly_activity
     where week_start >= ${window.from}::date and week_start < ${window.to}::date group by member_id`;
}

/**
 * The deciles from the stored scores, as of `asOf` (the scores must be those of its window). Split in SQL
 * with ntile over (score, member id), which is conversionByDecile's split (equal scores in member-id
 * order, earlier tiles taking the remainder), so only ten rows leave the database instead of 75,000.
 */
export async function conversionByActivityDecile(tx: Tx, asOf: Date): Promise<DecileConversion[]> {
  const t0 = t0Of(asOf);
  // The planner takes "free at t0" for ~170 members (it cannot estimate the coalesce filters; there are
  // 75,000 at 100k) and probes the scores once per member: 0.6 s of the query's 1.1 s. Hash joins only
  // (for the rest of this transaction, whose last statement this is).
  await tx.$executeRaw`set local enable_nestloop = off`;
  const rows = await tx.$queryRaw<
    { decile: number; members: number; conversions: number; min_score: number; max_score: number }[]
  >`
    with paying_at_t0 as (
      select distinct on (member_id) member_id, to_tier from subscription_changes where occurred_at <= ${t0}
       order by member_id, occurred_at desc
    ),
    free as (
      select m.id from members m left join paying_at_t0 p on p.member_id = m.id
       where not m.is_bot and not m.is_staff and coalesce(m.joined_at, m.created_at) < ${t0} and coalesce(p.to_tier, 0) = 0
    ),
    converted as (
      select distinct member_id from subscription_changes where occurred_at > ${t0} and occurred_at <= ${asOf} and to_tier > from_tier and from_tier = 0
    ),
    scored as (
      select coalesce(s.score, 0) as score, (c.member_id is not null) as converted,
             ntile(10) over (order by coalesce(s.score, 0), f.id) as decile
        from free f left join page_decile_scores s on s.member_id = f.id left join converted c on c.member_id = f.id
    )
    select decile, count(*)::int as members, (count(*) filter (where converted))::int as conversions,
           min(score) as min_score, max(score) as max_score
      from scored group by decile`;
  return Array.from({ length: 10 }, (_, i) => {
    const r = rows.find((x) => x.decile === i + 1);
    const ci = r ? wilsonInterval(r.conversions, r.members) : null;
    return {
      decile: i + 1,
      members: r?.members ?? 0,
      conversions: r?.conversions ?? 0,
      rate: ci?.estimate ?? null,
      lower: ci?.lower ?? null,
      upper: ci?.upper ?? null,
      minScore: r?.min_score ?? null,
      maxScore: r?.max_score ?? null,
    };
  });
}
