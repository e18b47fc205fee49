// Feature extraction for the ranking models: one SQL pass per cut-off builds every eligible member's
// 26-week vector, breadth, contributions and billing facts, using only data known by then.
// Our own outreach is deliberately absent: whom we chose to contact is not evidence of intent.
import "server-only";
import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { HISTORY_WEEKS, type CommunityContext, type MemberActivityInput } from "@/lib/scoring";
import { addDays, mondayOf } from "./dates";

/** A member row as extracted, with which ranking(s) it is eligible for at this cut-off. */
export interface ExtractedMember extends MemberActivityInput {
  inCandidates: boolean;
  inAtRisk: boolean;
}

export interface CutoffInputs {
  asOf: string;
  rows: ExtractedMember[];
  community: CommunityContext;
  /** Whether a ranking's rows are a uniform sample of its eligible members (big communities, past cut-offs). */
  sampled: boolean;
}

interface RawRow {
  id: number;
  tier: number;
  in_cand: boolean;
  in_risk: boolean;
  n_cand: number;
  n_risk: number;
  n_members: number;
  idxs: number[] | null;
  weights: number[] | null;
  cur_weight: number | null;
  breadth_recent: number | null;
  breadth_base: number | null;
  pr_merged: number | null;
  pr_review: number | null;
  accepted_answer: number | null;
  meetup_hosted: number | null;
  pairing: number | null;
  other_contrib: number | null;
  tenure_days: number;
  last_active_days: number | null;
  plan_days: number | null;
  paid_ties: number | null;
  fail90: number | null;
  fail_last_days: number | null;
}

/**
 * Every eligible member at `asOf` with the facts the features need, using only what was known that day:
 * events on or before it, members first seen by then (an event, a billing change, or a join date), tiers from
 * billing changes before it (billing sources in `staleSources` are ignored: their data ended long before), and
 * the highest tier anyone had reached by then. Sampling (past cut-offs of big communities) keeps a member when a
 * hash of its oldest identity key and the cut-off falls under cap / members-known-that-day, so neither import
 * order (ids) nor members who appear later change who is drawn.
 * Rollup weights are rounded to 0.01: weekly_activity sums float4 in scan order, so the same events can differ
 * in the last bits after unrelated rows are added. Weeks: index 25 is the as-of's week (Monday..as-of, from
 * events, since its rollup may hold later days); 0..24 are the complete weeks before it, from weekly_activity.
 */
