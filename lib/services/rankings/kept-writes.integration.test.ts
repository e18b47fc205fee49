// A cold recompute queues its fits before the cut-off cache and the as-of's kept rows are written (snapshot.ts,
// history.ts readRankingHistory): once it returns both are written, and a failed write still fails it before any
// snapshot is written, leaving nothing behind that changes the next recompute.
import { beforeEach, describe, expect, it } from "vitest";
import { Prisma } from "@/lib/generated/prisma/client";
import { truncateAll, useTestDatabase } from "@/lib/test/db";
import { clearFitMemo } from "@/lib/scoring/fit-memo";
import { seedDemoCommunity } from "@/lib/services/demo";
import { rebuildWeeklyActivity } from "@/lib/services/rollups";
import { computeRankings } from "./snapshot";

const db = useTestDatabase();
const AS_OF = "2026-03-11";

const count = async (table: "ranking_feature_cache" | "ranking_asof_rows" | "score_snapshots") =>
  (await db.$queryRaw<{ n: number }[]>(Prisma.sql`select count(*)::int as n from ${Prisma.raw(table)}`))[0].n;

/** Every snapshot row as written (its score, raw score that ranks it, and reasons), in one text. */
const snapshotText = async () =>
  (
    await db.$queryRaw<{ text: string | null }[]>(Prisma.sql`
      select string_agg(concat_ws('|', kind, member_id, score, raw_score, prev_rank, reasons::text, activity_12w::text), E'\n' order by kind, member_id) as text
        from score_snapshots`)
  )[0].text;

/** A cold recompute from nothing kept: no cut-off cache, no as-of rows, no fits in this process or the table. */
async function forgetEverything() {
  await db.$executeRaw`delete from ranking_feature_cache`;
  await db.$executeRaw`delete from ranking_asof_rows`;
  await db.$executeRaw`delete from settings where key = 'rankings_asof_state'`;
  await db.$executeRaw`delete from ranking_fits`;
  await db.$executeRaw`delete from score_snapshots`;
  await db.$executeRaw`delete from model_runs`;
  clearFitMemo();
}

beforeEach(async () => {
  await truncateAll(db);
  clearFitMemo();
  await seedDemoCommunity(db, { members: 500, now: new Date("2026-03-16T00:00:00Z") });
  await rebuildWeeklyActivity();
});

describe("a cold recompute's cache writes, run beside its fits", () => {
  it("has written every cut-off and the as-of's rows when it returns", async () => {
    const result = await computeRankings({ asOf: AS_OF });
    const cutoffs = Math.max(...result.rankings.map((r) => r.trainingCutoffs));
    expect(cutoffs).toBeGreaterThan(3);
    expect(await count("ranking_feature_cache")).toBe(cutoffs);
    expect(await count("ranking_asof_rows")).toBeGreaterThan(0);
    expect(await count("score_snapshots")).toBeGreaterThan(0);
  });

  it("fails with a failed cache write, writes no snapshot, and the next recompute writes what a clean one does", async () => {
    await computeRankings({ asOf: AS_OF });
    const clean = await snapshotText();
    await forgetEverything();
    await db.$executeRaw`create function refuse_cache_row() returns trigger language plpgsql as
      $$ begin raise exception 'cache write refused (test)'; end $$`;
    await db.$executeRaw`create trigger refuse_cache_row before insert on ranking_feature_cache
      for each row execute function refuse_cache_row()`;
    try {
      await expect(computeRankings({ asOf: AS_OF })).rejects.toThrow(/cache write refused/);
    } finally {
      await db.$executeRaw`drop trigger refuse_cache_row on ranking_feature_cache`;
      await db.$executeRaw`drop function refuse_cache_row()`;
    }
    expect(await count("score_snapshots")).toBe(0);
    expect(await count("ranking_feature_cache")).toBe(0);
    await computeRankings({ asOf: AS_OF });
    expect(await snapshotText()).toBe(clean);
  });
});
