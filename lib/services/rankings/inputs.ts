// Feature extraction for the ranking models: for a set of cut-offs at once, every eligible member's 26-week vector,
// breadth, contributions and billing facts, using only data known by each. The statements (features-sql.ts) read
// every source once for all cut-offs; the rows are assembled in feature-rows.ts.
// Our own outreach is deliberately absent: whom we chose to contact is not evidence of intent.
import "server-only";
import { db } from "@/lib/db/client";
import { HISTORY_WEEKS, type CommunityContext } from "@/lib/scoring";
import { DAY_MS } from "@/lib/time";
import { addDays, mondayOf } from "./dates";
import {
  channelsByMember,
  mondayDay,
  parseFeatureLines,
  pickRows,
  toInput,
  weekTotalsByMember,
  type ExtractedMember,
  type FeatureLines,
  type MemberChannels,
  type MemberWeeks,
  type SourceChannels,
  type WeekTotals,
} from "./feature-rows";
import {
  cutoffFeaturesSql,
  cutoffSetupSql,
  memberChannelsSql,
  contributionsSql,
  memberAndCommunityWeeksSql,
  memberWeeksSql,
  type FeatureCutoff,
} from "./features-sql";

export type { ExtractedMember } from "./feature-rows";

export interface CutoffInputs {
  asOf: string;
  rows: ExtractedMember[];
  community: CommunityContext;
  /** Whether a ranking's rows are a uniform sample of its eligible members (big communities, past cut-offs). */
  sampled: boolean;
}

/** The community's totals per complete week, keyed by Monday (YYYY-MM-DD). */
export type CommunityWeeks = Map<string, { total: number; active: number }>;

/** Community totals per complete week in [fromWeek, toWeek), keyed by Monday (YYYY-MM-DD). Bots excluded. */
export async function loadCommunityWeeks(
  fromWeek: string,
  toWeek: string,
): Promise<Map<string, { total: number; active: number }>> {
  // Each member's week first (hashed), then the weeks: a distinct count per week sorted every rollup row (1.5× as long).
  // The total is rounded to 0.1 from 15 digits (float8 to numeric), so the order of the float sums does not show.
  const rows = await db.$queryRaw<{ week: string; total: number; active: number }[]>`
    select to_char(week_start, 'YYYY-MM-DD') as week, round(sum(weight)::numeric, 1)::float8 as total, count(*)::int as active
      from (select w.week_start, sum(w.weight::float8) as weight
              from weekly_activity w join members m on m.id = w.member_id
             where not m.is_bot and w.week_start >= ${fromWeek}::date and w.week_start < ${toWeek}::date
             group by w.week_start, w.member_id) x
     group by 1`;
  return new Map(rows.map((r) => [r.week, { total: r.total, active: r.active }]));
}

/**
 * A cut-off's community series: the 25 complete weeks before its own from `weeks`, then its own week, whose total and
 * active count are not counted (0): since model 6 the scale reads only the complete weeks and how many days of its own
 * week the cut-off knows (weeks.ts), never the live total an import on the day would move.
 */
export function communitySeries(asOf: string, weeks: CommunityWeeks): CommunityContext {
  const wk = mondayOf(asOf);
  const weeklyTotal: number[] = [];
  const activeMembers: number[] = [];
  for (let i = 0; i < HISTORY_WEEKS - 1; i++) {
    const week = weeks.get(addDays(wk, -7 * (HISTORY_WEEKS - 1 - i)));
    weeklyTotal.push(week?.total ?? 0);
    activeMembers.push(week?.active ?? 0);
  }
  weeklyTotal.push(0);
  activeMembers.push(0);
  const currentWeekDays = Math.round((Date.parse(asOf) - Date.parse(wk)) / DAY_MS) + 1;
  return { weeklyTotal, activeMembers, currentWeekDays };
}

/** A member's contributions counted by a cut-off (contributionsSql), per type, as a row holds them. */
type Contributions = ExtractedMember["contributions"];

/**
 * What the cut-offs' rows read of activity besides their own statement: each member's weekly totals and channels per
 * source and week (parsed, feature-rows.ts), and the contributions each cut-off counts (by cut-off, then member id).
 */
