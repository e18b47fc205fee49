// `npm run bench:incremental [-- --dir PATH] [--members N] [--events N] [--import-events 10000] [--skip-rankings] [--spread-actors]`: in the
// community bench:rank generates (same generator and cluster layout: `--dir` keeps it, and a cluster kept by
// `bench:rank --dir` is reused as is), imports one new day of events through the canonical JSONL importer,
// then times the recompute pipeline (runPipeline, each step's own time beside) until rankings and pages are fresh
// again. Finally the page aggregates are recomputed whole on the same data and compared with the incremental
// result, and the day's ranking snapshot, rewritten in place by the pipeline, with the same day written afresh.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { isDeepStrictEqual } from "node:util";
import { freePort, startEmbeddedPostgres } from "@/lib/db/embedded";
import { applyMigrations } from "@/lib/db/migrate";
import { createPrisma } from "@/lib/db/prisma";
import { setDb } from "@/lib/db/client";
import { resetEnvCache } from "@/lib/env";
import { Prisma } from "@/lib/generated/prisma/client";
import { mulberry32 } from "@/lib/random";
import { keptDirFlag, numberFlag } from "./bench-flags";

const members = numberFlag("--members", 100_000);
const events = numberFlag("--events", 10_000_000);
const importEvents = numberFlag("--import-events", 10_000);
const skipRankings = process.argv.includes("--skip-rankings");
/**
 * `--spread-actors`: the 2,000 actors drawn afresh each run (a hash of the run's tag) instead of the same 2,000
 * every run: on a kept cluster the fixed ones carry every earlier run's events in the current week (~150 each after
 * 30 runs against ~6 for a typical member), which the steps that read the touched members' week then pay for.
 */
const spreadActors = process.argv.includes("--spread-actors");
/** Members the imported events come from (through identities this script gives every tenth member). */
const IMPORT_ACTORS = 2_000;

const keptDir = keptDirFlag();
const dir = keptDir ?? (await mkdtemp(path.join(os.tmpdir(), "groundswell-incremental-")));
const cluster = await startEmbeddedPostgres({
  dir: path.join(dir, "pg"),
  port: await freePort(),
  database: "bench",
});
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

