// The feature query of the ranking models: one statement builds the rows of many cut-offs at once (the as-of
// date, or every past training cut-off), joining each weekly rollup to every cut-off whose window holds it.
// Member facts that do not depend on the day (first event, first billing change, oldest identity key) are read once.
import { Prisma } from "@/lib/generated/prisma/client";
import { HISTORY_WEEKS } from "@/lib/scoring";

/** One cut-off of the query: its day and the rows kept per ranking (Infinity: all). */
export interface FeatureCutoff {
  asOf: string;
  sampleCap: number;
}

/** A cut-off's sampling salt: the day number, so who is drawn changes from one cut-off to the next. */
export const samplingSalt = (asOf: string) => Math.floor(Date.parse(asOf) / 86_400_000);

/**
 * Every eligible member at each cut-off D with the facts the features need, using only what was known on D:
 * events on or before it, members first seen by then (an event, a billing change, or a join date), tiers from
 * billing changes before it (billing sources in `staleSources` are ignored: their data ended long before), and
 * the highest tier anyone had reached by then. Sampling (past cut-offs of big communities) keeps a member when a
 * hash of its oldest identity key and the cut-off falls under cap / members-known-that-day, so neither import
 * order (ids) nor members who appear later change who is drawn.
 * Rollup weights are rounded to 0.01: weekly_activity sums float4 in scan order, so the same events can differ
 * in the last bits after unrelated rows are added. Weeks: index 25 is D's week (Monday..D, from events, since
 * its rollup may hold later days); 0..24 are the complete weeks before it, from weekly_activity.
 * Rows come ordered by cut-off, then member id.
 */
/** Temporary tables the feature statements share (dropped at the end of the transaction that made them). */
export const FEATURE_TEMP_TABLES = ["rk_cuts", "rk_tiers", "rk_pre", "rk_member_weeks", "rk_ties"] as const;

/**
 * First statements: the cut-offs, each cut-off's tiers, and the members known (and sampled) at each, as
 * temporary tables so the planner sees their real sizes before the heavy grouping joins them to the rollups.
 */
