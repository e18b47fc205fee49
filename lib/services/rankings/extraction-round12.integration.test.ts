// Round 12's extraction against a real PostgreSQL: every cut-off of a group extracted together (the loops of pickRows
// and breadthAt, the series copied from doubles) gives the rows of its own extraction, and the group's cache entries
// (written while the other group is assembled) read back as extracted.
import { beforeAll, describe, expect, it } from "vitest";
import { truncateAll, useTestDatabase } from "@/lib/test/db";
import { seedDemoCommunity } from "@/lib/services/demo";
import { rebuildWeeklyActivity } from "@/lib/services/rollups";
import { MODEL_VERSION } from "@/lib/scoring/model";
import { addDays, mondayOf } from "./dates";
import { cutoffDigests, highestMemberId, readCachedCutoffs, writeCachedCutoffs } from "./feature-cache";
import { extractCutoffs, loadCommunityWeeks } from "./inputs";
import { rollupsWatermark } from "../rollups";

const db = useTestDatabase();
const NOW = new Date("2026-03-16T00:00:00Z");
const CAP = 80;
// 17 Sundays two weeks apart, as a cold recompute's group.
const CUTOFFS = Array.from({ length: 17 }, (_, i) => addDays("2025-03-09", 14 * i));
const weeksFor = (cutoff: string) => loadCommunityWeeks(addDays(mondayOf(cutoff), -7 * 26), mondayOf(cutoff));

describe("round 12's extraction", () => {
  beforeAll(async () => {
    await truncateAll(db);
    await seedDemoCommunity(db, { members: 300, now: NOW });
    await rebuildWeeklyActivity();
  }, 300_000);

  it("gives every cut-off of a group its own extraction's rows, and caches the group as extracted", async () => {
    // The community's weeks from 26 weeks before the oldest cut-off to the newest's week, as history.ts loads them.
    const weeks = loadCommunityWeeks(addDays(mondayOf(CUTOFFS[0]), -7 * 26), mondayOf(CUTOFFS.at(-1)!));
    const together = await extractCutoffs(
      CUTOFFS.map((asOf) => ({ asOf, sampleCap: CAP })),
      weeks,
      [],
    );
    expect(together.map((c) => c.asOf)).toEqual(CUTOFFS);
    for (const [i, cutoff] of CUTOFFS.entries()) {
      const [own] = await extractCutoffs([{ asOf: cutoff, sampleCap: CAP }], weeksFor(cutoff), []);
      expect(together[i]).toEqual(own);
    }
    expect(together.some((c) => c.rows.length > 0)).toBe(true);
    // Written, then read back the same.
    await db.$executeRaw`delete from ranking_feature_cache`;
    const mark = await rollupsWatermark();
    const upToMember = await highestMemberId();
    const current = { upToMember, digests: await cutoffDigests(CUTOFFS, upToMember) };
    await writeCachedCutoffs(together, mark, current, MODEL_VERSION, "test");
    const cached = await readCachedCutoffs(mark, current, MODEL_VERSION, "test");
    expect(cached.size).toBe(CUTOFFS.length);
    for (const inputs of together) expect(cached.get(inputs.asOf)).toEqual(inputs);
  }, 600_000);
});
