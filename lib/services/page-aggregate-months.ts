// The page aggregates kept as rows: distinct active members / contributors per month
// (page_activity_months, from the rollups' member-month counts), cohort retention cells
// (page_retention_cells, page_retention_cohorts) and the conversion deciles' activity scores.
// All follow the rollups: after an import only the months from its earliest event on are recomputed,
// plus any older cohort whose members changed, and the scores only when the import reached their weeks;
// changes that rewrite history (contribution types, bots, merges, erasures) rebuild them whole, as does
// `full` (the nightly rebuild).
import "server-only";
import { z } from "zod";
import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import type { DecileConversion } from "@/lib/analytics/retention";
import { eventWatermarkSchema } from "@/lib/validation/event-watermark";
import { addedEventsSince, earliestEventSince, visibleAtMark, type EventWatermark } from "./event-watermark";
import { rollupsWatermark } from "./rollups";
import {
  conversionByActivityDecile,
  decileWindow,
  rebuildDecileScores,
  type DecileWindow,
} from "./page-aggregate-deciles";

type Tx = Prisma.TransactionClient;

const STATE_KEY = "page-aggregates:months";

const stateSchema = z.object({
  /** The rollups' mark when the rows were last built from them (null: rollups were invalidated). */
  rollups: eventWatermarkSchema.nullable(),
  /** The weeks page_decile_scores sums. */
  decileWindow: z.object({ from: z.string(), to: z.string() }),
  /** Contribution types, bots and merges as they were: any change rebuilds everything. */
  structure: z.string(),
  /** Members up to this id, and how many there were: fewer means someone was erased or merged away. */
  maxMemberId: z.number().int(),
  membersUpToMax: z.number().int(),
});
type MonthsState = z.infer<typeof stateSchema>;

/** "all": rebuild; a month start: recompute from that month on; null: nothing new. */
export type MonthScope = "all" | Date | null;

export interface MonthsRefresh {
  activityFrom: MonthScope;
  retentionFrom: MonthScope;
  /** Cohorts whose members changed (a new member, a joined_at edit), recounted in every month. */
  changedCohorts: string[];
  /** The deciles' activity scores were summed again (a new window, or the import reached its weeks). */
  decileScores: "kept" | "rebuilt";
  /** Milliseconds per part of the refresh, in order (the pipeline's log prints them). */
  phases: [string, number][];
}

const monthOf = (d: Date) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));
const mondayOf = (d: Date) =>
  new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - ((d.getUTCDay() + 6) % 7)));
/** Rollup rows are keyed by their week's Monday, which may fall in the previous month. */
const monthOfWeek = (d: Date) => monthOf(mondayOf(d));

/**
 * The structure signature, the newest member id and the member counts, in one scan of members (three scans
 * before: 0.15–0.3 s at load 11 on 100k members): `membersUpTo` counts the members up to the stored newest id,
 * fewer than stored when one was erased or merged away.
 */
async function structure(
  tx: Tx,
  upTo: number,
): Promise<{ signature: string; maxMemberId: number; members: number; membersUpTo: number }> {
  const [r] = await tx.$queryRaw<
    {
      types: string | null;
      bots: string;
      merges: string;
      max_member: number | null;
      members: number;
      up_to: number;
    }[]
  >`
    select (select md5(string_agg(type || ':' || is_contribution::text, ',' order by type)) from activity_types) as types,
           m.bots, (select count(*) || ':' || coalesce(max(id), 0) || ':' || count(undone_at) from member_merges)
             || '/' || (select count(*) || ':' || coalesce(max(id), 0) || ':' || count(undone_at) from identity_splits) as merges,
           m.max_member, m.members, m.up_to
      from (select (count(*) filter (where is_bot)) || ':' || coalesce(sum(hashint4(id)) filter (where is_bot), 0) as bots,
                   max(id) as max_member, count(*)::int as members, (count(*) filter (where id <= ${upTo}))::int as up_to
              from members) m`;
  return {
    signature: [r.types, r.bots, r.merges].join("|"),
    maxMemberId: r.max_member ?? 0,
    members: r.members,
    membersUpTo: r.up_to,
  };
}

async function storedState(tx: Tx): Promise<MonthsState | null> {
  const row = await tx.setting.findUnique({ where: { key: STATE_KEY } });
  const parsed = stateSchema.safeParse(row?.value);
  return parsed.success ? parsed.data : null;
}

const after = (from: MonthScope, column: Prisma.Sql) =>
  from === "all" ? Prisma.sql`true` : Prisma.sql`${column} >= ${from}`;

/**
 * A member-month row exists for each member with an event that UTC month, counting contributions: the
 * distinct members with any event / a contribution, without re-reading the month's events (3.5 s for
 * six days of December at 10M events, against 0.35 s here).
 */
