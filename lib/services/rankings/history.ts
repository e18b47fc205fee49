// Builds the labelled past cut-offs (and optionally the current rows) the ranking models learn from,
// and fits + backtests one ranking on them. Every cut-off sees only data known by its own date.
import "server-only";
import { createHash } from "node:crypto";
import { db } from "@/lib/db/client";
import { billingFreshness, type BillingSourceFreshness } from "@/lib/scoring/freshness";
import { type LabelledSet, type RankingKind } from "@/lib/scoring";
import { MODEL_VERSION } from "@/lib/scoring/model";
import { addDays, isoDay, mondayOf, trainingCutoffs } from "./dates";
import { asOfInputs } from "./asof-rows";
import { rollupsWatermark } from "../rollups";
import {
  cutoffDigests,
  highestMemberId,
  inputsDigest,
  readCachedCutoffs,
  writeCachedCutoffs,
} from "./feature-cache";
import { restoreFits } from "./recompute-fits";
import {
  extractCutoffs,
  loadCommunityWeeks,
  loadMemberReads,
  loadOutcomesFor,
  type CommunityWeeks,
  type CutoffInputs,
  type ExtractedMember,
  type MemberReads,
} from "./inputs";

export { RANKING_KINDS } from "@/lib/scoring/types";
/** Past cut-offs keep about this many rows per ranking: bounds memory and fit time on big communities. */
export const DEFAULT_TRAINING_ROWS_PER_CUTOFF = 12_000;
/** Training rows across all past cut-offs: keeps a full recompute at 100k members within a minute. */
const MAX_TRAINING_ROWS = 50_000;
export const DEFAULT_CONTACT_CAPACITY = 25;

export interface RankingHistory {
  asOf: string;
  horizonWeeks: number;
  cutoffs: string[];
  sets: Record<RankingKind, LabelledSet[]>;
  current: CutoffInputs | null;
  /** Cut-offs where a ranking was sampled down to the row cap. */
  sampledCutoffs: number;
  /** Each billing source's data-through as of `asOf`; stale ones count for nothing in any cut-off. */
  billing: BillingSourceFreshness[];
}

/**
 * Today (UTC), not the newest event of any source: a source that stopped long ago must look stale, not
 * drag the whole ranking back to its last day. Null when there is no activity at all.
 */
export async function defaultAsOf(now: Date = new Date()): Promise<string | null> {
  const [row] = await db.$queryRaw<{ any: boolean }[]>`select exists (select 1 from activity_events) as any`;
  return row?.any ? isoDay(now) : null;
}

/** Newest billing change or payment per billing source, on or before `asOf` (so it is itself as-of pure). */
export async function billingSourcesAsOf(asOf: string): Promise<BillingSourceFreshness[]> {
  const rows = await db.$queryRaw<{ source: string; through: Date | null }[]>`
    select source, max(through) as through from (
      select source, max(occurred_at) as through from subscription_changes
       where occurred_at < (${asOf}::date + 1)::timestamp at time zone 'UTC' group by source
      union all
      select source, max(occurred_at) from payments
       where occurred_at < (${asOf}::date + 1)::timestamp at time zone 'UTC' group by source) x
     group by source order by source`;
  return billingFreshness(
    asOf,
    rows.map((r) => ({ source: r.source, dataThrough: r.through ? isoDay(r.through) : null })),
  );
}

export async function contactCapacity(): Promise<number> {
  const [row] = await db.$queryRaw<
    { value: unknown }[]
  >`select value from settings where key = 'contact_capacity'`;
  const value =
    typeof row?.value === "number"
      ? row.value
      : Number((row?.value as { value?: unknown } | undefined)?.value);
  return Number.isFinite(value) && value > 0 ? Math.floor(value) : DEFAULT_CONTACT_CAPACITY;
}

async function firstActivityBefore(asOf: string): Promise<string | null> {
  const [row] = await db.$queryRaw<{ at: Date | null }[]>`
    select min(occurred_at) as at from activity_events where occurred_at < (${asOf}::date + 1)::timestamp at time zone 'UTC'`;
  return row?.at ? isoDay(row.at) : null;
}