export function memberFeaturesSql(
  asOf: string,
  sampleCap: number,
  salt: number,
  staleSources: readonly string[],
): Prisma.Sql {
  const historyDays = (HISTORY_WEEKS - 1) * 7;
  const lastIndex = HISTORY_WEEKS - 1;
  return Prisma.sql`
with p as (
  select ${asOf}::date as d,
         (${asOf}::date)::timestamp at time zone 'UTC' as d0,
         (${asOf}::date + 1)::timestamp at time zone 'UTC' as d1,
         date_trunc('week', ${asOf}::date)::date as wk,
         (date_trunc('week', ${asOf}::date)::date)::timestamp at time zone 'UTC' as wk_ts
),
known_changes as (
  select c.* from subscription_changes c, p where c.occurred_at < p.d0 and not (c.source = any(${[...staleSources]}::text[]))
),
max_tier as (select greatest(coalesce((select max(to_tier) from known_changes), 0), 1) as t),
sub_latest as (
  select distinct on (c.subscription_id) c.member_id, c.to_tier, c.occurred_at
    from known_changes c
   order by c.subscription_id, c.occurred_at desc, c.id desc
),
tiers as (
  select member_id, max(to_tier) as tier, (array_agg(occurred_at order by to_tier desc, occurred_at desc))[1] as plan_since
    from sub_latest group by member_id
),
staff_members as (
  select distinct a.member_id
    from affiliations a join organizations o on o.id = a.org_id, p
   where o.is_staff_org and a.starts_at < p.d1 and (a.ends_at is null or a.ends_at > p.d0)
),
known as (
  select m.id, m.joined_at,
         (select min(i.source || ':' || i.external_id) from identities i where i.member_id = m.id) as stable_key
    from members m, p
   where not m.is_staff and not m.is_bot and not m.do_not_contact
     and not exists (select 1 from staff_members s where s.member_id = m.id)
     -- A member seen only through bot accounts is a bot, whether or not the member row was flagged yet.
     and not (exists (select 1 from identities i where i.member_id = m.id and i.is_bot)
              and not exists (select 1 from identities i where i.member_id = m.id and not i.is_bot))
     and (m.joined_at < p.d1
          or exists (select 1 from activity_events x where x.member_id = m.id and x.occurred_at < p.d1)
          or exists (select 1 from known_changes c where c.member_id = m.id))
),
base as (
  select k.id, k.joined_at,
         abs(hashtext(coalesce(k.stable_key, 'member:' || k.id) || '@' || ${salt}::int))::float8 / 2147483648.0 as u,
         (count(*) over ())::int as n_members
    from known k
),
-- Sampling happens before the heavy grouping: every payer (at-risk is small) plus a uniform share of the rest.
pre as (
  select b.id, b.u, b.n_members, b.joined_at from base b left join tiers t on t.member_id = b.id
   where b.u < ${sampleCap}::float8 / greatest(b.n_members, 1) or coalesce(t.tier, 0) > 0
),
wa as (
  select w.member_id, w.week_start, w.source, w.weight, w.channels
    from weekly_activity w join pre on pre.id = w.member_id, p
   where w.week_start >= p.wk - ${historyDays}::int and w.week_start < p.wk
),
hist as (
  select member_id, ((week_start - p.wk) / 7 + ${lastIndex}::int)::int as idx, round(sum(weight::float8) * 100) / 100 as weight
    from wa, p group by 1, 2
),
cur as (
  select e.member_id, e.source, count(*)::int as events, round(sum(e.weight::float8) * 100) / 100 as weight, count(distinct e.channel)::int as channels
    from activity_events e join pre on pre.id = e.member_id, p
   where e.occurred_at >= p.wk_ts and e.occurred_at < p.d1
   group by 1, 2
),
-- Breadth per source = the most channels used in any one week of the window (a week with events but no channel counts 1).
src as (
  select member_id, source,
         max(greatest(channels, 1)) filter (where recent) as rec, max(greatest(channels, 1)) filter (where not recent) as base
    from (select w.member_id, w.source, w.channels, w.week_start >= p.wk - 21 as recent from wa w, p where w.week_start >= p.wk - 77
          union all select member_id, source, channels, true from cur) x
   group by 1, 2
),
contrib as (
  select e.member_id,
         count(*) filter (where e.type = 'pr_merged')::int as pr_merged,
         count(*) filter (where e.type = 'pr_review')::int as pr_review,
         count(*) filter (where e.type = 'accepted_answer')::int as accepted_answer,
         count(*) filter (where e.type = 'meetup_hosted')::int as meetup_hosted,
         count(*) filter (where e.type = 'pairing_session')::int as pairing,
         count(*) filter (where e.type not in ('pr_merged', 'pr_review', 'accepted_answer', 'meetup_hosted', 'pairing_session'))::int as other_contrib
    from activity_events e join pre on pre.id = e.member_id, p
   where e.occurred_at >= p.wk_ts - interval '21 days' and e.occurred_at < p.d1
     and (e.type in ('pr_merged', 'pr_review', 'accepted_answer', 'meetup_hosted', 'pairing_session')
          or e.type in (select type from activity_types where is_contribution))
   group by 1
),
cur_member as (
  select member_id, sum(events)::int as cur_events, sum(weight)::float8 as cur_weight from cur group by 1
),
ev as (
  select s.member_id, coalesce(sum(s.rec), 0)::int as breadth_recent, coalesce(sum(s.base), 0)::int as breadth_base,
         coalesce(max(cm.cur_events), 0)::int as cur_events, coalesce(max(cm.cur_weight), 0)::float8 as cur_weight
    from src s left join cur_member cm on cm.member_id = s.member_id group by 1
),
active as (
  select member_id from hist union select member_id from cur where events > 0
),
pool as (
  select pre.id, coalesce(t.tier, 0) as tier, t.plan_since, pre.joined_at,
         (coalesce(t.tier, 0) < mt.t and a.member_id is not null) as is_cand,
         (coalesce(t.tier, 0) > 0) as is_risk, pre.u, pre.n_members
    from pre
   cross join max_tier mt
    left join tiers t on t.member_id = pre.id
    left join active a on a.member_id = pre.id
),
counted as (
  select *, (count(*) filter (where is_cand) over ())::int as n_cand, (count(*) filter (where is_risk) over ())::int as n_risk
    from pool where is_cand or is_risk
),
chosen as (
  select id, tier, plan_since, joined_at, n_cand, n_risk, n_members,
         is_cand and u < ${sampleCap}::float8 / greatest(n_members, 1) as in_cand,
         is_risk and u < ${sampleCap}::float8 / greatest(n_risk, 1) as in_risk
    from counted
),
picked as (select * from chosen where in_cand or in_risk),
vec as (
  select h.member_id, array_agg(h.idx order by h.idx) as idxs, array_agg(h.weight order by h.idx) as weights
    from hist h join picked c on c.id = h.member_id group by 1
),
aff as (
  select a.member_id, a.org_id from affiliations a, p
   where a.starts_at < p.d1 and (a.ends_at is null or a.ends_at > p.d0)
),
org_paying as (
  select a.org_id, count(distinct a.member_id)::int as n from aff a join tiers t on t.member_id = a.member_id and t.tier > 0 group by 1
),
ties as (
  select a.member_id, sum(op.n - case when coalesce(t.tier, 0) > 0 then 1 else 0 end)::int as n
    from aff a join picked c on c.id = a.member_id join org_paying op on op.org_id = a.org_id
    left join tiers t on t.member_id = a.member_id group by 1
),
fails as (
  select pm.member_id, (count(*) filter (where pm.occurred_at >= p.d0 - interval '90 days'))::int as n90, max(pm.occurred_at) as last_at
    from payments pm, p
   where pm.status = 'failed' and pm.member_id is not null and pm.occurred_at < p.d0
     and not (pm.source = any(${[...staleSources]}::text[]))
   group by 1
)
select c.id, c.tier, c.in_cand, c.in_risk, c.n_cand, c.n_risk, c.n_members, v.idxs, v.weights, e.cur_weight,
       e.breadth_recent, e.breadth_base, k.pr_merged, k.pr_review, k.accepted_answer, k.meetup_hosted, k.pairing, k.other_contrib,
       -- Tenure from the first thing known about the member by then, never from when the row was imported.
       greatest(0, extract(epoch from p.d1 - least(case when c.joined_at < p.d1 then c.joined_at end, fa.first_at, fc.first_at, p.d1)) / 86400)::float8 as tenure_days,
       (extract(epoch from p.d1 - la.last_at) / 86400)::float8 as last_active_days,
       case when c.tier > 0 then (extract(epoch from p.d0 - c.plan_since) / 86400)::float8 end as plan_days,
       ti.n as paid_ties, f.n90 as fail90, (extract(epoch from p.d0 - f.last_at) / 86400)::float8 as fail_last_days
  from picked c cross join p
  left join vec v on v.member_id = c.id
  left join ev e on e.member_id = c.id
  left join contrib k on k.member_id = c.id
  left join ties ti on ti.member_id = c.id
  left join fails f on f.member_id = c.id
  left join lateral (select max(x.occurred_at) as last_at from activity_events x where x.member_id = c.id and x.occurred_at < p.d1) la on true
  left join lateral (select min(x.occurred_at) as first_at from activity_events x where x.member_id = c.id) fa on true
  left join lateral (select min(x.occurred_at) as first_at from known_changes x where x.member_id = c.id) fc on true
 order by c.id`;
}