async function refreshActivityMonths(tx: Tx, from: Date | "all"): Promise<void> {
  await tx.$executeRaw`delete from page_activity_months where ${after(from, Prisma.sql`month`)}`;
  await tx.$executeRaw`
    insert into page_activity_months (month, active, contributors)
    select month, count(*)::int, (count(*) filter (where contributions > 0))::int
      from member_month_activity
     where ${after(from, Prisma.sql`month`)} and member_id not in (select id from members where is_bot)
     group by 1`;
}

const COHORT_MEMBERS = Prisma.sql`
  select id, date_trunc('month', joined_at at time zone 'UTC')::date as cm
    from members where joined_at is not null and not is_bot`;

/** Cohort sizes now, compared with what the stored cells were built for; stores the new ones. */
async function changedCohorts(tx: Tx, before: MonthScope): Promise<string[]> {
  const now = await tx.$queryRaw<{ cohort: string; size: number; hash: bigint }[]>`
    select to_char(cm, 'YYYY-MM-DD') as cohort, count(*)::int as size, sum(hashint4(id))::bigint as hash
      from (${COHORT_MEMBERS}) c group by cm`;
  const stored = await tx.$queryRaw<{ cohort: string; size: number; hash: bigint }[]>`
    select to_char(cohort_month, 'YYYY-MM-DD') as cohort, size, member_hash as hash from page_retention_cohorts`;
  const key = (r: { cohort: string; size: number; hash: bigint }) => `${r.cohort}|${r.size}|${r.hash}`;
  const nowKeys = new Set(now.map(key));
  const storedKeys = new Set(stored.map(key));
  const changed = new Set<string>();
  for (const r of now) if (!storedKeys.has(key(r))) changed.add(r.cohort);
  for (const r of stored) if (!nowKeys.has(key(r))) changed.add(r.cohort);
  await tx.$executeRaw`delete from page_retention_cohorts`;
  await tx.$executeRaw`
    insert into page_retention_cohorts (cohort_month, size, member_hash)
    select * from unnest(${now.map((r) => r.cohort)}::date[], ${now.map((r) => r.size)}::int[], ${now.map((r) => r.hash.toString())}::bigint[])`;
  // Cohorts from `before` on are recomputed with every month anyway.
  return [...changed].filter((c) => before !== "all" && (before === null || new Date(c) < before)).sort();
}

async function refreshRetentionCells(tx: Tx, from: MonthScope, cohorts: string[]): Promise<void> {
  if (from === null && cohorts.length === 0) return;
  const recent = from === null ? Prisma.sql`false` : after(from, Prisma.sql`activity_month`);
  await tx.$executeRaw`delete from page_retention_cells where ${recent} or cohort_month = any(${cohorts}::date[])`;
  // Each member's active months first (hashed), then members per cohort and month: a count(distinct)
  // over the joined weekly rows sorted half a million rows for two months at 100k members (twice as slow).
  if (from !== null)
    await tx.$executeRaw`
      insert into page_retention_cells (cohort_month, activity_month, active)
      select c.cm, a.month, count(*)::int
        from (select member_id, date_trunc('month', week_start)::date as month from weekly_activity
               where ${after(from, Prisma.sql`week_start`)} group by 1, 2) a
        join (${COHORT_MEMBERS}) c on c.id = a.member_id
       where a.month >= c.cm and c.cm <> all(${cohorts}::date[])
       group by 1, 2`;
  if (cohorts.length > 0)
    await tx.$executeRaw`
      insert into page_retention_cells (cohort_month, activity_month, active)
      select c.cm, date_trunc('month', w.week_start)::date, count(distinct w.member_id)::int
        from weekly_activity w join (${COHORT_MEMBERS}) c on c.id = w.member_id
       where w.week_start >= c.cm and c.cm = any(${cohorts}::date[])
       group by 1, 2`;
}

/**
 * Cells after an import that only added events: only members with added events can be active in more
 * months, so each one's months now (its rollup rows) in which it had no event before the import (no event
 * visible at the stored mark, probed through (member_id, occurred_at) and stopping at the first) are added to
 * its cohort's cells. Recounting whole months instead read half a million rollup rows for the month of one new
 * week at 100k members, and reading every event of the touched members since the month before (the previous
 * form) 1–2 s. Cohorts in `skip` are recomputed whole instead.
 */