function labelledSet(
  kind: RankingKind,
  inputs: CutoffInputs,
  outcomes: Map<number, { upTo: number | null; down: boolean }>,
): LabelledSet {
  const rows: ExtractedMember[] = inputs.rows.filter((r) =>
    kind === "candidates" ? r.inCandidates : r.inAtRisk,
  );
  const labels: Record<number, boolean> = {};
  for (const r of rows) {
    const o = outcomes.get(r.memberId);
    labels[r.memberId] = kind === "candidates" ? o?.upTo != null && o.upTo > r.tierRank : o?.down === true;
  }
  const set: LabelledSet = { cutoff: inputs.asOf, rows, labels, community: inputs.community };
  // Everything a fit reads of this set: the cut-off's rows (by their digest), the ranking that filters them, the labels.
  setDigests.set(
    set,
    createHash("sha256")
      .update(`${inputsDigest(inputs)}|${kind}|${JSON.stringify(labels)}`)
      .digest("base64"),
  );
  return set;
}

/** Digests of the labelled sets this module built (see labelledSet); sets built elsewhere have none. */
const setDigests = new WeakMap<LabelledSet, string>();

/** A digest of everything a fit reads of a set this module built (fit-rankings.ts keys a whole ranking by them). */
export function labelledSetDigest(set: LabelledSet): string | undefined {
  return setDigests.get(set);
}

const SMALL_COMMUNITY_MEMBERS = 25_000;
/** The first Monday of the community weeks a cut-off's series reads (26 weeks before its own week's). */
const communityFrom = (cutoff: string) => addDays(mondayOf(cutoff), -7 * 26);
/** Missing cut-offs from which their extraction is split over two backends (one or two are a new day's or cut-off's). */
const EXTRACT_SPLIT_MIN = 4;

/**
 * Members with any activity in the 26 complete weeks before `asOf`'s week (its own rollup may hold later days). Distinct
 * members hashed in a subquery: `count(distinct …)` sorted every rollup row of the 26 weeks.
 */
async function recentlyActiveMembers(asOf: string): Promise<number> {
  const monday = mondayOf(asOf);
  const [row] = await db.$queryRaw<{ n: number }[]>`
    select count(*)::int as n from (select distinct member_id from weekly_activity where week_start >= ${monday}::date - 182 and week_start < ${monday}::date) m`;
  return row?.n ?? 0;
}

/**
 * Past cut-offs' rows: those whose cache key still holds (feature-cache.ts: no event dated in their window added since
 * their mark, the same digest of the rest) are read from the cache, the rest extracted in one statement and cached.
 * The as-of's own rows are never cached here (its week is still open; asof-rows.ts keeps them for the day).
 */
