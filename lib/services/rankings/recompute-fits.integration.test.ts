// Fits kept across restarts against a real PostgreSQL: a fit read back in a "fresh process" (the memo emptied) is
// exactly the fit a process that never stored anything makes, a changed row misses, and the table stays bounded.
import { isDeepStrictEqual } from "node:util";
import { serialize } from "node:v8";
import { beforeEach, describe, expect, it } from "vitest";
import { Prisma } from "@/lib/generated/prisma/client";
import { truncateAll, useTestDatabase } from "@/lib/test/db";
import { fitAndBacktest, storedBacktest } from "@/lib/scoring/backtest";
import { clearFitMemo, fitMemoStats, setFitMemo } from "@/lib/scoring/fit-memo";
import { generateSyntheticCommunity } from "@/lib/scoring/synthetic";
import type { LabelledSet } from "@/lib/scoring/types";
import { seedDemoCommunity } from "@/lib/services/demo";
import { rebuildWeeklyActivity } from "@/lib/services/rollups";
import { MAX_STORED_BYTES, MAX_STORED_FITS, restoreFits, STORE_REVISION, storeFits } from "./recompute-fits";
import { computeRankings } from "./snapshot";

const db = useTestDatabase();
const sets = generateSyntheticCommunity({ seed: 7, members: 1500, cutoffs: 8 }).candidates;

beforeEach(async () => {
  await truncateAll(db);
  clearFitMemo();
});

function fit(of: readonly LabelledSet[]) {
  const { model, backtest } = fitAndBacktest(
    "candidates",
    of,
    { horizonWeeks: 8 },
    { contactCapacity: 50, horizonWeeks: 8 },
  );
  return { model, backtest: storedBacktest(backtest) };
}

function fitAfresh(of: readonly LabelledSet[]) {
  setFitMemo(false);
  try {
    return fit(of);
  } finally {
    setFitMemo(true);
  }
}

/** Made, in order: fit, store, forget everything in the process (a restart), read back. */
async function restartAfter(of: readonly LabelledSet[]) {
  fit(of);
  const stored = await storeFits();
  clearFitMemo();
  const restored = await restoreFits();
  return { stored, restored };
}

const storedRows = async () =>
  (await db.$queryRaw<{ n: number }[]>(Prisma.sql`select count(*)::int as n from ranking_fits`))[0].n;

