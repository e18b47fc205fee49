// `npm run bench:rank [-- --members 100000 --events 10000000] [--demo 6000] [--dir PATH] [--warm] [--repeat N]
// [--forget-asof] [--forget-cutoffs] [--forget-fits] [--as-of DAY] [--no-fit-memo] [--record FILE | --compare FILE]`: boots an embedded PostgreSQL (throwaway, or kept in PATH and reused), generates a
// community (in SQL, or the demo generator with --demo N members), then times rollups, a full computeRankings, a re-score
// with the stored model and one SQL aggregation. --record keeps what each full recompute gave (digests of the snapshot
// and of the models and backtests, backtest AUCs, the top 10); --compare fails on any difference from a recorded run.
// --repeat N runs N full recomputes after the first in the same process (--warm is --repeat 1), each with its RSS
// peak and the heap it leaves, to see what a long-lived process keeps between recomputes. --forget-cutoffs empties
// the past cut-offs' feature cache first, so the first recompute extracts them all. --forget-fits empties the fits
// kept across restarts (ranking_fits), so the first recompute makes every fit, as the first one ever did.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { freePort, startEmbeddedPostgres } from "@/lib/db/embedded";
import { applyMigrations } from "@/lib/db/migrate";
import { createPrisma } from "@/lib/db/prisma";
import { setDb } from "@/lib/db/client";
import { resetEnvCache } from "@/lib/env";
import { Prisma } from "@/lib/generated/prisma/client";
import { keptDirFlag, numberFlag } from "./bench-flags";
import { startRssSampler } from "./rss-sampler";

const members = numberFlag("--members", 100_000);
const events = numberFlag("--events", 10_000_000);
const weeks = numberFlag("--weeks", 52);
const demoMembers = process.argv.includes("--demo") ? numberFlag("--demo", 6_000) : null;
const rssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);
const phases = (timings: Record<string, number>) =>
  Object.entries(timings)
    .map(([k, v]) => `${k} ${(v / 1000).toFixed(1)} s`)
    .join(", ");
const load = () =>
  os
    .loadavg()
    .map((v) => v.toFixed(1))
    .join(" ");