async function pastCutoffInputs(
  cutoffs: readonly string[],
  cap: number,
  weeks: (oldestExtracted: string) => Promise<CommunityWeeks>,
  stale: readonly string[],
  shareWithAsOf: {
    asOf: string;
    reads: (shared: { reads: Promise<MemberReads> } | null) => void;
    /** The community's weeks (from communityFrom of the oldest cut-off read), read with the shared load. */
    setWeeks: (from: string, weeks: Promise<CommunityWeeks>) => void;
  } | null,
): Promise<CutoffInputs[]> {
  const params = `cap=${cap};stale=${[...stale].sort().join(",")}`;
  // The mark and digests first: whatever arrives while the rows are read is then seen as new on the next run.
  const mark = await rollupsWatermark();
  const upToMember = await highestMemberId();
  const current = { upToMember, digests: await cutoffDigests(cutoffs, upToMember) };
  // Many missing cut-offs (the first recompute, or after a model version change): two statements on two backends,
  // each every other cut-off. A cut-off's rows do not depend on which others share its statement (its members,
  // tiers and sample are computed per cut-off), so the rows are the same as from one statement.
  // The members' weeks and contributions are then read once for both (each group's cut-offs span nearly all the
  // weeks), and for the as-of's rows too (every member, as they are read anyway), once the groups' statements have
  // asked the pool for their connections. Decided as soon as the cache says which cut-offs it holds.
  let startReads = () => {};
  const shared: { reads: Promise<MemberReads> | null; days: string[] } = { reads: null, days: [] };
  let decided = false;
  const decide = (reusable: readonly string[]) => {
    decided = true;
    if (cutoffs.length - reusable.length < EXTRACT_SPLIT_MIN) return shareWithAsOf?.reads(null);
    shared.days = cutoffs.filter((c) => !reusable.includes(c));
    if (shareWithAsOf) shared.days.push(shareWithAsOf.asOf);
    const from = communityFrom(shared.days[0]);
    shared.reads = new Promise<void>((resolve) => (startReads = resolve)).then(() =>
      loadMemberReads(
        shared.days.map((asOf) => ({ asOf, sampleCap: cap })),
        null,
        shareWithAsOf ? from : null,
      ),
    );
    shared.reads.catch(() => {}); // awaited by the extractions
    // With the as-of, the load ends at its week: its community weeks are those loadCommunityWeeks would read.
    if (shareWithAsOf)
      shareWithAsOf.setWeeks(
        from,
        shared.reads.then((r) => r.community!),
      );
    shareWithAsOf?.reads({ reads: shared.reads });
  };
  let cached: Map<string, CutoffInputs>;
  try {
    cached = await readCachedCutoffs(mark, current, MODEL_VERSION, params, decide);
  } finally {
    if (!decided) shareWithAsOf?.reads(null); // failed before deciding: the as-of reads its own
  }
  const missing = cutoffs.filter((c) => !cached.has(c));
  // A cached buffer that did not decode is missing too, and not in the shared read: then each group reads its own.
  const reads = missing.every((c) => shared.days.includes(c)) ? shared.reads : null;
  const groups =
    missing.length < EXTRACT_SPLIT_MIN ? [missing] : [0, 1].map((g) => missing.filter((_, i) => i % 2 === g));
  // Each statement's cut-offs are cached as soon as they are extracted, while the other's rows are still assembled
  // (not waited for before them: one writes while the other assembles); every write is awaited before returning.
  const writes: Promise<void>[] = [];
  const extractions = groups
    .filter((group) => group.length > 0)
    .map(async (group) => {
      const inputs = await extractCutoffs(
        group.map((asOf) => ({ asOf, sampleCap: cap })),
        weeks(missing[0]),
        stale,
        null,
        reads,
      );
      const written = writeCachedCutoffs(inputs, mark, current, MODEL_VERSION, params);
      written.catch(() => {}); // awaited below, after every extraction
      writes.push(written);
      return inputs;
    });
  startReads();
  const extracted = (await Promise.all(extractions)).flat();
  await Promise.all(writes);
  // Entries of other model versions are dropped even when nothing was extracted.
  if (extracted.length === 0) await writeCachedCutoffs([], mark, current, MODEL_VERSION, params);
  const fresh = new Map(extracted.map((e) => [e.asOf, e]));
  return cutoffs.map((c) => cached.get(c) ?? fresh.get(c)!);
}