export interface MemberReads {
  weeks: Map<number, WeekTotals>;
  /** The community's complete weeks from loadMemberReads's `communityFrom` on, when asked for. */
  community: CommunityWeeks | null;
  channels: Map<number, SourceChannels>;
  /** Still being read when the rest is ready: the rows are assembled meanwhile, their contributions set after. */
  contributions: Promise<Map<string, Map<number, Contributions>>>;
}

/**
 * The reads of MemberReads for `cutoffs` (of `members`, or every member's): three statements one after the other, on
 * one backend at a time beside the cut-offs' own statements, each parsed while the next runs; ready once the weeks and
 * channels are, with the contributions (the last statement) still read. Several extractions whose cut-offs are among
 * these can share one load. Rows of members the cut-offs do not know are read for nothing and never looked up.
 */
export async function loadMemberReads(
  cutoffs: readonly FeatureCutoff[],
  members: readonly number[] | null = null,
  /** With every member's reads: also the community's weeks from this Monday to the latest cut-off's week. */
  communityFrom: string | null = null,
): Promise<MemberReads> {
  // In one transaction, for its `set local`: no parallel workers. Beside the cut-offs' statements both cores are busy,
  // and the workers of the channels' and the contributions' scans cost the server ~0.3 s of CPU more than one backend
  // alone (their start, and every row handed to the leader). Ready once the weeks and channels are in; the transaction
  // ends with the contributions' read.
  return new Promise<MemberReads>((resolve, reject) => {
    db.$transaction(
      async (tx) => {
        await tx.$executeRaw`set local max_parallel_workers_per_gather = 0`;
        const reads = await readMembers(tx, cutoffs, members, communityFrom);
        resolve(reads);
        await reads.contributions;
      },
      { timeout: 600_000, maxWait: 60_000 },
    ).catch(reject);
  });
}

/** loadMemberReads's three statements, on `tx`. */
async function readMembers(
  tx: Pick<typeof db, "$queryRaw">,
  cutoffs: readonly FeatureCutoff[],
  members: readonly number[] | null,
  communityFrom: string | null,
): Promise<MemberReads> {
  const days = cutoffs.map((c) => c.asOf).sort();
  const span = { firstWeek: mondayOf(days[0]), lastWeek: mondayOf(days[days.length - 1]), members };
  const withCommunity = communityFrom !== null && members === null;
  const weekRows = await tx.$queryRaw<{ id: number | null; series: string | null }[]>(
    withCommunity ? memberAndCommunityWeeksSql(span, communityFrom) : memberWeeksSql(span),
  );
  let community: CommunityWeeks | null = null;
  if (withCommunity) {
    community = new Map();
    const at = weekRows.findIndex((r) => r.id === null); // the community's row (any position in the union)
    const [totals] = weekRows.splice(at, 1);
    for (const week of totals.series?.split(",") ?? []) {
      const [monday, total, active] = week.split(":");
      community.set(monday, { total: Number(total), active: Number(active) });
    }
  }
  const channelRows = tx.$queryRaw<MemberChannels[]>(memberChannelsSql(span));
  channelRows.catch(() => {}); // awaited below, once the weeks are parsed
  const weeks = weekTotalsByMember(weekRows as MemberWeeks[]);
  const channelsRead = await channelRows;
  const contributionRows = tx.$queryRaw<{ cutoff: string; lines: string }[]>(
    contributionsSql(cutoffs, members),
  );
  contributionRows.catch(() => {}); // awaited below, once the channels are parsed
  const channels = channelsByMember(channelsRead);
  const contributions = contributionRows.then((rows) => {
    const byCutoff = new Map(days.map((d) => [d, new Map<number, Contributions>()]));
    for (const { cutoff, lines } of rows) {
      const counts = byCutoff.get(cutoff);
      for (const line of lines.split("\n")) {
        const [id, prMerged, prReview, accepted, meetups, pairing, other] = line.split(",").map(Number);
        // toInput's fields, in its order.
        counts?.set(id, {
          prMerged,
          prReview,
          acceptedAnswer: accepted,
          meetupHosted: meetups,
          pairing,
          other,
        });
      }
    }
    return byCutoff;
  });
  contributions.catch(() => {}); // awaited by every extraction that shares these reads
  return { weeks, community, channels, contributions };
}

