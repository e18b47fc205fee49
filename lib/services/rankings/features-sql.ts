// The feature statements of the ranking models, for many cut-offs at once (the as-of date, or every past training
// cut-off). Each source is read once for all of them: the weekly rollups as each member's series (the windows over
// them are taken in Node, feature-rows.ts), contributions by their week, each cut-off's own week by a range scan.
// Joining each weekly rollup to every cut-off whose window held it (round 8) made 5.5 rows of each at 2-weekly
// cut-offs. Member facts that do not depend on the day (first event, first billing change, oldest identity key) are
// read once.
import { Prisma } from "@/lib/generated/prisma/client";
import { HISTORY_WEEKS } from "@/lib/scoring";
import { addDays, mondayOf } from "@/lib/time";
import { BREADTH_WEEKS } from "./feature-rows";

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
 * in the last bits after unrelated rows are added. Weeks: index 25 is D's week (Monday..D: from its rollups when D
 * is a Sunday, else from events, since its rollup may hold later days); 0..24 are the complete weeks before it, from
 * weekly_activity.
 * A cut-off's members come as lines of text ordered by member id (cutoffFeaturesSql).
 */
/** Weeks of contributions a cut-off counts: its own (by its day's end) and the complete ones before it. */
const CONTRIBUTION_WEEKS = 4;

/** Temporary tables the feature statements share (dropped at the end of the transaction that made them). */
export const FEATURE_TEMP_TABLES = ["rk_cuts", "rk_tiers", "rk_pre", "rk_ties"] as const;

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
  return [
    // Enough memory for the statements' sorts and hashes (~100k rows of each cut-off set): at the default 4 MB they
    // spilled to disk.
    Prisma.sql`set local work_mem = '64MB'`,
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
    // Only the join keys: the features statement filters on no other column of these, and the statistics of every
    // column (u's 30k distinct doubles sorted) cost rk_pre's analyze 4 times as much CPU.
    Prisma.sql`analyze rk_tiers (d, member_id)`,
    Prisma.sql`analyze rk_pre (d, id)`,
    Prisma.sql`analyze rk_ties (d, member_id)`,
  ];
}

/**
 * The facts of every member known at every cut-off set up by cutoffSetupSql (same transaction): one row per cut-off,
 * its members' lines ordered by member id. Which of them each ranking keeps, breadth and the weekly series are worked out in Node (inputs.ts)
 * from these and the members' weeks (memberWeeksSql, memberChannelsSql), each read once for all cut-offs.
 */