try {
  await applyMigrations(cluster.url);
  process.env.DATABASE_URL = cluster.url;
  resetEnvCache();
  const db = createPrisma(cluster.url, 4);
  setDb(db);
  const { writeSyntheticCommunity } = await import("@/lib/services/rankings/synthetic-fixture");
  const { ensureDefaultActivityTypes } = await import("@/lib/services/activity-types");
  const { runImport } = await import("@/lib/services/imports/run-import");
  const { PIPELINE_STEPS, runPipeline } = await import("@/lib/services/pipeline");
  const { rebuildWeeklyActivity } = await import("@/lib/services/rollups");
  const { computePageAggregates, refreshPageAggregates } = await import("@/lib/services/page-aggregates");
  const load = () =>
    os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(" ");
  console.log(
    `bench:incremental — ${os.cpus().length} cores, load average ${load()}, ${new Date().toISOString().slice(0, 16)} UTC`,
  );

  const [{ n }] = await db.$queryRaw<{ n: number }[]>`select count(*)::int as n from members`;
  if (n === 0) {
    const t = performance.now();
    // Data through yesterday: the pipeline ranks as of today, so the rankings step does its real work.
    const asOf = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    await writeSyntheticCommunity(db, { members, events, weeks: 52, seed: 1, asOf });
    await db.$executeRaw`vacuum analyze`;
    console.log(
      `generated ${members.toLocaleString("en")} members, ~${events.toLocaleString("en")} events in ${seconds(performance.now() - t)}`,
    );
  } else console.log(`reusing ${n.toLocaleString("en")} members in ${dir}`);
  await ensureDefaultActivityTypes();
  // The imported events' actors: an identity for every tenth member (the generator writes members only).
  await db.$executeRaw`
    insert into identities (member_id, source, external_id, handle)
    select id, 'bench', 'm' || id, 'm' || id from members where id % 10 = 0
    on conflict (source, external_id) do nothing`;

  // Settle: rollups and page aggregates brought up to date (a first run after generation builds them whole).
  // The rankings step is timed after the import only (bench:rank times it on its own). The snapshot table is
  // vacuumed first: every run leaves ~100k dead rows behind (the touched rows, and the day written afresh at the end),
  // and autovacuum never catches up on a cluster that is stopped between runs; seq scans of the day then read them.
  await db.$executeRaw`vacuum analyze score_snapshots`;
  let t = performance.now();
  await rebuildWeeklyActivity();
  const settled = await refreshPageAggregates();
  console.log(
    `settle: rollups and page aggregates (months: ${settled.refreshed.activityFrom === "all" ? "whole" : "incremental"}) ${seconds(performance.now() - t)}`,
  );
  if (!skipRankings) {
    // Rankings fresh before the import too, as the pipeline leaves them (this also keeps the as-of rows the
    // step after the import starts from; a first run on a cluster extracts every member, or refits).
    t = performance.now();
    const rankings = PIPELINE_STEPS.find((step) => step.name === "rankings")!;
    await rankings.run({ reason: "bench:incremental settle" }, (line) => console.log(`    ${line}`), {
      touchedFrom: null,
    });
    console.log(`settle: rankings ${seconds(performance.now() - t)} (load average ${load()})`);
  }

  // One day of new events after the latest one (never in the future), from existing members.
  const [{ last }] = await db.$queryRaw<
    { last: Date }[]
  >`select max(occurred_at) as last from activity_events`;
  const from = last.getTime() + 1;
  const span = Math.max(60_000, Math.min(86_400_000, Date.now() - from));
  const random = mulberry32(from % 2_147_483_647);
  const tag = `after-${new Date(from).toISOString().slice(0, 16).replace(":", "")}`;
  const actors = await db.$queryRaw<{ external_id: string }[]>`
    select external_id from identities where source = 'bench'
     order by ${spreadActors ? Prisma.sql`md5(external_id || ${tag})` : Prisma.sql`external_id`} limit ${IMPORT_ACTORS}`;
  const lines = Array.from({ length: importEvents }, (_, i) =>
    JSON.stringify({
      kind: "event",
      source: "slack",
      external_id: `${tag}-${i}`,
      actor_source: "bench",
      actor_external_id: actors[Math.floor(random() * actors.length)].external_id,
      type: random() < 0.1 ? "pr_merged" : "message",
      occurred_at: new Date(from + Math.floor(random() * span)).toISOString(),
      channel: `ch${Math.floor(random() * 6)}`,
    }),
  );
  const file = path.join(dir, `${tag}.jsonl`);
  await writeFile(file, `${lines.join("\n")}\n`);
  console.log(
    `\nimport of ${importEvents.toLocaleString("en")} events over the ${(span / 3_600_000).toFixed(1)} h after ${last.toISOString()} (load average ${load()}):`,
  );
  t = performance.now();
  const summary = await runImport({ source: "jsonl", file });
  const importMs = performance.now() - t;
  console.log(
    `  import: ${seconds(importMs)} (${summary.status}, ${summary.imported} imported, ${summary.quarantined} quarantined)`,
  );
  // The pipeline as it runs after an import (runPipeline: steps that do not read each other's output side by side),
  // timed from its start until rankings and pages are fresh; each step's own time from its log line. With
  // --skip-rankings, the other steps one after another.
  const stepTimes = new Map<string, number>();
  const stepLine = /^\[\d+\/\d+\] (.*): (\d+) ms$/;
  const stepLog = (line: string) => {
    const m = stepLine.exec(line);
    if (m) stepTimes.set(m[1], Number(m[2]));
    else console.log(`    ${line}`);
  };
  t = performance.now();
  if (skipRankings)
    for (const step of PIPELINE_STEPS)
      if (step.name !== "rankings") {
        const s0 = performance.now();
        await step.run({ reason: "bench:incremental" }, stepLog, { touchedFrom: null });
        stepTimes.set(step.name, performance.now() - s0);
      }
  if (!skipRankings) await runPipeline({ reason: "bench:incremental", log: stepLog });
  const pipelineMs = performance.now() - t;
  for (const [name, ms] of stepTimes) console.log(`  ${name.padEnd(20)} ${seconds(ms).padStart(9)}`);
  const sum = [...stepTimes.values()].reduce((a, b) => a + b, 0);
  console.log(
    `  pipeline until ${skipRankings ? "pages are" : "rankings and pages are"} fresh: ${seconds(pipelineMs)} wall (its steps' own times sum to ${seconds(sum)}; load average ${load()})`,
  );

  // The same data recomputed whole: the figures must match, and the time is the comparison.
  // One instant for both: back-to-back runs import events up to a minute ahead, and the as-of is min(now, latest).
  const now = new Date();
  const stored = await refreshPageAggregates({ now });
  t = performance.now();
  const whole = await computePageAggregates({ full: true, now });
  const fullMs = performance.now() - t;
  const comparable = (a: typeof stored) => ({
    ...a,
    computedAt: "",
    refreshed: null,
    retentionRows: [...a.retentionRows].sort(
      (x, y) => x.cohortMonth.localeCompare(y.cohortMonth) || x.monthOffset - y.monthOffset,
    ),
  });
  const same = isDeepStrictEqual(comparable(stored), comparable(whole));
  if (!same) {
    // Which figures differ, so a mismatch can be chased without re-running.
    const [a, b] = [comparable(stored), comparable(whole)];
    for (const key of Object.keys(a) as (keyof typeof a)[])
      if (!isDeepStrictEqual(a[key], b[key]))
        console.log(
          `  differs: ${key}\n    incremental ${JSON.stringify(a[key])}\n    whole       ${JSON.stringify(b[key])}`,
        );
  }
  console.log(
    `\npage aggregates: incremental after the import ${seconds(stepTimes.get("page aggregates") ?? 0)} (its step), whole ${seconds(fullMs)}; equal: ${same ? "yes" : "NO"} (load average ${load()})`,
  );
  if (!skipRankings) {
    // The re-scored day's rows as stored in place, against the same day written afresh (its rows deleted first).
    const digest = async () => {
      const [{ d }] = await db.$queryRaw<{ d: string }[]>`
        select md5(string_agg(concat_ws('|', kind, member_id, score::text, raw_score::text, rank, prev_rank, reasons::text, activity_12w::text, model_version),
                              E'\\n' order by kind, member_id)) as d
          from ranked_score_snapshots where as_of = (select max(as_of) from score_snapshots)`;
      return d;
    };
    const inPlace = await digest();
    await db.$executeRaw`delete from score_snapshots where as_of = (select max(as_of) from score_snapshots)`;
    const rankings = PIPELINE_STEPS.find((step) => step.name === "rankings")!;
    console.log(`\nthe same day's snapshot written afresh (load average ${load()}):`);
    t = performance.now();
    await rankings.run({ reason: "bench:incremental fresh" }, (line) => console.log(`    ${line}`), {
      touchedFrom: null,
    });
    const freshMs = performance.now() - t;
    const equal = (await digest()) === inPlace;
    console.log(
      `  rankings step ${seconds(freshMs)}; snapshot rewritten in place equals it: ${equal ? "yes" : "NO"}`,
    );
    if (!equal) process.exitCode = 1;
  }
  await rm(file, { force: true });
  await db.$disconnect();
  if (!same) process.exitCode = 1;
} finally {
  await cluster.stop();
  if (!keptDir) await rm(dir, { recursive: true, force: true });
}
