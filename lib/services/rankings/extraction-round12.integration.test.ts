// Round 12's extraction against a real PostgreSQL: a group of more than 8 cut-offs asks for its features in parts
// (each assembled while the next runs), and a group's cut-offs are cached in one statement. The parts give the lines
// of one statement over the whole group, and every cut-off the rows of its own extraction.
import { beforeAll, describe, expect, it } from "vitest";
import { truncateAll, useTestDatabase } from "@/lib/test/db";
import { seedDemoCommunity } from "@/lib/services/demo";
import { rebuildWeeklyActivity } from "@/lib/services/rollups";
import { MODEL_VERSION } from "@/lib/scoring/model";
import { addDays, mondayOf } from "./dates";
import { cutoffDigests, highestMemberId, readCachedCutoffs, writeCachedCutoffs } from "./feature-cache";
import { cutoffFeaturesSql, cutoffSetupSql } from "./features-sql";
import type { FeatureLines } from "./feature-rows";
import { extractCutoffs, loadCommunityWeeks, partsOf } from "./inputs";
import { rollupsWatermark } from "../rollups";

const db = useTestDatabase();
const NOW = new Date("2026-03-16T00:00:00Z");
const CAP = 80;
// 17 Sundays two weeks apart: three parts of a group (6, 6, 5).
const CUTOFFS = Array.from({ length: 17 }, (_, i) => addDays("2025-03-09", 14 * i));
const weeksFor = (cutoff: string) => loadCommunityWeeks(addDays(mondayOf(cutoff), -7 * 26), mondayOf(cutoff));

describe("round 12's extraction", () => {
  beforeAll(async () => {
    await truncateAll(db);
    await seedDemoCommunity(db, { members: 300, now: NOW });
    await rebuildWeeklyActivity();
  }, 300_000);

  it("splits a group into even parts of at most 8", () => {
    expect(partsOf(CUTOFFS).map((p) => p.length)).toEqual([6, 6, 5]);
    expect(partsOf(CUTOFFS.slice(0, 8)).map((p) => p.length)).toEqual([8]);
    expect(partsOf([]).map((p) => p.length)).toEqual([0]);
    expect(partsOf(CUTOFFS).flat().sort()).toEqual(CUTOFFS);
  });

  it("gives a part's cut-offs the lines of one statement over the whole group", async () => {
    const group = CUTOFFS.map((asOf) => ({ asOf, sampleCap: CAP }));
    const { whole, parts } = await db.$transaction(
      async (tx) => {
        for (const statement of cutoffSetupSql(group, [])) await tx.$executeRaw(statement);
        const whole = await tx.$queryRaw<FeatureLines[]>(cutoffFeaturesSql(group, []));
        const parts: FeatureLines[] = [];
        for (const part of partsOf(CUTOFFS))
          parts.push(...(await tx.$queryRaw<FeatureLines[]>(cutoffFeaturesSql(group, [], null, part))));
        return { whole, parts };
      },
      { timeout: 120_000 },
    );
    const byCutoff = (lines: FeatureLines[]) => [...lines].sort((a, b) => a.cutoff.localeCompare(b.cutoff));
    expect(whole).toHaveLength(CUTOFFS.length);
    expect(byCutoff(parts)).toEqual(byCutoff(whole));
  }, 120_000);

  it("gives every cut-off of a group in parts its own extraction's rows, and caches the group in one statement", async () => {
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
    // Written in one statement, read back the same.
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
