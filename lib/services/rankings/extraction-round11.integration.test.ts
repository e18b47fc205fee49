// Round 11's extraction against a real PostgreSQL: the cut-offs' rows handed over as one text per cut-off, the as-of's
// every-member rows and the community's weeks read from the past cut-offs' shared load on a cold recompute, and the
// community's weeks of a day that extracts one cut-off loaded from 26 weeks before it. Each gives the rows an
// extraction with its own reads gives (round 10's path, still used when few cut-offs are missing).
import { beforeAll, describe, expect, it } from "vitest";
import { truncateAll, useTestDatabase } from "@/lib/test/db";
import { seedDemoCommunity } from "@/lib/services/demo";
import { rebuildWeeklyActivity } from "@/lib/services/rollups";
import { DEFAULT_HORIZON_WEEKS } from "@/lib/scoring";
import { addDays, mondayOf } from "./dates";
import { billingSourcesAsOf, loadRankingHistory, type RankingHistory } from "./history";
import { extractCutoffs, loadCommunityWeeks, loadMemberReads } from "./inputs";

const db = useTestDatabase();
const NOW = new Date("2026-03-16T00:00:00Z");
const AS_OF = "2026-03-12";
const CAP = 80;

const forget = async () => {
  await db.$executeRaw`delete from ranking_feature_cache`;
  await db.$executeRaw`delete from settings where key = 'rankings_asof_state'`;
};
const history = () =>
  loadRankingHistory({
    asOf: AS_OF,
    horizonWeeks: DEFAULT_HORIZON_WEEKS,
    includeCurrent: true,
    rowsPerCutoff: CAP,
  });
/** Every past cut-off's rows (both rankings', by their filters) and community series, and the as-of's. */
const rowsOf = (h: RankingHistory) => ({
  cutoffs: h.sets.candidates.map((set, i) => ({
    cutoff: set.cutoff,
    community: set.community,
    candidates: set.rows,
    atRisk: h.sets["at-risk"][i].rows,
  })),
  current: h.current,
});

describe("round 11's extraction", () => {
  beforeAll(async () => {
    // Another file's rows (its own contribution type too) must not collide with this one's.
    await truncateAll(db);
    await seedDemoCommunity(db, { members: 400, now: NOW });
    // A contribution type of the community's own, and events without a channel.
    await db.$executeRaw`insert into activity_types (type, label, weight, is_contribution) values ('talk_given', 'Talk given', 3, true)`;
    await db.$executeRaw`
      update activity_events set type = 'talk_given' where id in (select id from activity_events where type = 'message' order by id limit 200)`;
    await db.$executeRaw`update activity_events set channel = null where id % 17 = 0`;
    await rebuildWeeklyActivity();
  }, 300_000);

  it("reads the community's weeks with the members' weeks as loadCommunityWeeks does", async () => {
    const cutoffs = ["2025-10-05", "2025-11-02", AS_OF].map((asOf) => ({ asOf, sampleCap: Infinity }));
    const from = addDays(mondayOf(cutoffs[0].asOf), -7 * 26);
    const withCommunity = await loadMemberReads(cutoffs, null, from);
    const own = await loadCommunityWeeks(from, mondayOf(AS_OF));
    expect(own.size).toBeGreaterThan(25);
    expect(withCommunity.community).toEqual(own);
    // The members' weeks give the same rows with or without the community's (their span starts one week earlier).
    const [viaCommunity] = await extractCutoffs(
      cutoffs.slice(2),
      own,
      [],
      null,
      Promise.resolve(withCommunity),
    );
    const [viaOwn] = await extractCutoffs(cutoffs.slice(2), own, []);
    expect(viaCommunity).toEqual(viaOwn);
  }, 300_000);

  it("gives a cold recompute's rows, and a day that extracts one cut-off, as each cut-off's own extraction", async () => {
    await forget();
    const cold = await history();
    expect(cold.cutoffs.length).toBeGreaterThanOrEqual(8); // two groups and a shared read
    const stale = (await billingSourcesAsOf(AS_OF)).filter((b) => b.stale).map((b) => b.source);
    // The as-of through its own reads and its own 26 community weeks.
    const [asOf] = await extractCutoffs(
      [{ asOf: AS_OF, sampleCap: Infinity }],
      loadCommunityWeeks(addDays(mondayOf(AS_OF), -7 * 26), mondayOf(AS_OF)),
      stale,
    );
    expect(cold.current).toEqual(asOf);
    expect(asOf.rows.length).toBeGreaterThan(300);
    // Each past cut-off alone, through its own reads.
    for (const [i, cutoff] of cold.cutoffs.entries()) {
      const monday = mondayOf(cutoff);
      const [own] = await extractCutoffs(
        [{ asOf: cutoff, sampleCap: CAP }],
        loadCommunityWeeks(addDays(monday, -7 * 26), monday),
        stale,
      );
      expect(cold.sets.candidates[i].community).toEqual(own.community);
      expect(cold.sets.candidates[i].rows).toEqual(own.rows.filter((r) => r.inCandidates));
      expect(cold.sets["at-risk"][i].rows).toEqual(own.rows.filter((r) => r.inAtRisk));
    }
    // The newest cut-off extracted again alone (as on the day it closes), and one in the middle (its community weeks
    // must start 26 weeks before it, not at the newest's): the same rows as cold.
    const again = [cold.cutoffs.at(-1)!, cold.cutoffs[Math.floor(cold.cutoffs.length / 2)]];
    for (const cutoff of again) {
      await db.$executeRaw`delete from ranking_feature_cache where cutoff = ${cutoff}::date`;
      expect(rowsOf(await history())).toEqual(rowsOf(cold));
    }
    // Four missing (a shared read again, without the oldest cut-offs), then none: the same rows.
    await db.$executeRaw`delete from ranking_feature_cache where cutoff = any(${cold.cutoffs.slice(-4)}::date[])`;
    await db.$executeRaw`delete from settings where key = 'rankings_asof_state'`;
    expect(rowsOf(await history())).toEqual(rowsOf(cold));
    expect(rowsOf(await history())).toEqual(rowsOf(cold));
  }, 600_000);
});