async function addRetentionDelta(tx: Tx, since: EventWatermark, from: Date, skip: string[]): Promise<void> {
  await tx.$executeRaw`
    create temporary table retention_added on commit drop as
    select distinct member_id from (${addedEventsSince(since)}) added`;
  await tx.$executeRaw`analyze retention_added`;
  // A rollup week belongs to the month of its Monday, so month M holds the events from the first Monday on or
  // after M's first day up to the first Monday on or after the next month's.
  await tx.$executeRaw`
    with touched as (
      select c.id as member_id, c.cm from (${COHORT_MEMBERS}) c
       where c.id in (select member_id from retention_added) and c.cm <> all(${skip}::date[])
    ),
    months_now as (
      select distinct w.member_id, t.cm, date_trunc('month', w.week_start)::date as month
        from weekly_activity w join touched t on t.member_id = w.member_id
       where w.week_start >= ${from}::date and date_trunc('month', w.week_start)::date >= t.cm
    ),
    bounds as (
      select n.member_id, n.cm, n.month,
             n.month + (8 - extract(isodow from n.month)::int) % 7 as first_monday,
             (n.month + interval '1 month')::date + (8 - extract(isodow from (n.month + interval '1 month')::date)::int) % 7 as next_monday
        from months_now n
    ),
    delta as (
      select b.cm, b.month, count(*)::int as change
        from bounds b
       where not exists (
         select 1 from activity_events e
          where e.member_id = b.member_id
            and e.occurred_at >= (b.first_monday)::timestamp at time zone 'UTC'
            and e.occurred_at < (b.next_monday)::timestamp at time zone 'UTC'
            and ${visibleAtMark(since)})
       group by 1, 2
    )
    insert into page_retention_cells (cohort_month, activity_month, active)
    select cm, month, change from delta
    on conflict (cohort_month, activity_month) do update set active = page_retention_cells.active + excluded.active`;
}

/**
 * Brings the stored rows up to date with the rollups: recomputes only what changed since the last refresh
 * (or everything when `full`), then reads the conversion deciles as of `asOf`. One refresh at a time (an
 * advisory lock), in one transaction.
 */
export async function refreshMonthRows(opts: {
  full?: boolean;
  asOf: Date;
}): Promise<{ refreshed: MonthsRefresh; deciles: DecileConversion[] }> {
  return db.$transaction(
    async (tx) => {
      const phases: [string, number][] = [];
      let t = performance.now();
      const phase = (name: string) => {
        const now = performance.now();
        phases.push([name, now - t]);
        t = now;
      };
      await tx.$executeRaw`select pg_advisory_xact_lock(hashtext('page-aggregates:months'))`;
      // No rollup rebuild commits while the rows are read: they must be the rollups of the mark stored below.
      await tx.$executeRaw`select pg_advisory_xact_lock(hashtext('weekly-rollups'))`;
      await tx.$executeRaw`set local work_mem = '256MB'`;
      const rollupsMark = await rollupsWatermark();
      const state = await storedState(tx);
      const shape = await structure(tx, state?.maxMemberId ?? 0);
      const whole =
        opts.full ||
        !state?.rollups ||
        !rollupsMark ||
        state.structure !== shape.signature ||
        shape.membersUpTo !== state.membersUpToMax;
      phase("locks and state");
      // The first event the rollups took in since these rows were built: member months changed from its
      // month, weekly rows from its week (keyed by their Monday, which may fall in the month before).
      const first = whole ? null : await earliestEventSince(state.rollups!, tx);
      const activityFrom: MonthScope = whole ? "all" : first && monthOf(first);
      const retentionFrom: MonthScope = whole ? "all" : first && monthOfWeek(first);
      if (activityFrom !== null) await refreshActivityMonths(tx, activityFrom);
      phase("activity months");
      // After added events, every cohort whose members changed is recounted whole and the others take
      // their members' new months; a rebuild recounts everything.
      const cohorts = await changedCohorts(tx, whole ? "all" : null);
      phase("cohort sizes");
      await refreshRetentionCells(tx, whole ? "all" : null, cohorts);
      if (retentionFrom instanceof Date) await addRetentionDelta(tx, state!.rollups!, retentionFrom, cohorts);
      phase("retention cells");
      const window = await decileWindow(tx, opts.asOf);
      const scoresKept =
        !whole &&
        state.decileWindow.from === window.from &&
        state.decileWindow.to === window.to &&
        (first === null || mondayOf(first) >= new Date(`${window.to}T00:00:00Z`));
      if (!scoresKept) await rebuildDecileScores(tx, window);
      phase("decile scores");
      const next: MonthsState = {
        rollups: rollupsMark,
        decileWindow: window satisfies DecileWindow,
        structure: shape.signature,
        maxMemberId: shape.maxMemberId,
        membersUpToMax: shape.members,
      };
      await tx.setting.upsert({
        where: { key: STATE_KEY },
        create: { key: STATE_KEY, value: next },
        update: { value: next },
      });
      const deciles = await conversionByActivityDecile(tx, opts.asOf);
      phase("deciles");
      return {
        refreshed: {
          activityFrom,
          retentionFrom,
          changedCohorts: cohorts,
          decileScores: scoresKept ? ("kept" as const) : ("rebuilt" as const),
          phases,
        },
        deciles,
      };
    },
    { timeout: 900_000, maxWait: 60_000 },
  );
}