export function cutoffFeaturesSql(
  cutoffs: readonly FeatureCutoff[],
  staleSources: readonly string[],
  members: readonly number[] | null = null,
): Prisma.Sql {
  // A few members' events are read through (member_id, occurred_at): the whole week's events by day took seconds.
  const eventsOf = members ? Prisma.sql`and x.member_id = any(${[...members]}::int[])` : Prisma.empty;
  const stale = [...staleSources];
  return Prisma.sql`
with max_tier as (
  select p.d, greatest(coalesce(max(c.to_tier), 0), 1) as t
    from rk_cuts p left join subscription_changes c on c.occurred_at < p.d0 and not (c.source = any(${stale}::text[]))
   group by p.d
),
-- Each cut-off's own week: a Sunday's is complete, read from its rollups (the same sums, distinct channels and last
-- event as from its events; the weight rounded as the weeks before it are); any other day's is partial (its rollup may
-- hold later days), read by a range scan of its events. Breadth (the most channels per source in a week of the last
-- 11) is counted in Node (inputs.ts) from each member's weeks (memberChannelsSql) and these channels.
cur as (
  select pre.d, w.member_id, w.source, round(w.weight::float8 * 100) / 100 as weight, w.channels, w.last_at
    from rk_cuts p join weekly_activity w on w.week_start = p.wk
    join rk_pre pre on pre.d = p.d and pre.id = w.member_id
   where p.d = p.wk + 6
  union all
  select pre.d, e.member_id, e.source, round(sum(e.weight::float8) * 100) / 100, count(distinct e.channel)::int,
         max(e.occurred_at)
    from rk_cuts p
    cross join lateral (select x.member_id, x.source, x.weight, x.channel, x.occurred_at from activity_events x
                         where p.d <> p.wk + 6 and x.occurred_at >= p.wk_ts and x.occurred_at < p.d1 ${eventsOf} offset 0) e
    join rk_pre pre on pre.d = p.d and pre.id = e.member_id
   group by 1, 2, 3
),
-- Summed over sources in their order, so the total's last bits do not depend on the plan.
cur_member as (
  select d, member_id, sum(weight order by source)::float8 as cur_weight, max(last_at) as last_at,
         array_agg(source order by source) as cur_sources, array_agg(channels order by source) as cur_channels
    from cur group by 1, 2
),
fails as (
  select p.d, pm.member_id, (count(*) filter (where pm.occurred_at >= p.d0 - interval '90 days'))::int as n90, max(pm.occurred_at) as last_at
    from payments pm join rk_cuts p on pm.occurred_at < p.d0
   where pm.status = 'failed' and pm.member_id is not null and not (pm.source = any(${stale}::text[]))
   group by 1, 2
)
-- One text per cut-off, a line per member (featureLine's fields, in feature-rows.ts's parseFeatureLines): 97k rows of
-- 15 columns at 31 cut-offs cost the driver and Prisma more CPU to hand over than the statement took to run. Numbers
-- print as float8 and int print them (the shortest text that reads back as the same double), as the driver read them.
select to_char(fl.d, 'YYYY-MM-DD') as cutoff, string_agg(fl.line, E'\n' order by fl.id) as lines from (
select pre.d, pre.id, concat_ws(',', pre.id, coalesce(t.tier, 0), mt.t, pre.u, pre.n_members, coalesce(e.cur_weight::text, ''),
       -- Tenure from the first thing known about the member by then, never from when the row was imported.
       greatest(0, extract(epoch from p.d1 - least(case when pre.joined_at < p.d1 then pre.joined_at end, pre.first_event_at, pre.first_known_change, p.d1)) / 86400)::float8,
       -- The last event by the day's end: in its own week (cur), else the latest before that week (a probe per row).
       coalesce((extract(epoch from p.d1 - coalesce(e.last_at, (select max(x.occurred_at) from activity_events x
                                                      where x.member_id = pre.id and x.occurred_at < p.wk_ts))) / 86400)::float8::text, ''),
       coalesce(case when coalesce(t.tier, 0) > 0 then (extract(epoch from p.d0 - t.plan_since) / 86400)::float8 end::text, ''),
       coalesce(ti.n::text, ''), coalesce(f.n90::text, ''), coalesce((extract(epoch from p.d0 - f.last_at) / 86400)::float8::text, ''),
       -- The own week's channels per source, then its sources as JSON (any text; the last field, so commas are safe).
       coalesce(array_to_string(e.cur_channels, ';'), ''), coalesce(to_json(e.cur_sources)::text, '')) as line
  from rk_pre pre join rk_cuts p on p.d = pre.d
  join max_tier mt on mt.d = pre.d
  left join rk_tiers t on t.d = pre.d and t.member_id = pre.id
  left join cur_member e on e.d = pre.d and e.member_id = pre.id
  left join rk_ties ti on ti.d = pre.d and ti.member_id = pre.id
  left join fails f on f.d = pre.d and f.member_id = pre.id) fl
 group by fl.d`;
}

/** The weeks of rollups the member series statements read for a set of cut-offs, and whose members. */
export interface SeriesSpan {
  /** Mondays (YYYY-MM-DD) of the earliest and latest cut-offs' weeks. */
  firstWeek: string;
  lastWeek: string;
  /** Only these members' weeks (null: every member's; rows of members no cut-off knows are never looked up). */
  members: readonly number[] | null;
}

const spanFilter = ({ firstWeek, lastWeek, members }: SeriesSpan, weeksBefore: number) => Prisma.sql`
  w.week_start >= ${firstWeek}::date - ${weeksBefore * 7}::int and w.week_start < ${lastWeek}::date
  ${members ? Prisma.sql`and w.member_id = any(${[...members]}::int[])` : Prisma.empty}`;

/**
 * Each member's weekly totals (over sources) in every cut-off's 25 complete weeks, as one text "days:weight,…" (days
 * since 1970-01-05, a Monday; any order), read once for all cut-offs: at 100k members, arrays took node-postgres
 * seconds to parse where splitting a string takes few. float8 prints the shortest text that reads back as the same
 * double, so the weights round-trip exactly. It needs none of the cut-offs' temporary tables: it runs on another
 * backend beside them (a member no cut-off knows is read for nothing, and never looked up).
 */
export const memberWeeksSql = (span: SeriesSpan) => Prisma.sql`
select member_id as id, string_agg(day || ':' || weight, ',') as series
  from (select w.member_id, w.week_start - date '1970-01-05' as day, round(sum(w.weight::float8) * 100) / 100 as weight
          from weekly_activity w
         where ${spanFilter(span, HISTORY_WEEKS - 1)}
         group by 1, 2) x
 group by 1`;

/**
 * memberWeeksSql's rows, then one more (id null) with the community's totals per complete week in [communityFrom,
 * span.lastWeek) as "YYYY-MM-DD:total:active,…", from the same grouping of the rollups per member and week (read
 * once instead of twice): the same sums as loadCommunityWeeks (inputs.ts), bots excluded, the total rounded to 0.1
 * from 15 digits. Only for every member's weeks (span.members null).
 */