describe("fits kept across restarts (ranking_fits)", () => {
  it("reads back fits that equal a fresh fit exactly, and refits nothing", async () => {
    const { stored, restored } = await restartAfter(sets);
    expect(stored.written).toBeGreaterThan(3);
    expect(restored).toBe(stored.written);
    const again = fit(sets);
    expect(fitMemoStats().misses).toBe(0);
    expect(fitMemoStats().hits).toBeGreaterThan(0);
    // Structural equality, prototypes and all (not only JSON): the restored model is the model.
    expect(isDeepStrictEqual(again, fitAfresh(sets))).toBe(true);
  });

  it("misses where a row changed, and the refit equals a fresh fit of the changed rows", async () => {
    await restartAfter(sets);
    const labels = { ...(sets[6].labels as Record<number, boolean>) };
    labels[sets[6].rows.find((r) => !labels[r.memberId])!.memberId] = true;
    const changed = sets.map((s, k) => (k === 6 ? { ...s, labels } : s));
    const refit = fit(changed);
    expect(fitMemoStats().misses).toBeGreaterThan(0);
    expect(isDeepStrictEqual(refit, fitAfresh(changed))).toBe(true);
    expect(isDeepStrictEqual(refit.model, fitAfresh(sets).model)).toBe(false);
  });

  it("reads nothing of another revision, drops it, and keeps at most MAX_STORED_FITS rows, the newest", async () => {
    fit(sets);
    const first = await storeFits();
    await db.$executeRaw(Prisma.sql`update ranking_fits set revision = 'an older model'`);
    clearFitMemo();
    expect(await restoreFits()).toBe(0);

    // A full table of this revision's rows, all used before the fits about to be made.
    await db.$executeRaw(Prisma.sql`
      insert into ranking_fits (key, revision, fit, bytes, used_at)
      select 'old ' || g, ${STORE_REVISION}, decode(${serialize({ old: true }).toString("hex")}, 'hex'), 1, now() - interval '1 day' from generate_series(1, ${MAX_STORED_FITS}) g`);
    fit(sets);
    const { written } = await storeFits();
    expect(written).toBe(first.written);
    expect(await storedRows()).toBe(MAX_STORED_FITS);
    const [kept] = await db.$queryRaw<{ old: number; other: number }[]>(Prisma.sql`
      select count(*) filter (where key like 'old %')::int as old,
             count(*) filter (where revision <> ${STORE_REVISION})::int as other from ranking_fits`);
    expect(kept).toEqual({ old: MAX_STORED_FITS - written, other: 0 });
    clearFitMemo();
    expect(await restoreFits()).toBeGreaterThanOrEqual(written);
    fit(sets);
    expect(fitMemoStats().misses).toBe(0);

    // Bytes bound too: older rows that would take the total past MAX_STORED_BYTES go, the newest stay.
    await db.$executeRaw(
      Prisma.sql`update ranking_fits set bytes = ${MAX_STORED_BYTES / 4} where key like 'old %'`,
    );
    fit(sets);
    await storeFits();
    const [after] = await db.$queryRaw<{ old: number; mine: number }[]>(Prisma.sql`
      select count(*) filter (where key like 'old %')::int as old, count(*) filter (where key not like 'old %')::int as mine
        from ranking_fits`);
    expect(after).toEqual({ old: 3, mine: written });
  });

  it("skips a row it cannot read instead of failing the recompute", async () => {
    await db.$executeRaw(Prisma.sql`
      insert into ranking_fits (key, revision, fit, bytes) values ('torn', ${STORE_REVISION}, '\\xff00'::bytea, 2)`);
    expect(await restoreFits()).toBe(0);
  });

  it("lets the next day's first recompute in a fresh process reuse every fit: the two days share their cut-offs", async () => {
    await seedDemoCommunity(db, { members: 500, now: new Date("2026-03-16T00:00:00Z") });
    await rebuildWeeklyActivity();
    const first = await computeRankings({ asOf: "2026-03-11" });
    expect(fitMemoStats().misses).toBeGreaterThan(0);
    clearFitMemo(); // a restart: only what PostgreSQL holds carries over
    const next = await computeRankings({ asOf: "2026-03-12" });
    expect(fitMemoStats().misses).toBe(0);
    expect(fitMemoStats().hits).toBeGreaterThan(0);
    const cutoffs = async (asOf: string) =>
      (
        await db.$queryRaw<{ cutoffs: string[] }[]>(Prisma.sql`
          select array(select jsonb_array_elements_text(model->'trainedOn'->'cutoffs')) as cutoffs
            from model_runs where as_of = ${asOf}::date order by kind`)
      ).map((r) => r.cutoffs);
    const shared = await cutoffs("2026-03-11");
    expect(shared.length).toBe(2);
    expect(shared[0].length).toBeGreaterThan(3);
    expect(await cutoffs("2026-03-12")).toEqual(shared);
    expect(next.rankings.map((r) => r.trainingCutoffs)).toEqual(first.rankings.map((r) => r.trainingCutoffs));

    // A back-dated upgrade (20 days earlier: across a cut-off) changes what the history holds: the kept rankings and
    // fits that read it miss, and what is fitted equals what a process with no kept fits at all gives.
    const moved = await db.$executeRaw(Prisma.sql`
      update subscription_changes set occurred_at = occurred_at - interval '20 days'
       where id = (select id from subscription_changes where kind = 'upgrade'
                    and occurred_at between '2025-10-01' and '2026-01-01' order by id limit 1)`);
    expect(moved).toBe(1);
    clearFitMemo();
    await computeRankings({ asOf: "2026-03-12" });
    expect(fitMemoStats().misses).toBeGreaterThan(0);
    const fitted = async () =>
      (
        await db.$queryRaw<{ model: unknown; backtest: unknown }[]>(Prisma.sql`
          select model, backtest from model_runs where as_of = '2026-03-12' order by id desc limit 2`)
      ).map((r) => JSON.stringify(r));
    const viaKept = await fitted();
    setFitMemo(false);
    try {
      await computeRankings({ asOf: "2026-03-12" });
    } finally {
      setFitMemo(true);
    }
    expect(await fitted()).toEqual(viaKept);
    expect(viaKept).not.toEqual(
      (
        await db.$queryRaw<{ model: unknown; backtest: unknown }[]>(Prisma.sql`
          select model, backtest from model_runs where as_of = '2026-03-12' order by id limit 2`)
      ).map((r) => JSON.stringify(r)),
    );
  }, 180_000);

  it("fits only the final models on the day a cut-off closes off the backtest's calendar, as a process with no kept fits", async () => {
    await seedDemoCommunity(db, { members: 500, now: new Date("2026-03-16T00:00:00Z") });
    await rebuildWeeklyActivity();
    // Nothing kept yet: every fit of a full recompute is made.
    await computeRankings({ asOf: "2026-04-04" });
    const everyFit = fitMemoStats().misses;
    clearFitMemo(); // a restart: only what PostgreSQL holds carries over
    // 2026-04-05: cut-off 2026-02-08 closes; it is not a backtest cut-off (dates.ts evaluationCalendar).
    await computeRankings({ asOf: "2026-04-05" });
    const madeThatDay = fitMemoStats().misses;
    const runs = async (asOf: string) =>
      await db.$queryRaw<{ kind: string; model: { trainedOn: { cutoffs: string[] } }; backtest: unknown }[]>(
        Prisma.sql`select distinct on (kind) kind, model, backtest from model_runs where as_of = ${asOf}::date order by kind, id desc`,
      );
    const before = await runs("2026-04-04");
    const after = await runs("2026-04-05");
    for (const [k, run] of after.entries()) {
      expect(run.model.trainedOn.cutoffs).toEqual([...before[k].model.trainedOn.cutoffs, "2026-02-08"]);
      // The same backtest: every refit (and the deployment's bootstrap) reused.
      expect(run.backtest).toEqual(before[k].backtest);
    }
    // Per ranking: the kept ranking's key, the final model, its trees and its newest validation fold.
    expect(madeThatDay).toBeLessThanOrEqual(10);
    expect(madeThatDay * 3).toBeLessThan(everyFit);
    setFitMemo(false);
    try {
      await computeRankings({ asOf: "2026-04-05" });
    } finally {
      setFitMemo(true);
    }
    const afresh = await runs("2026-04-05");
    expect(JSON.stringify(afresh)).toEqual(JSON.stringify(after));
  }, 180_000);
});