/** Community totals per complete week in [fromWeek, toWeek), keyed by Monday (YYYY-MM-DD). Bots excluded. */
export async function loadCommunityWeeks(
  fromWeek: string,
  toWeek: string,
): Promise<Map<string, { total: number; active: number }>> {
  const rows = await db.$queryRaw<{ week: string; total: number; active: number }[]>`
    select to_char(w.week_start, 'YYYY-MM-DD') as week, round(sum(w.weight::float8)::numeric, 1)::float8 as total, count(distinct w.member_id)::int as active
      from weekly_activity w join members m on m.id = w.member_id
     where not m.is_bot and w.week_start >= ${fromWeek}::date and w.week_start < ${toWeek}::date
     group by 1`;
  return new Map(rows.map((r) => [r.week, { total: r.total, active: r.active }]));
}

/** The community series for a cut-off: 25 complete weeks from `weeks`, plus its own partial week from events. */
async function communityAt(
  asOf: string,
  weeks: Map<string, { total: number; active: number }>,
): Promise<CommunityContext> {
  const wk = mondayOf(asOf);
  const [partial] = await db.$queryRaw<{ total: number | null; active: number }[]>`
    select round(sum(e.weight::float8)::numeric, 1)::float8 as total, count(distinct e.member_id)::int as active
      from activity_events e join members m on m.id = e.member_id
     where not m.is_bot and e.occurred_at >= (${wk}::date)::timestamp at time zone 'UTC' and e.occurred_at < (${asOf}::date + 1)::timestamp at time zone 'UTC'`;
  const weeklyTotal: number[] = [];
  const activeMembers: number[] = [];
  for (let i = 0; i < HISTORY_WEEKS - 1; i++) {
    const week = weeks.get(addDays(wk, -7 * (HISTORY_WEEKS - 1 - i)));
    weeklyTotal.push(week?.total ?? 0);
    activeMembers.push(week?.active ?? 0);
  }
  weeklyTotal.push(partial?.total ?? 0);
  activeMembers.push(partial?.active ?? 0);
  return { weeklyTotal, activeMembers };
}