const keptDir = keptDirFlag();
const flagPath = (name: string) => {
  const at = process.argv.indexOf(name);
  return at >= 0 ? path.resolve(process.argv[at + 1]) : null;
};
const recordTo = flagPath("--record");
const compareWith = flagPath("--compare");
const dir = keptDir ?? (await mkdtemp(path.join(os.tmpdir(), "groundswell-bench-")));
const rss = startRssSampler();
const cluster = await startEmbeddedPostgres({
  dir: path.join(dir, "pg"),
  port: await freePort(),
  database: "bench",
});
try {
  await applyMigrations(cluster.url);
  process.env.DATABASE_URL = cluster.url;
  resetEnvCache();
  const db = createPrisma(cluster.url, 4);
  setDb(db);
  const { writeSyntheticCommunity } = await import("@/lib/services/rankings/synthetic-fixture");
  const { rebuildWeeklyActivity } = await import("@/lib/services/rollups");
  const { computeRankings } = await import("@/lib/services/rankings/snapshot");
  const time = async <T>(label: string, fn: () => Promise<T>): Promise<T> => {
    const t = performance.now();
    const out = await fn();
    console.log(
      `${label.padEnd(34)} ${((performance.now() - t) / 1000).toFixed(1).padStart(7)} s   (peak RSS ${rssMb()} MB, load ${load()})`,
    );
    return out;
  };
  // A full recompute's phases run one after the other from its start: the sampled RSS peak of each.
  const phasePeaks = async <T extends { timings: Record<string, number> }>(
    fn: () => Promise<T>,
  ): Promise<T> => {
    // Let the sampler's first samples arrive, so the phases' RSS is measured from the start.
    await new Promise((resolve) => setTimeout(resolve, 300));
    let at = Date.now();
    const out = await fn();
    const peaks = Object.entries(out.timings).map(([phase, ms]) => {
      const peak = rss.peakBetween(at, (at += ms));
      return `${phase} ${peak ?? "?"} MB`;
    });
    console.log(`  sampled RSS peak by phase: ${peaks.join(", ")}`);
    return out;
  };
  console.log(
    demoMembers
      ? `bench:rank — demo community of ${demoMembers.toLocaleString("en")} members, ${os.cpus().length} cores`
      : `bench:rank — ${members.toLocaleString("en")} members, ~${events.toLocaleString("en")} events, ${weeks} weeks, ${os.cpus().length} cores`,
  );
  const [existing] = await db.$queryRaw<{ n: number; last: Date | null }[]>(
    Prisma.sql`select (select count(*)::int from members) as n, (select max(occurred_at) from activity_events) as last`,
  );
  let asOf: string;
  if (existing.n > 0 && existing.last) {
    // --as-of DAY: another day than the last event's (a new day's first recompute: its cut-offs and rows are new).
    const at = process.argv.indexOf("--as-of");
    asOf = at >= 0 ? process.argv[at + 1] : existing.last.toISOString().slice(0, 10);
    console.log(`reusing ${existing.n.toLocaleString("en")} members in ${dir}, as of ${asOf}`);
    await db.$executeRaw(Prisma.sql`delete from score_snapshots`);
    await db.$executeRaw(Prisma.sql`delete from model_runs`);
  } else if (demoMembers) {
    const { seedDemoCommunity } = await import("@/lib/services/demo");
    const now = new Date("2026-03-16T00:00:00Z");
    const demo = await time(`demo community (${demoMembers} members)`, () =>
      seedDemoCommunity(db, { members: demoMembers, now }),
    );
    console.log(`  events written: ${demo.events.toLocaleString("en")}`);
    const [last] = await db.$queryRaw<{ at: Date }[]>(
      Prisma.sql`select max(occurred_at) as at from activity_events`,
    );
    asOf = last.at.toISOString().slice(0, 10);
    await time("vacuum analyze", () => db.$executeRaw(Prisma.sql`vacuum analyze`));
    await time("weekly rollups (rebuildWeeklyActivity)", () => rebuildWeeklyActivity());
  } else {
    const generated = await time("generate community (SQL)", () =>
      writeSyntheticCommunity(db, { members, events, weeks, seed: 1 }),
    );
    asOf = generated.asOf;
    console.log(`  events written: ${generated.events.toLocaleString("en")}`);
    await time("vacuum analyze", () => db.$executeRaw(Prisma.sql`vacuum analyze`));
    const rollups = await time("weekly rollups (rebuildWeeklyActivity)", () => rebuildWeeklyActivity());
    console.log(`  weekly_activity rows: ${rollups.rows.toLocaleString("en")}`);
    await time("analyze weekly_activity", () => db.$executeRaw(Prisma.sql`analyze weekly_activity`));
  }
  // --forget-asof: the first run extracts the as-of's own rows for every member (as the first run of a new day
  // does), the --warm run after it finds them kept.
  if (process.argv.includes("--forget-asof"))
    await db.$executeRaw(Prisma.sql`delete from settings where key = 'rankings_asof_state'`);
  if (process.argv.includes("--forget-cutoffs"))
    await db.$executeRaw(Prisma.sql`delete from ranking_feature_cache`);
  if (process.argv.includes("--forget-fits")) await db.$executeRaw(Prisma.sql`delete from ranking_fits`);
  const [stored] = await db.$queryRaw<{ n: number; mb: number }[]>(
    Prisma.sql`select count(*)::int as n, round(coalesce(sum(bytes), 0) / 1048576.0, 1)::float as mb from ranking_fits`,
  );
  console.log(`fits kept across restarts: ${stored.n} (${stored.mb} MB)`);
  const { fitMemoStats } = await import("@/lib/scoring/fit-memo");
  const fitUse = (() => {
    let last = { hits: 0, misses: 0 };
    return () => {
      const now = fitMemoStats();
      const text = `fits reused ${now.hits - last.hits}, made ${now.misses - last.misses}, kept ${now.entries}`;
      last = { hits: now.hits, misses: now.misses };
      return text;
    };
  })();
  const repeat = process.argv.includes("--repeat")
    ? numberFlag("--repeat", 1)
    : process.argv.includes("--warm")
      ? 1
      : 0;
  const heapLeft = () => {
    const m = process.memoryUsage();
    const mb = (b: number) => Math.round(b / 1_048_576);
    const text = `heap ${mb(m.heapUsed)} of ${mb(m.heapTotal)} MB, external ${mb(m.external)} MB (array buffers ${mb(m.arrayBuffers)} MB), RSS now ${mb(m.rss)} MB`;
    // Under `node --expose-gc` (a diagnosis, not the timed figures): what is still reachable after a full collection.
    const collect = (globalThis as { gc?: () => void }).gc;
    if (!collect) return text;
    collect();
    const live = process.memoryUsage();
    return `${text}; after a full GC: heap ${mb(live.heapUsed)} MB, array buffers ${mb(live.arrayBuffers)} MB, RSS ${mb(live.rss)} MB`;
  };
  // --no-fit-memo: every recompute fits every model afresh, as on a new day whose cut-offs are all new.
  if (process.argv.includes("--no-fit-memo")) (await import("@/lib/scoring/fit-memo")).setFitMemo(false);
  const { rankingRecord } = await import("./bench-rank-record");
  const outcomes: unknown[] = [];
  // This process's CPU time (both threads) over the recompute: steadier than wall time on a shared machine, and
  // PostgreSQL's backends (the extraction) are not in it.
  const cpuBefore = process.cpuUsage();
  const result = await phasePeaks(() => time("computeRankings (full)", () => computeRankings({ asOf })));
  const cpu = process.cpuUsage(cpuBefore);
  outcomes.push(await rankingRecord(db, asOf));
  console.log(`  phases: ${phases(result.timings)}; ${fitUse()}`);
  console.log(`  node CPU (both threads): ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s`);
  console.log(`  left after it: ${heapLeft()}`);
  for (const r of result.rankings)
    console.log(
      `  ${r.kind}: ${r.ranked.toLocaleString("en")} ranked by ${r.method}, ${r.trainingCutoffs} cut-offs, ${r.trainingPositives} positives`,
    );
  for (let k = 0; k < repeat; k++) {
    const warm = await phasePeaks(() =>
      time("computeRankings (full, again)", () => computeRankings({ asOf })),
    );
    console.log(`  phases: ${phases(warm.timings)}; ${fitUse()}`);
    console.log(`  left after it: ${heapLeft()}`);
    outcomes.push(await rankingRecord(db, asOf));
  }
  console.log(`  results: ${JSON.stringify(outcomes.at(-1))}`);
  const text = (o: unknown) => JSON.stringify(o);
  if (outcomes.some((o) => text(o) !== text(outcomes[0])))
    throw new Error("the two full recomputes of the same data gave different rankings");
  if (recordTo) await writeFile(recordTo, text(outcomes[0]));
  if (compareWith) {
    const same = (await readFile(compareWith, "utf8")) === text(outcomes[0]);
    console.log(`  compared with ${compareWith}: ${same ? "identical" : "DIFFERENT"}`);
    if (!same) process.exitCode = 1;
  }
  const rescored = await time("computeRankings (refit: auto)", () =>
    computeRankings({ asOf, refit: "auto" }),
  );
  console.log(`  phases: ${phases(rescored.timings)}; refit: ${rescored.refitReason ?? "no (re-scored)"}`);
  await time("single SQL aggregation (reference)", () =>
    db.$queryRaw(
      Prisma.sql`select count(*) from (select member_id, date_trunc('week', occurred_at), sum(weight) from activity_events group by 1, 2) x`,
    ),
  );
  console.log(
    `peak RSS of this process: ${rssMb()} MB (PostgreSQL runs in its own processes, shared_buffers 256 MB)`,
  );
  await db.$disconnect();
} finally {
  rss.stop();
  await cluster.stop();
  if (!keptDir) await rm(dir, { recursive: true, force: true });
}
