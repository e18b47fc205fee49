// The month-keyed page aggregates kept as rows: distinct active members / contributors per month
// (page_activity_months) and cohort retention cells (page_retention_cells, page_retention_cohorts).
// After an import only the months from its earliest event on are recomputed, plus any older cohort
// whose members changed; changes that rewrite history (contribution types, bots, merges, erasures)
// rebuild them whole, as does `full` (the nightly rebuild).
import "server-only";
import { z } from "zod";
import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { earliestEventSince, eventWatermarkSchema, takeEventWatermark } from "./event-watermark";
import { rollupsWatermark } from "./rollups";

type Tx = Prisma.TransactionClient;

const STATE_KEY = "page-aggregates:months";

const stateSchema = z.object({
  /** Events counted in page_activity_months. */
  activity: eventWatermarkSchema,
  /** The rollups' mark when the retention cells were last built from them (null: rollups were invalidated). */
  retention: eventWatermarkSchema.nullable(),
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
  /** Cohorts before `retentionFrom` whose members changed, recomputed in every month. */
  changedCohorts: string[];
}

const monthOf = (d: Date) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));
/** Rollup rows are keyed by their week's Monday, which may fall in the previous month. */
const monthOfWeek = (d: Date) =>
  monthOf(
    new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - ((d.getUTCDay() + 6) % 7))),
  );

async function structure(tx: Tx): Promise<{ signature: string; maxMemberId: number; members: number }> {
  const [r] = await tx.$queryRaw<
    { types: string | null; bots: string; merges: string; max_member: number | null; members: number }[]
  >`
    select (select md5(string_agg(type || ':' || is_contribution::text, ',' order by type)) from activity_types) as types,
           (select count(*) || ':' || coalesce(sum(hashint4(id)), 0) from members where is_bot) as bots,
           (select count(*) || ':' || coalesce(max(id), 0) || ':' || count(undone_at) from member_merges) as merges,
           (select max(id) from members) as max_member, (select count(*)::int from members) as members`;
  return {
    signature: [r.types, r.bots, r.merges].join("|"),
    maxMemberId: r.max_member ?? 0,
    members: r.members,
  };
}

async function storedState(tx: Tx): Promise<MonthsState | null> {
  const row = await tx.setting.findUnique({ where: { key: STATE_KEY } });
  const parsed = stateSchema.safeParse(row?.value);
  return parsed.success ? parsed.data : null;
}

async function historyUnchanged(tx: Tx, state: MonthsState, signature: string): Promise<boolean> {
  if (state.structure !== signature) return false;
  const [r] = await tx.$queryRaw<{ n: number }[]>`
    select count(*)::int as n from members where id <= ${state.maxMemberId}`;
  return r.n === state.membersUpToMax;
}

const after = (from: MonthScope, column: Prisma.Sql) =>
  from === "all" ? Prisma.sql`true` : Prisma.sql`${column} >= ${from}`;

async function refreshActivityMonths(tx: Tx, from: Date | "all"): Promise<void> {
  await tx.$executeRaw`delete from page_activity_months where ${after(from, Prisma.sql`month`)}`;
  await tx.$executeRaw`
    insert into page_activity_months (month, active, contributors)
    select date_trunc('month', e.occurred_at at time zone 'UTC')::date,
           count(distinct e.member_id)::int,
           (count(distinct e.member_id) filter (where t.is_contribution))::int
      from activity_events e left join activity_types t on t.type = e.type
     where ${after(from, Prisma.sql`e.occurred_at`)} and e.member_id not in (select id from members where is_bot)
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
  if (from !== null)
    await tx.$executeRaw`
      insert into page_retention_cells (cohort_month, activity_month, active)
      select c.cm, date_trunc('month', w.week_start)::date, count(distinct w.member_id)::int
        from weekly_activity w join (${COHORT_MEMBERS}) c on c.id = w.member_id
       where w.week_start >= c.cm and ${after(from, Prisma.sql`w.week_start`)} and c.cm <> all(${cohorts}::date[])
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
 * Brings the month rows up to date: recomputes only what changed since the last refresh (or
 * everything when `full`). One refresh at a time (an advisory lock), in one transaction.
 */
export async function refreshMonthRows(opts: { full?: boolean } = {}): Promise<MonthsRefresh> {
  return db.$transaction(
    async (tx) => {
      await tx.$executeRaw`select pg_advisory_xact_lock(hashtext('page-aggregates:months'))`;
      await tx.$executeRaw`set local work_mem = '256MB'`;
      const activityMark = await takeEventWatermark(tx);
      const rollupsMark = await rollupsWatermark();
      const state = await storedState(tx);
      const shape = await structure(tx);
      const whole = opts.full || !state || !(await historyUnchanged(tx, state, shape.signature));
      const activityFirst = whole ? null : await earliestEventSince(state.activity, tx);
      const activityFrom: MonthScope = whole ? "all" : activityFirst && monthOf(activityFirst);
      const retentionFirst = whole || !state.retention ? null : await earliestEventSince(state.retention, tx);
      const retentionFrom: MonthScope =
        whole || !state.retention || !rollupsMark ? "all" : retentionFirst && monthOfWeek(retentionFirst);
      if (activityFrom !== null) await refreshActivityMonths(tx, activityFrom);
      const cohorts = await changedCohorts(tx, retentionFrom);
      await refreshRetentionCells(tx, retentionFrom, cohorts);
      const next: MonthsState = {
        activity: activityMark,
        retention: rollupsMark,
        structure: shape.signature,
        maxMemberId: shape.maxMemberId,
        membersUpToMax: shape.members,
      };
      await tx.setting.upsert({
        where: { key: STATE_KEY },
        create: { key: STATE_KEY, value: next },
        update: { value: next },
      });
      return { activityFrom, retentionFrom, changedCohorts: cohorts };
    },
    { timeout: 900_000, maxWait: 60_000 },
  );
}