function toInput(r: RawRow): ExtractedMember {
  const weeklyWeight = new Array<number>(HISTORY_WEEKS).fill(0);
  const idxs = r.idxs ?? [];
  const weights = r.weights ?? [];
  for (let k = 0; k < idxs.length; k++)
    if (idxs[k] >= 0 && idxs[k] < HISTORY_WEEKS - 1) weeklyWeight[idxs[k]] = weights[k];
  weeklyWeight[HISTORY_WEEKS - 1] = r.cur_weight ?? 0;
  const days = (v: number | null) => (v == null ? null : Math.max(0, v));
  return {
    memberId: r.id,
    inCandidates: r.in_cand,
    inAtRisk: r.in_risk,
    weeklyWeight,
    breadthRecent: r.breadth_recent ?? 0,
    breadthBaseline: r.breadth_base ?? 0,
    contributions: {
      prMerged: r.pr_merged ?? 0,
      prReview: r.pr_review ?? 0,
      acceptedAnswer: r.accepted_answer ?? 0,
      meetupHosted: r.meetup_hosted ?? 0,
      pairing: r.pairing ?? 0,
      other: r.other_contrib ?? 0,
    },
    tenureWeeks: r.tenure_days / 7,
    daysSinceLastActivity: days(r.last_active_days),
    tierRank: r.tier,
    planTenureWeeks: r.plan_days == null ? null : Math.max(0, r.plan_days) / 7,
    paidTies: Math.max(0, r.paid_ties ?? 0),
    failedPayments90d: r.fail90 ?? 0,
    daysSinceLastFailedPayment: days(r.fail_last_days),
  };
}

/**
 * Eligible members at `asOf` (YYYY-MM-DD) with their features. `sampleCap` keeps about that many rows per
 * ranking (uniformly, deterministic per member and cut-off) when more are eligible; Infinity keeps all.
 */
export async function extractCutoffInputs(
  asOf: string,
  weeks: Map<string, { total: number; active: number }>,
  staleSources: readonly string[],
  sampleCap = Number.POSITIVE_INFINITY,
): Promise<CutoffInputs> {
  const cap = Number.isFinite(sampleCap) ? sampleCap : 1e15;
  const salt = Math.floor(Date.parse(asOf) / 86_400_000);
  const [raw, community] = await Promise.all([
    db.$queryRaw<RawRow[]>(memberFeaturesSql(asOf, cap, salt, staleSources)),
    communityAt(asOf, weeks),
  ]);
  return {
    asOf,
    rows: raw.map(toInput),
    community,
    sampled: raw.length > 0 && (raw[0].n_members > cap || raw[0].n_risk > cap),
  };
}

/**
 * Outcomes in [asOf, asOf + horizon): `upTo` = highest tier reached by a new/upgrade/reactivate change,
 * `down` = any downgrade or cancel. Labels are compared with the member's tier at the cut-off by the caller.
 */
export async function loadOutcomes(
  asOf: string,
  horizonWeeks: number,
): Promise<Map<number, { upTo: number | null; down: boolean }>> {
  const rows = await db.$queryRaw<{ member_id: number; up_to: number | null; down: boolean }[]>`
    select member_id,
           max(to_tier) filter (where kind in ('new', 'upgrade', 'reactivate'))::int as up_to,
           bool_or(kind in ('downgrade', 'cancel')) as down
      from subscription_changes
     where occurred_at >= (${asOf}::date)::timestamp at time zone 'UTC'
       and occurred_at < (${asOf}::date + ${horizonWeeks * 7}::int)::timestamp at time zone 'UTC'
     group by 1`;
  return new Map(rows.map((r) => [r.member_id, { upTo: r.up_to, down: r.down }]));
}