export function cutoffSetupSql(
  cutoffs: readonly FeatureCutoff[],
  staleSources: readonly string[],
  members: readonly number[] | null = null,
): Prisma.Sql[] {
  // Only these members' rows (the as-of's re-extraction after an import); whole-community facts (tiers, the
  // highest tier, paying colleagues per organisation) are still computed over everyone.
  const onlyMembers = members ? Prisma.sql`and m.id = any(${[...members]}::int[])` : Prisma.empty;
  const days = cutoffs.map((c) => c.asOf);
  const caps = cutoffs.map((c) => (Number.isFinite(c.sampleCap) ? c.sampleCap : 1e15));
  const salts = cutoffs.map((c) => samplingSalt(c.asOf));
  const stale = [...staleSources];
  const historyDays = (HISTORY_WEEKS - 1) * 7;
  return [
    Prisma.sql`
create temporary table rk_cuts on commit drop as
  select u.d, u.cap, u.salt,
         (u.d)::timestamp at time zone 'UTC' as d0,
         (u.d + 1)::timestamp at time zone 'UTC' as d1,
         date_trunc('week', u.d)::date as wk,
         (date_trunc('week', u.d)::date)::timestamp at time zone 'UTC' as wk_ts
    from unnest(${days}::date[], ${caps}::float8[], ${salts}::int[]) as u(d, cap, salt)`,
    Prisma.sql`
create temporary table rk_tiers on commit drop as
with known_changes as (
  select p.d, c.id, c.subscription_id, c.member_id, c.to_tier, c.occurred_at
    from subscription_changes c join rk_cuts p on c.occurred_at < p.d0
   where not (c.source = any(${stale}::text[]))
),
sub_latest as (
  select distinct on (k.d, k.subscription_id) k.d, k.member_id, k.to_tier, k.occurred_at
    from known_changes k
   order by k.d, k.subscription_id, k.occurred_at desc, k.id desc
)
select d, member_id, max(to_tier) as tier, (array_agg(occurred_at order by to_tier desc, occurred_at desc))[1] as plan_since
  from sub_latest group by d, member_id`,
    Prisma.sql`
create temporary table rk_pre on commit drop as
with first_changes as (
  select member_id, min(occurred_at) as first_at from subscription_changes
   where not (source = any(${stale}::text[])) group by 1
),
staff_members as (
  select distinct p.d, a.member_id
    from affiliations a join organizations o on o.id = a.org_id and o.is_staff_org
    join rk_cuts p on a.starts_at < p.d1 and (a.ends_at is null or a.ends_at > p.d0)
),
-- Facts about a member that do not depend on the cut-off, read once for all of them.
facts as materialized (
  select m.id, m.joined_at,
         (select min(i.source || ':' || i.external_id) from identities i where i.member_id = m.id) as stable_key,
         (select min(x.occurred_at) from activity_events x where x.member_id = m.id) as first_event_at,
         fc.first_at as first_change_at
    from members m left join first_changes fc on fc.member_id = m.id
   where not m.is_staff and not m.is_bot and not m.do_not_contact ${onlyMembers}
     -- A member seen only through bot accounts is a bot, whether or not the member row was flagged yet.
     and not (exists (select 1 from identities i where i.member_id = m.id and i.is_bot)
              and not exists (select 1 from identities i where i.member_id = m.id and not i.is_bot))
),
base as (
  select p.d, f.id, f.joined_at, f.first_event_at,
         case when f.first_change_at < p.d0 then f.first_change_at end as first_known_change,
         abs(hashtext(coalesce(f.stable_key, 'member:' || f.id) || '@' || p.salt))::float8 / 2147483648.0 as u,
         (count(*) over (partition by p.d))::int as n_members
    from facts f join rk_cuts p on f.joined_at < p.d1 or f.first_event_at < p.d1 or f.first_change_at < p.d0
   where not exists (select 1 from staff_members s where s.d = p.d and s.member_id = f.id)
)
-- Sampling happens before the heavy grouping: every payer (at-risk is small) plus a uniform share of the rest.
select b.d, b.id, b.u, b.n_members, b.joined_at, b.first_event_at, b.first_known_change
  from base b join rk_cuts p on p.d = b.d left join rk_tiers t on t.d = b.d and t.member_id = b.id
 where b.u < p.cap / greatest(b.n_members, 1) or coalesce(t.tier, 0) > 0`,
    // Each member's weekly total (over sources), read once from the rollups for every cut-off's window.
    Prisma.sql`
create temporary table rk_member_weeks on commit drop as
select w.member_id, w.week_start, round(sum(w.weight::float8) * 100) / 100 as weight
  from weekly_activity w
 where w.week_start >= (select min(wk) from rk_cuts) - ${historyDays}::int and w.week_start < (select max(wk) from rk_cuts)
   and w.member_id in (select id from rk_pre)
 group by 1, 2`,
    Prisma.sql`create index on rk_member_weeks (member_id, week_start)`,
    // Paying colleagues per member and cut-off. Nested loops off for this one statement: the planner guesses one
    // paying organisation per cut-off and would compare every affiliation with every member (hours at 100k).
    Prisma.sql`set local enable_nestloop = off`,
    Prisma.sql`
create temporary table rk_ties on commit drop as
with aff as (
  select p.d, a.member_id, a.org_id from affiliations a join rk_cuts p on a.starts_at < p.d1 and (a.ends_at is null or a.ends_at > p.d0)
),
org_paying as (
  select a.d, a.org_id, count(distinct a.member_id)::int as n
    from aff a join rk_tiers t on t.d = a.d and t.member_id = a.member_id and t.tier > 0 group by 1, 2
)
select a.d, a.member_id, sum(op.n - case when coalesce(t.tier, 0) > 0 then 1 else 0 end)::int as n
  from aff a join rk_pre c on c.d = a.d and c.id = a.member_id join org_paying op on op.d = a.d and op.org_id = a.org_id
  left join rk_tiers t on t.d = a.d and t.member_id = a.member_id group by 1, 2`,
    Prisma.sql`set local enable_nestloop = on`,
    Prisma.sql`analyze rk_cuts`,
    Prisma.sql`analyze rk_tiers`,
    Prisma.sql`analyze rk_pre`,
    Prisma.sql`analyze rk_member_weeks`,
    Prisma.sql`analyze rk_ties`,
  ];
}

