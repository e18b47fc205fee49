// The cheap recompute against a real PostgreSQL: within the week of a fit, `refit: "auto"` re-scores members with
// the stored models (the same scores as the fit itself on the same day), and a new week makes it refit.
import { beforeEach, describe, expect, it } from "vitest";
import { Prisma } from "@/lib/generated/prisma/client";
import { truncateAll, useTestDatabase } from "@/lib/test/db";
import { seedDemoCommunity } from "@/lib/services/demo";
import { rebuildWeeklyActivity } from "@/lib/services/rollups";
import { computeRankings } from "./snapshot";

const db = useTestDatabase();
const NOW = new Date("2026-03-16T00:00:00Z");

beforeEach(() => truncateAll(db));

async function snapshotText(asOf: string): Promise<string> {
  const [row] = await db.$queryRaw<{ t: string }[]>(Prisma.sql`
    select string_agg(concat_ws('|', kind, member_id, score::text, rank, reasons::text, activity_12w::text), E'\\n' order by kind, rank) as t
      from ranked_score_snapshots where as_of = ${asOf}::date`);
  return row.t;
}

describe("computeRankings with refit: auto", () => {
  it("re-scores with the stored models within the fit's week and refits in the next", async () => {
    await seedDemoCommunity(db, { members: 500, now: NOW });
    await rebuildWeeklyActivity();
    const fitted = await computeRankings({ asOf: "2026-03-11" });
    expect(fitted.refitReason).toBe("refit requested");
    const fittedText = await snapshotText("2026-03-11");
    expect(fittedText.split("\n").length).toBeGreaterThan(50);

    const again = await computeRankings({ asOf: "2026-03-11", refit: "auto" });
    expect(again.refitReason).toBeNull();
    for (const r of again.rankings) {
      const original = fitted.rankings.find((f) => f.kind === r.kind)!;
      expect(r.rescoredFrom).toBe(original.modelRunId);
      expect(r.modelVersion).toBe(original.modelVersion);
      expect(r.ranked).toBe(original.ranked);
    }
    // Same model, same data, same day: the re-scored snapshot is the fitted one, byte for byte.
    expect(await snapshotText("2026-03-11")).toBe(fittedText);
    // The pages find a snapshot run for the re-scored day, and it says where its model came from.
    const runs = await db.$queryRaw<{ note: string | null; from_run: number }[]>(Prisma.sql`
      select note, (model->'rescoredFrom'->>'modelRunId')::int as from_run
        from model_runs where as_of = '2026-03-11' and backtest->>'source' = 'snapshot' and model ? 'rescoredFrom'`);
    expect(runs).toHaveLength(2);
    expect(runs[0].note).toMatch(/^re-scored with the model fitted as of 2026-03-11/);

    const nextDay = await computeRankings({ asOf: "2026-03-13", refit: "auto" });
    expect(nextDay.refitReason).toBeNull();
    expect(nextDay.rankings.every((r) => r.rescoredFrom !== undefined)).toBe(true);
    // Re-scoring used the later day's activity: some member's score moved.
    expect(await snapshotText("2026-03-13")).not.toBe(fittedText);

    const nextWeek = await computeRankings({ asOf: "2026-03-16", refit: "auto" });
    expect(nextWeek.refitReason).toMatch(/new week/);
    expect(nextWeek.rankings.every((r) => r.rescoredFrom === undefined)).toBe(true);
  }, 600_000);
});