export const memberAndCommunityWeeksSql = (span: SeriesSpan, communityFrom: string) => Prisma.sql`
with mw as materialized (
  select w.member_id, w.week_start, sum(w.weight::float8) as weight
    from weekly_activity w
   where w.week_start >= least(${span.firstWeek}::date - ${(HISTORY_WEEKS - 1) * 7}::int, ${communityFrom}::date)
     and w.week_start < ${span.lastWeek}::date
   group by 1, 2
)
select member_id as id, string_agg((week_start - date '1970-01-05') || ':' || (round(weight * 100) / 100), ',') as series
  from mw group by 1
union all
select null, string_agg(week || ':' || total || ':' || active, ',')
  from (select to_char(mw.week_start, 'YYYY-MM-DD') as week, round(sum(mw.weight)::numeric, 1)::float8 as total, count(*)::int as active
          from mw join members m on m.id = mw.member_id
         where not m.is_bot and mw.week_start >= ${communityFrom}::date
         group by mw.week_start) c`;

/**
 * Each member's channels per source and week (of the weeks any cut-off's breadth reads), one row per member and
 * source with "days:channels,…" (days as in memberWeeksSql, any order). Read once for every cut-off: joining each
 * weekly row to every cut-off whose window holds it made 5.5 rows of each (2-weekly cut-offs) and took seconds.
 */
export const memberChannelsSql = (span: SeriesSpan) => Prisma.sql`
select w.member_id as id, w.source, string_agg((w.week_start - date '1970-01-05') || ':' || w.channels, ',') as series
  from weekly_activity w
 where ${spanFilter(span, BREADTH_WEEKS)}
 group by 1, 2`;

/**
 * Each member's contributions counted by each cut-off of `cutoffs`: the events of a contribution type in its own week
 * (by its day's end) and the 3 complete weeks before, per type, one text per cut-off with a line per member with any ("YYYY-MM-DD"
 * cut-off). Read once for all cut-offs and handed to each by their UTC week (a range scan per cut-off read each event
 * 2 times at 2-weekly cut-offs, to keep 1 in 13). Needs none of the cut-offs' temporary tables: it runs on another
 * backend beside them, for every member (or `members`): a member no cut-off knows is read for nothing.
 */
export function contributionsSql(
  cutoffs: readonly FeatureCutoff[],
  members: readonly number[] | null = null,
): Prisma.Sql {
  const days = cutoffs.map((c) => c.asOf).sort();
  // The span of the events read, as values: the planner then picks a range scan for one cut-off's 4 weeks and a
  // sequential one for many cut-offs' (most of the table), which it cannot tell apart from subqueries.
  const eventsFrom = `${addDays(mondayOf(days[0]), -7 * (CONTRIBUTION_WEEKS - 1))}T00:00:00Z`;
  const eventsTo = `${addDays(days[days.length - 1], 1)}T00:00:00Z`;
  // A few members' events are read through (member_id, occurred_at).
  const eventsOf = members ? Prisma.sql`and x.member_id = any(${[...members]}::int[])` : Prisma.empty;
  return Prisma.sql`
with cuts as (
  select u.d, (u.d + 1)::timestamp at time zone 'UTC' as d1, date_trunc('week', u.d)::date as wk
    from unnest(${days}::date[]) as u(d)
),
contrib_weeks as (
  select c.d, c.d1, c.wk - 7 * k as week from cuts c cross join generate_series(0, ${CONTRIBUTION_WEEKS - 1}::int) as k
)
-- One text per cut-off, a line per member: "id,pr_merged,pr_review,accepted_answer,meetup_hosted,pairing,other".
select to_char(c.d, 'YYYY-MM-DD') as cutoff, string_agg(c.line, E'\n') as lines from (
select cw.d, concat_ws(',', x.member_id,
       count(*) filter (where x.type = 'pr_merged'),
       count(*) filter (where x.type = 'pr_review'),
       count(*) filter (where x.type = 'accepted_answer'),
       count(*) filter (where x.type = 'meetup_hosted'),
       count(*) filter (where x.type = 'pairing_session'),
       count(*) filter (where x.type not in ('pr_merged', 'pr_review', 'accepted_answer', 'meetup_hosted', 'pairing_session'))) as line
  from activity_events x
  join contrib_weeks cw on cw.week = (date_trunc('week', x.occurred_at at time zone 'UTC'))::date and x.occurred_at < cw.d1
 where x.occurred_at >= ${eventsFrom}::timestamptz and x.occurred_at < ${eventsTo}::timestamptz
   and (x.type in ('pr_merged', 'pr_review', 'accepted_answer', 'meetup_hosted', 'pairing_session')
        or x.type in (select type from activity_types where is_contribution)) ${eventsOf}
 group by cw.d, x.member_id) c
 group by c.d`;
}