export async function loadRankingHistory(opts: {
  asOf: string;
  horizonWeeks: number;
  includeCurrent: boolean;
  maxCutoffs?: number;
  rowsPerCutoff?: number;
}): Promise<RankingHistory> {
  // Three independent reads, side by side (the last counts members over 26 weeks of rollups: ~0.6 s at 100k).
  const [first, billing, recentlyActive] = await Promise.all([
    firstActivityBefore(opts.asOf),
    billingSourcesAsOf(opts.asOf),
    recentlyActiveMembers(opts.asOf),
  ]);
  const stale = billing.filter((b) => b.stale).map((b) => b.source);
  // Small communities have few past upgrades to learn from: cut-offs every 2 weeks (up to two years)
  // double the training examples (each a member's state at a different lead time). Large ones have
  // plenty: every 4 weeks over the last 48 keeps a full recompute at 100k members within a minute.
  // Either way on a fixed calendar of Sundays (dates.ts), so a new day reuses the last day's cut-offs and fits.
  const everyWeeks = recentlyActive <= SMALL_COMMUNITY_MEMBERS ? 2 : 4;
  const cutoffs = first
    ? trainingCutoffs({
        asOf: opts.asOf,
        horizonWeeks: opts.horizonWeeks,
        firstActivity: first,
        everyWeeks,
        maxCutoffs: opts.maxCutoffs ?? (everyWeeks === 2 ? 52 : 12),
      })
    : [];
  // Loaded only when a cut-off or the as-of's rows are extracted afresh (3.5–9 s at 100k members): cached cut-offs
  // and kept as-of rows carry their community series with them. From the 26 weeks before the oldest cut-off
  // extracted (not the oldest cut-off: a day that closes one cut-off needs 26 weeks before it, not the whole history),
  // up to the as-of's week, whose own rows read the same load when it has started.
  let weeksLoad: { from: string; load: Promise<CommunityWeeks> } | null = null;
  const weeks = (oldestExtracted: string) => {
    const from = communityFrom(oldestExtracted);
    // A load from a later week would leave this cut-off's first weeks out (a cached cut-off that did not decode).
    if (!weeksLoad || from < weeksLoad.from) {
      weeksLoad = { from, load: loadCommunityWeeks(from, mondayOf(opts.asOf)) };
      // Its readers await it after their own statements: a failure there must not leave this one unhandled.
      weeksLoad.load.catch(() => {});
    }
    return weeksLoad.load;
  };
  // A bounded training set however long the history: per-cut-off samples shrink as cut-offs grow.
  const cap =
    opts.rowsPerCutoff ??
    Math.max(
      3_000,
      Math.min(DEFAULT_TRAINING_ROWS_PER_CUTOFF, Math.floor(MAX_TRAINING_ROWS / Math.max(1, cutoffs.length))),
    );
  // Past cut-offs in one statement, the as-of's (every eligible member) in another beside it: two backends, two cores.
  // Fits kept by an earlier process are read back beside them (recompute-fits.ts): the fit that follows reuses them.
  // When the past cut-offs' members are read in one load for two statements (cold), the as-of's every-member
  // extraction reads its weeks, channels and contributions from that load too (asOfInputs waits for the decision).
  let shareReads: (shared: { reads: Promise<MemberReads> } | null) => void = () => {};
  const sharedReads = new Promise<{ reads: Promise<MemberReads> } | null>(
    (resolve) => (shareReads = resolve),
  );
  const [past, currentRows, outcomes] = await Promise.all([
    pastCutoffInputs(
      cutoffs,
      cap,
      weeks,
      stale,
      opts.includeCurrent
        ? {
            asOf: opts.asOf,
            reads: shareReads,
            // Unless a reader already started its own load.
            setWeeks: (from, load) => {
              load.catch(() => {});
              weeksLoad ??= { from, load };
            },
          }
        : null,
    ),
    // The as-of's rows: kept from earlier runs of the day where still exact (asof-rows.ts), and kept for the next.
    opts.includeCurrent
      ? // Its community weeks from the past cut-offs' load when that has started (it holds them); else its own 26.
        asOfInputs(opts.asOf, stale, {
          communityWeeks: () => weeksLoad?.load ?? null,
          memberReads: sharedReads,
        }).then((r) => [r.current])
      : Promise.resolve([]),
    loadOutcomesFor(cutoffs, opts.horizonWeeks),
    restoreFits(),
  ]);
  const sampledCutoffs = past.filter((p) => p.sampled).length;
  const labelled = past.map((inputs) => ({
    candidates: labelledSet("candidates", inputs, outcomes.get(inputs.asOf)!),
    "at-risk": labelledSet("at-risk", inputs, outcomes.get(inputs.asOf)!),
  }));
  const current = currentRows[0] ?? null;
  return {
    asOf: opts.asOf,
    horizonWeeks: opts.horizonWeeks,
    cutoffs,
    sets: { candidates: labelled.map((p) => p.candidates), "at-risk": labelled.map((p) => p["at-risk"]) },
    current,
    sampledCutoffs,
    billing,
  };
}
