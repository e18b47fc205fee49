// The cache of past cut-offs' feature rows against a real PostgreSQL: a second recompute reuses every cut-off and
// gives the same bytes; an event imported late into an old week re-extracts the cut-offs after it, and the result
// equals a recompute with the cache emptied.
import { beforeEach, describe, expect, it } from "vitest";
import { Prisma } from "@/lib/generated/prisma/client";
import { truncateAll, useTestDatabase } from "@/lib/test/db";
import { seedDemoCommunity } from "@/lib/services/demo";
import { rebuildWeeklyActivity } from "@/lib/services/rollups";
import { computeRankings } from "./snapshot";

const db = useTestDatabase();
const NOW = new Date("2026-03-16T00:00:00Z");
const AS_OF = "2026-03-11";

beforeEach(() => truncateAll(db));

/** The snapshot and the newest runs' model and backtest, as text. */
async function rankingText(): Promise<string> {
  const [snap] = await db.$queryRaw<{ t: string }[]>(Prisma.sql`
    select string_agg(concat_ws('|', kind, member_id, score::text, rank, reasons::text, activity_12w::text), E'\\n' order by kind, rank) as t
      from score_snapshots where as_of = ${AS_OF}::date`);
  const [runs] = await db.$queryRaw<{ t: string }[]>(Prisma.sql`
    select string_agg(concat_ws('|', kind, method, note, model::text, backtest::text), E'\\n' order by kind) as t
      from (select distinct on (kind) * from model_runs where as_of = ${AS_OF}::date order by kind, id desc) r`);
  return `${snap.t}\n${runs.t}`;
}

async function cacheStamps(): Promise<Map<string, number>> {
  const rows = await db.$queryRaw<{ cutoff: string; at: Date }[]>(Prisma.sql`
    select to_char(cutoff, 'YYYY-MM-DD') as cutoff, created_at as at from ranking_feature_cache`);
  return new Map(rows.map((r) => [r.cutoff, r.at.getTime()]));
}

describe("the feature cache of past cut-offs", () => {
  it("is reused while the data is unchanged and re-extracts the cut-offs a late event touches", async () => {
    await seedDemoCommunity(db, { members: 500, now: NOW });
    await rebuildWeeklyActivity();
    const first = await computeRankings({ asOf: AS_OF });
    const firstText = await rankingText();
    const stamps = await cacheStamps();
    expect(stamps.size).toBe(first.rankings[0].trainingCutoffs);

    await computeRankings({ asOf: AS_OF });
    expect(await cacheStamps()).toEqual(stamps); // nothing re-extracted
    expect(await rankingText()).toBe(firstText);

    // A late import: one event of an existing member in an old week (between the first and last cut-offs).
    const cutoffs = [...stamps.keys()].sort();
    const middle = cutoffs[Math.floor(cutoffs.length / 2)];
    const [member] = await db.$queryRaw<{ id: number }[]>(
      Prisma.sql`select member_id as id from activity_events order by id limit 1`,
    );
    await db.$executeRaw(Prisma.sql`
      insert into activity_events (member_id, source, external_id, type, occurred_at, weight)
      values (${member.id}, 'slack', 'late-import-1', 'message', (${middle}::date - 3)::timestamp at time zone 'UTC', 5)`);
    await rebuildWeeklyActivity({ full: true });
    await computeRankings({ asOf: AS_OF });
    const after = await cacheStamps();
    for (const cutoff of cutoffs) {
      const reExtracted = after.get(cutoff) !== stamps.get(cutoff);
      expect(reExtracted, cutoff).toBe(cutoff >= middle);
    }
    const withCache = await rankingText();

    await db.$executeRaw(Prisma.sql`delete from ranking_feature_cache`);
    await computeRankings({ asOf: AS_OF });
    expect(await rankingText()).toBe(withCache);
  }, 600_000);
});
