// The feature extraction against round 8's statement, kept here verbatim as the reference: that statement joined each
// weekly rollup (and each event of 4 weeks) to every cut-off whose window held it; the extraction now reads them once
// for all cut-offs and picks rows, breadth and activity in Node. Its rows must be the same, value for value, for
// sampled and whole cut-offs, a day that is not a Sunday, stale billing sources and a few members' re-extraction.
import { beforeAll, describe, expect, it } from "vitest";
import { Prisma } from "@/lib/generated/prisma/client";
import { HISTORY_WEEKS } from "@/lib/scoring";
import { truncateAll, useTestDatabase } from "@/lib/test/db";
import { seedDemoCommunity } from "@/lib/services/demo";
import { rebuildWeeklyActivity } from "@/lib/services/rollups";
import { cutoffSetupSql, type FeatureCutoff } from "./features-sql";
import { extractCutoffs, type ExtractedMember } from "./inputs";

const db = useTestDatabase();
const NOW = new Date("2026-03-16T00:00:00Z");

interface Round8Row {
  cutoff: string;
  id: number;
  tier: number;
  in_cand: boolean;
  in_risk: boolean;
  n_members: number;
  n_risk: number;
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

const EPOCH_MONDAY = Date.parse("1970-01-05");

/** Round 8's rows of these cut-offs, converted as round 8's inputs.ts did, with whether each cut-off was sampled. */
async function round8Extraction(
  cutoffs: readonly FeatureCutoff[],
  stale: readonly string[],
  members: readonly number[] | null = null,
): Promise<{ asOf: string; rows: ExtractedMember[]; sampled: boolean }[]> {
  const { raw, series } = await db.$transaction(
    async (tx) => {
      for (const statement of cutoffSetupSql(cutoffs, stale, members)) await tx.$executeRaw(statement);
      // Round 8's table of each member's weekly totals, which its statement read.
      await tx.$executeRaw`
        create temporary table rk_member_weeks on commit drop as
        select w.member_id, w.week_start, round(sum(w.weight::float8) * 100) / 100 as weight
          from weekly_activity w
         where w.week_start >= (select min(wk) from rk_cuts) - ${(HISTORY_WEEKS - 1) * 7}::int and w.week_start < (select max(wk) from rk_cuts)
           and w.member_id in (select id from rk_pre)
         group by 1, 2`;
      const raw = await tx.$queryRaw<Round8Row[]>(round8FeaturesSql(stale, members));
      const series = await tx.$queryRaw<{ id: number; series: string }[]>`
        select member_id as id, string_agg((week_start - date '1970-01-05') || ':' || weight, ',') as series
          from rk_member_weeks group by member_id`;
      return { raw, series: new Map(series.map((s) => [s.id, s.series])) };
    },
    { timeout: 120_000 },
  );
  return cutoffs.map(({ asOf, sampleCap }) => {
    const rows = raw.filter((r) => r.cutoff === asOf);
    const weekDay = Math.round((Date.parse(`${asOf}T00:00:00Z`) - EPOCH_MONDAY) / 86_400_000);
    const monday = weekDay - (((weekDay % 7) + 7) % 7);
    const days = (v: number | null) => (v == null ? null : Math.max(0, v));
    return {
      asOf,
      sampled: rows.length > 0 && (rows[0].n_members > sampleCap || rows[0].n_risk > sampleCap),
      rows: rows.map((r) => {
        const weeklyWeight = new Array<number>(HISTORY_WEEKS).fill(0);
        for (const pair of series.get(r.id)?.split(",") ?? []) {
          const [day, weight] = pair.split(":").map(Number);
          const idx = (day - monday) / 7 + HISTORY_WEEKS - 1;
          if (idx >= 0 && idx < HISTORY_WEEKS - 1) weeklyWeight[idx] = weight;
        }
        weeklyWeight[HISTORY_WEEKS - 1] = r.cur_weight ?? 0;
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
      }),
    };
  });
}

/** Every other Sunday from 2025-05-04 to 2026-01-11: 19 cut-offs, as a 2-weekly calendar gives them. */
const SUNDAYS = Array.from({ length: 19 }, (_, i) =>
  new Date(Date.parse("2025-05-04T00:00:00Z") + i * 14 * 86_400_000).toISOString().slice(0, 10),
);

async function expectSameAsRound8(
  cutoffs: readonly FeatureCutoff[],
  stale: readonly string[] = [],
  members: readonly number[] | null = null,
): Promise<number> {
  const reference = await round8Extraction(cutoffs, stale, members);
  const extracted = await extractCutoffs(cutoffs, new Map(), stale, members);
  expect(extracted.map((e) => e.asOf)).toEqual(reference.map((r) => r.asOf));
  for (const [i, cutoff] of extracted.entries()) {
    expect(cutoff.sampled, cutoff.asOf).toBe(reference[i].sampled);
    expect(cutoff.rows, cutoff.asOf).toEqual(reference[i].rows);
  }
  return extracted.reduce((n, e) => n + e.rows.length, 0);
}

describe("the feature extraction against round 8's statement", () => {
  beforeAll(async () => {
    // Another file's rows (its own contribution type too) must not collide with this one's.
    await truncateAll(db);
    await seedDemoCommunity(db, { members: 600, now: NOW });
    // A contribution type of the community's own, and events without a channel: both paths of the statement.
    await db.$executeRaw`insert into activity_types (type, label, weight, is_contribution) values ('talk_given', 'Talk given', 3, true)`;
    await db.$executeRaw`
      update activity_events set type = 'talk_given' where id in (select id from activity_events where type = 'message' order by id limit 300)`;
    await db.$executeRaw`update activity_events set channel = null where id % 17 = 0`;
    await rebuildWeeklyActivity();
  }, 300_000);

  it("gives the same rows at 19 two-weekly cut-offs, whole and sampled, in one statement", async () => {
    const rows = await expectSameAsRound8(SUNDAYS.map((asOf) => ({ asOf, sampleCap: Infinity })));
    expect(rows).toBeGreaterThan(19 * 100);
    // A small cap samples both rankings at most cut-offs.
    await expectSameAsRound8(SUNDAYS.map((asOf) => ({ asOf, sampleCap: 60 })));
    const [sampled] = await extractCutoffs([{ asOf: SUNDAYS.at(-1)!, sampleCap: 60 }], new Map(), []);
    expect(sampled.sampled).toBe(true);
  }, 300_000);

  it("gives the same rows on a weekday as-of, with stale billing sources, and for a few members", async () => {
    await expectSameAsRound8([{ asOf: "2026-03-12", sampleCap: Infinity }]);
    await expectSameAsRound8([{ asOf: "2026-02-18", sampleCap: Infinity }], ["stripe", "opencollective"]);
    const some = await db.$queryRaw<{ id: number }[]>`select id from members order by id limit 40`;
    const rows = await expectSameAsRound8(
      [{ asOf: "2026-03-12", sampleCap: Infinity }],
      [],
      some.map((m) => m.id),
    );
    expect(rows).toBeGreaterThan(5);
  }, 300_000);
});

// Round 8's statement (362b24e's lib/services/rankings/features-sql.ts), unchanged.
function round8FeaturesSql(
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