/**
 * The feature rows of every cut-off set up by cutoffSetupSql (same transaction), ordered by cut-off, then member id.
 */
export function cutoffFeaturesSql(
  staleSources: readonly string[],
  members: readonly number[] | null = null,
): Prisma.Sql {
  const historyDays = (HISTORY_WEEKS - 1) * 7;
  // A few members' events are read through (member_id, occurred_at): the whole week's events by day took seconds.
  const eventsOf = members ? Prisma.sql`and x.member_id = any(${[...members]}::int[])` : Prisma.empty;
  const stale = [...staleSources];
  return Prisma.sql`
with max_tier as (
  select p.d, greatest(coalesce(max(c.to_tier), 0), 1) as t
    from rk_cuts p left join subscription_changes c on c.occurred_at < p.d0 and not (c.source = any(${stale}::text[]))
   group by p.d
),
-- The last 11 weeks per source, for breadth.
wa as (
  select pre.d, w.member_id, w.source, w.channels, w.week_start >= p.wk - 21 as recent
    from rk_cuts p join weekly_activity w on w.week_start >= p.wk - 77 and w.week_start < p.wk
    join rk_pre pre on pre.d = p.d and pre.id = w.member_id
),
-- Each cut-off's own partial week, read by a range scan per cut-off.
cur as (
  select pre.d, e.member_id, e.source, count(*)::int as events, round(sum(e.weight::float8) * 100) / 100 as weight,
         count(distinct e.channel)::int as channels
    from rk_cuts p
    cross join lateral (select x.member_id, x.source, x.weight, x.channel from activity_events x
                         where x.occurred_at >= p.wk_ts and x.occurred_at < p.d1 ${eventsOf} offset 0) e
    join rk_pre pre on pre.d = p.d and pre.id = e.member_id
   group by 1, 2, 3
),
-- Breadth per source = the most channels used in any one week of the window (a week with events but no channel counts 1).
src as (
  select d, member_id, source,
         max(greatest(channels, 1)) filter (where recent) as rec, max(greatest(channels, 1)) filter (where not recent) as base
    from (select d, member_id, source, channels, recent from wa
          union all select d, member_id, source, channels, true from cur) x
   group by 1, 2, 3
),
contrib as (
  select pre.d, e.member_id,
         count(*) filter (where e.type = 'pr_merged')::int as pr_merged,
         count(*) filter (where e.type = 'pr_review')::int as pr_review,
         count(*) filter (where e.type = 'accepted_answer')::int as accepted_answer,
         count(*) filter (where e.type = 'meetup_hosted')::int as meetup_hosted,
         count(*) filter (where e.type = 'pairing_session')::int as pairing,
         count(*) filter (where e.type not in ('pr_merged', 'pr_review', 'accepted_answer', 'meetup_hosted', 'pairing_session'))::int as other_contrib
    from rk_cuts p
    cross join lateral (select x.member_id, x.type from activity_events x
                         where x.occurred_at >= p.wk_ts - interval '21 days' and x.occurred_at < p.d1
                           and (x.type in ('pr_merged', 'pr_review', 'accepted_answer', 'meetup_hosted', 'pairing_session')
                                or x.type in (select type from activity_types where is_contribution)) ${eventsOf} offset 0) e
    join rk_pre pre on pre.d = p.d and pre.id = e.member_id
   group by 1, 2
),
cur_member as (
  select d, member_id, sum(events)::int as cur_events, sum(weight)::float8 as cur_weight from cur group by 1, 2
),
ev as (
  select s.d, s.member_id, coalesce(sum(s.rec), 0)::int as breadth_recent, coalesce(sum(s.base), 0)::int as breadth_base,
         coalesce(max(cm.cur_events), 0)::int as cur_events, coalesce(max(cm.cur_weight), 0)::float8 as cur_weight
    from src s left join cur_member cm on cm.d = s.d and cm.member_id = s.member_id group by 1, 2
),
active as (
  select pre.d, pre.id as member_id from rk_pre pre join rk_cuts p on p.d = pre.d
   where exists (select 1 from rk_member_weeks mw
                  where mw.member_id = pre.id and mw.week_start >= p.wk - ${historyDays}::int and mw.week_start < p.wk)
  union select d, member_id from cur where events > 0
),
pool as (
  select pre.d, pre.id, coalesce(t.tier, 0) as tier, t.plan_since, pre.joined_at, pre.first_event_at, pre.first_known_change,
         (coalesce(t.tier, 0) < mt.t and a.member_id is not null) as is_cand,
         (coalesce(t.tier, 0) > 0) as is_risk, pre.u, pre.n_members
    from rk_pre pre
    join max_tier mt on mt.d = pre.d
    left join rk_tiers t on t.d = pre.d and t.member_id = pre.id
    left join active a on a.d = pre.d and a.member_id = pre.id
),
counted as (
  select *, (count(*) filter (where is_cand) over (partition by d))::int as n_cand,
            (count(*) filter (where is_risk) over (partition by d))::int as n_risk
    from pool where is_cand or is_risk
),
chosen as (
  select c.*,
         c.is_cand and c.u < p.cap / greatest(c.n_members, 1) as in_cand,
         c.is_risk and c.u < p.cap / greatest(c.n_risk, 1) as in_risk
    from counted c join rk_cuts p on p.d = c.d
),
picked as (select * from chosen where in_cand or in_risk),
fails as (
  select p.d, pm.member_id, (count(*) filter (where pm.occurred_at >= p.d0 - interval '90 days'))::int as n90, max(pm.occurred_at) as last_at
    from payments pm join rk_cuts p on pm.occurred_at < p.d0
   where pm.status = 'failed' and pm.member_id is not null and not (pm.source = any(${stale}::text[]))
   group by 1, 2
)
select to_char(c.d, 'YYYY-MM-DD') as cutoff, c.id, c.tier, c.in_cand, c.in_risk, c.n_cand, c.n_risk, c.n_members,
       e.cur_weight, e.breadth_recent, e.breadth_base,
       k.pr_merged, k.pr_review, k.accepted_answer, k.meetup_hosted, k.pairing, k.other_contrib,
       -- Tenure from the first thing known about the member by then, never from when the row was imported.
       greatest(0, extract(epoch from p.d1 - least(case when c.joined_at < p.d1 then c.joined_at end, c.first_event_at, c.first_known_change, p.d1)) / 86400)::float8 as tenure_days,
       (extract(epoch from p.d1 - la.last_at) / 86400)::float8 as last_active_days,
       case when c.tier > 0 then (extract(epoch from p.d0 - c.plan_since) / 86400)::float8 end as plan_days,
       ti.n as paid_ties, f.n90 as fail90, (extract(epoch from p.d0 - f.last_at) / 86400)::float8 as fail_last_days
  from picked c join rk_cuts p on p.d = c.d
  left join ev e on e.d = c.d and e.member_id = c.id
  left join contrib k on k.d = c.d and k.member_id = c.id
  left join rk_ties ti on ti.d = c.d and ti.member_id = c.id
  left join fails f on f.d = c.d and f.member_id = c.id
  left join lateral (select max(x.occurred_at) as last_at from activity_events x where x.member_id = c.id and x.occurred_at < p.d1) la on true
 order by c.d, c.id`;
}

/**
 * Each member's weekly totals from rk_member_weeks as one text "days:weight,…" (days since 1970-01-05, a Monday;
 * any order): at 100k members, arrays took node-postgres seconds to parse where splitting a string takes few.
 * float8 prints the shortest text that reads back as the same double, so the weights round-trip exactly.
 */
export const memberWeeksSql = Prisma.sql`
select member_id as id, string_agg((week_start - date '1970-01-05') || ':' || weight, ',') as series
  from rk_member_weeks group by member_id`;

/**
 * Run before memberWeeksSql (last in its transaction): a sequential read. Walking the temporary table's index
 * through the session's small temp buffers read 1.7M blocks for 2M rows at 100k members (11 s against ~1).
 */
export const sequentialReadSql = [
  Prisma.sql`set local enable_indexscan = off`,
  Prisma.sql`set local enable_bitmapscan = off`,
];