/**
 * Eligible members with their features at every cut-off of `cutoffs` (each kept to about its `sampleCap` rows
 * per ranking, uniformly and deterministically per member and cut-off), from one statement; with `members`,
 * only those members' rows (the same rows a whole extraction gives them, when nothing is sampled). `weeks` may
 * still be loading: only the community series waits for it, the feature statements run meanwhile. `series`, the
 * members' weeks over at least these cut-offs' span (loadMemberSeries), when the caller shares one load between
 * extractions; otherwise they are read beside the feature statements.
 */
export async function extractCutoffs(
  cutoffs: readonly FeatureCutoff[],
  weeks: CommunityWeeks | Promise<CommunityWeeks>,
  staleSources: readonly string[],
  members: readonly number[] | null = null,
  reads: Promise<MemberReads> | null = null,
): Promise<CutoffInputs[]> {
  if (cutoffs.length === 0) return [];
  const communities = Promise.resolve(weeks).then(
    (complete) => new Map(cutoffs.map(({ asOf }) => [asOf, communitySeries(asOf, complete)])),
  );
  // No members asked for: only the community series (the feature statements would read the rollups for nobody).
  if (members?.length === 0) {
    const series = await communities;
    return cutoffs.map(({ asOf }) => ({ asOf, rows: [], community: series.get(asOf)!, sampled: false }));
  }
  // The feature statements first: they are the longer chain, and ask the pool for a connection before the reads do.
  const features = db.$transaction(
    async (tx) => {
      for (const statement of cutoffSetupSql(cutoffs, staleSources, members)) await tx.$executeRaw(statement);
      return tx.$queryRaw<FeatureLines[]>(cutoffFeaturesSql(cutoffs, staleSources, members));
    },
    { timeout: 600_000, maxWait: 60_000 },
  );
  // Each step as soon as what it needs is in: the lines parsed when they arrive, the rows assembled when the members'
  // weeks and channels are, their contributions set when those are (the members' reads, one backend's three statements
  // in a row, often end after the cut-offs' statements: the parse and assembly then run while they are still read).
  const parsed = features.then(
    (raw) => new Map(raw.map((lines) => [lines.cutoff, parseFeatureLines(lines)])),
  );
  parsed.catch(() => {}); // awaited below; a failure while the reads run must not go unhandled
  const [{ weeks: weeksOf, channels, contributions }, rowsOf, communityOf] = await Promise.all([
    reads ?? loadMemberReads(cutoffs, members),
    parsed,
    communities,
  ]);
  const inputs = cutoffs.map(({ asOf, sampleCap }) => {
    const weekDay = mondayDay(asOf);
    const { picked, sampled } = pickRows(rowsOf.get(asOf) ?? [], weeksOf, weekDay, sampleCap);
    return {
      asOf,
      rows: picked.map((p) => toInput(p, weeksOf.get(p.row.id), channels.get(p.row.id), weekDay)),
      community: communityOf.get(asOf)!,
      sampled,
    };
  });
  const counted = await contributions;
  for (const { asOf, rows } of inputs) {
    const counts = counted.get(asOf);
    if (counts)
      for (const row of rows) {
        const own = counts.get(row.memberId);
        if (own) row.contributions = own;
      }
  }
  return inputs;
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

/** Outcomes of every cut-off in `cutoffs` (as loadOutcomes), from one statement; keyed by cut-off. */
export async function loadOutcomesFor(
  cutoffs: readonly string[],
  horizonWeeks: number,
): Promise<Map<string, Map<number, { upTo: number | null; down: boolean }>>> {
  const rows = await db.$queryRaw<
    { cutoff: string; member_id: number; up_to: number | null; down: boolean }[]
  >`
    select to_char(c.d, 'YYYY-MM-DD') as cutoff, s.member_id,
           max(s.to_tier) filter (where s.kind in ('new', 'upgrade', 'reactivate'))::int as up_to,
           bool_or(s.kind in ('downgrade', 'cancel')) as down
      from unnest(${[...cutoffs]}::date[]) as c(d)
      join subscription_changes s
        on s.occurred_at >= (c.d)::timestamp at time zone 'UTC'
       and s.occurred_at < (c.d + ${horizonWeeks * 7}::int)::timestamp at time zone 'UTC'
     group by 1, 2`;
  const out = new Map(cutoffs.map((c) => [c, new Map<number, { upTo: number | null; down: boolean }>()]));
  for (const r of rows) out.get(r.cutoff)?.set(r.member_id, { upTo: r.up_to, down: r.down });
  return out;
}
