// `npm run bench:fit -- --history FILE [--out FILE] [--compare FILE] [--repeat N] [--one-thread]`: times the fitting half of a
// full ranking recompute (both rankings: final fit, 6-cut-off backtest, deployment choice, scoring the as-of rows)
// on a saved ranking history, without a database, and records what it produced so that a faster fit can be
// checked to give the same lambdas, backtest AUCs and top members. `--out` writes that record as JSON;
// `--compare` reads an earlier record and fails on any difference. Save a history from a kept bench cluster with
// `--save-history FILE --dir PATH [--as-of DAY]` (the folder `npm run bench:rank -- --demo 6000 --dir PATH` generated).
import { readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import type { RankingHistory } from "@/lib/services/rankings/history";
import type { RankingKind } from "@/lib/scoring/types";

const { values: args } = parseArgs({
  options: {
    history: { type: "string" },
    out: { type: "string" },
    compare: { type: "string" },
    repeat: { type: "string", default: "1" },
    "save-history": { type: "string" },
    dir: { type: "string" },
    "as-of": { type: "string" },
    "one-thread": { type: "boolean", default: false },
    "no-memo": { type: "boolean", default: false },
  },
});
const load = () =>
  os
    .loadavg()
    .map((v) => v.toFixed(1))
    .join(" ");

/** What a fit produced, rounded only where floating-point noise of an equivalent computation would show. */
interface FitRecord {
  kind: RankingKind;
  method: string;
  lambda: number | null;
  deployed: string;
  /** The deployment's bootstrap: model minus best baseline, per metric (estimate, low, high). */
  modelVsBest: number[];
  backtest: { cutoff: string; lambda: number | null; auc: number | null; p20: number | null }[];
  weights: number[];
  trees: number;
  top: { memberId: number; score: number }[];
}

async function saveHistory(file: string, dir: string): Promise<void> {
  const { startEmbeddedPostgres, freePort } = await import("@/lib/db/embedded");
  const { createPrisma } = await import("@/lib/db/prisma");
  const { setDb } = await import("@/lib/db/client");
  const { resetEnvCache } = await import("@/lib/env");
  const cluster = await startEmbeddedPostgres({
    dir: path.join(path.resolve(dir), "pg"),
    port: await freePort(),
    database: "bench",
  });
  try {
    process.env.DATABASE_URL = cluster.url;
    resetEnvCache();
    const db = createPrisma(cluster.url, 4);
    setDb(db);
    const { loadRankingHistory } = await import("@/lib/services/rankings/history");
    const [last] = await db.$queryRaw<{ at: Date }[]>`select max(occurred_at) as at from activity_events`;
    const asOf = args["as-of"] ?? last.at.toISOString().slice(0, 10);
    const history = await loadRankingHistory({ asOf, horizonWeeks: 8, includeCurrent: true });
    const { contactCapacity } = await import("@/lib/services/rankings/history");
    const capacity = await contactCapacity();
    const labelsAsRecords = (sets: RankingHistory["sets"][RankingKind]) =>
      sets.map((s) => ({ ...s, labels: s.labels instanceof Map ? Object.fromEntries(s.labels) : s.labels }));
    await writeFile(
      file,
      JSON.stringify({
        asOf,
        capacity,
        sets: {
          candidates: labelsAsRecords(history.sets.candidates),
          "at-risk": labelsAsRecords(history.sets["at-risk"]),
        },
        current: history.current,
      }),
    );
    await db.$disconnect();
    console.log(`saved the history as of ${asOf} to ${file}`);
  } finally {
    await cluster.stop();
  }
}

interface SavedHistory {
  asOf: string;
  capacity: number;
  sets: RankingHistory["sets"];
  current: NonNullable<RankingHistory["current"]>;
}

async function fitBoth(saved: SavedHistory): Promise<FitRecord[]> {
  const { fitRankings } = await import("@/lib/services/rankings/fit-rankings");
  const { rankDeployed } = await import("@/lib/scoring/ranked");
  const records: FitRecord[] = [];
  // As computeRankings does: both rankings at once (so each ranking's time is counted from the start of both).
  const t = performance.now();
  const both = fitRankings(saved.sets, { horizonWeeks: 8, contactCapacity: saved.capacity });
  for (const kind of ["candidates", "at-risk"] as const) {
    const fitted = both[kind];
    const rows = saved.current.rows.filter((r) => (kind === "candidates" ? r.inCandidates : r.inAtRisk));
    const ranked = rankDeployed(kind, fitted.deployment, fitted.model, rows, saved.current.community);
    const seconds = (performance.now() - t) / 1000;
    const record: FitRecord = {
      kind,
      method: fitted.model.method,
      lambda: fitted.model.lambda,
      deployed: fitted.deployment.ranker,
      modelVsBest: Object.values(fitted.deployment.modelVsBest).flatMap((d) => [
        d.estimate ?? NaN,
        d.low ?? NaN,
        d.high ?? NaN,
      ]),
      backtest: fitted.backtest.cutoffs.map((c) => ({
        cutoff: c.cutoff,
        lambda: c.lambda,
        auc: c.metrics.model.auc,
        p20: c.metrics.model.precisionAt20,
      })),
      weights: fitted.model.weights,
      trees: fitted.model.gbm?.trees.length ?? 0,
      top: ranked.slice(0, 20).map((m) => ({ memberId: m.memberId, score: m.score })),
    };
    const bt = record.backtest.map((c) => `${c.cutoff}:${c.lambda}:${c.auc?.toFixed(4)}`).join(" ");
    console.log(
      `${kind} ${seconds.toFixed(2)} s ${record.method} lambda ${record.lambda} deployed ${record.deployed} bt ${bt}`,
    );
    records.push(record);
  }
  return records;
}

/** Differences beyond 1e-9 relative (the same arithmetic in another order) are reported. */
function differences(before: FitRecord[], after: FitRecord[]): string[] {
  const out: string[] = [];
  const close = (a: number | null, b: number | null) =>
    a === b || (a !== null && b !== null && Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b)));
  before.forEach((b, k) => {
    const a = after[k];
    if (!a || a.kind !== b.kind) return void out.push(`${b.kind}: missing`);
    for (const field of ["method", "lambda", "deployed", "trees"] as const)
      if (a[field] !== b[field]) out.push(`${b.kind} ${field}: ${b[field]} → ${a[field]}`);
    b.backtest.forEach((c, i) => {
      const d = a.backtest[i];
      if (
        !d ||
        d.cutoff !== c.cutoff ||
        d.lambda !== c.lambda ||
        !close(c.auc, d.auc) ||
        !close(c.p20, d.p20)
      )
        out.push(`${b.kind} backtest ${c.cutoff}: ${JSON.stringify(c)} → ${JSON.stringify(d)}`);
    });
    (b.modelVsBest ?? []).forEach((v, j) => {
      if (!close(v, a.modelVsBest[j]) && !(Number.isNaN(v) && Number.isNaN(a.modelVsBest[j])))
        out.push(`${b.kind} deployment interval ${j}: ${v} → ${a.modelVsBest[j]}`);
    });
    b.weights.forEach((w, j) => {
      if (!close(w, a.weights[j])) out.push(`${b.kind} weight ${j}: ${w} → ${a.weights[j]}`);
    });
    b.top.forEach((m, i) => {
      const n = a.top[i];
      if (!n || n.memberId !== m.memberId || !close(m.score, n.score))
        out.push(`${b.kind} top ${i + 1}: ${JSON.stringify(m)} → ${JSON.stringify(n)}`);
    });
  });
  return out;
}

if (args["save-history"]) {
  if (!args.dir) throw new Error("--save-history needs --dir (a kept bench:rank cluster)");
  await saveHistory(args["save-history"], args.dir);
} else {
  if (!args.history) throw new Error("--history FILE is required (see the header of scripts/bench-fit.ts)");
  const saved = JSON.parse(await readFile(args.history, "utf8")) as SavedHistory;
  const { fitPoolStats, setFitWorker } = await import("@/lib/scoring/fit-pool");
  const { fitMemoStats, setFitMemo } = await import("@/lib/scoring/fit-memo");
  setFitWorker(!args["one-thread"]);
  setFitMemo(!args["no-memo"]);
  const repeat = Number(args.repeat);
  console.log(
    `bench:fit — history as of ${saved.asOf}, ${os.cpus().length} cores, node ${process.version}, load ${load()}`,
  );
  let records: FitRecord[] = [];
  // As computeRankings starts it beside the extraction, the worker has loaded before the fits are timed.
  if (!args["one-thread"]) {
    const { fitWorkerReady } = await import("@/lib/scoring/fit-pool");
    const alive = setInterval(() => {}, 1000); // the worker is unref'd: keep the event loop alive while it loads
    await fitWorkerReady();
    clearInterval(alive);
  }
  for (let r = 0; r < repeat; r++) {
    const cpu = process.cpuUsage();
    const t = performance.now();
    records = await fitBoth(saved);
    const used = process.cpuUsage(cpu);
    console.log(
      `total ${((performance.now() - t) / 1000).toFixed(2)} s wall, ${((used.user + used.system) / 1e6).toFixed(2)} s CPU (this process, all threads), load ${load()}`,
    );
    const pool = fitPoolStats();
    console.log(
      `  jobs (trees, folds, bootstraps): ${pool.byWorker} on the second thread, ${pool.byCaller} taken back by the caller, ${pool.inline} inline; caller blocked ${(pool.waitedMs / 1000).toFixed(2)} s`,
    );
    console.log(
      `  job time, calling thread / second thread: ${Object.entries(pool.busyMs)
        .map(([kind, ms]) => `${kind} ${(ms.caller / 1000).toFixed(2)} / ${(ms.worker / 1000).toFixed(2)} s`)
        .join(", ")}`,
    );
    const memo = fitMemoStats();
    console.log(
      `  fits kept in this process (folds, trees, models): ${memo.hits} reused, ${memo.misses} made, ${memo.entries} kept`,
    );
  }
  console.log(
    JSON.stringify(
      Object.fromEntries(records.map((r) => [r.kind, r.top.slice(0, 5).map((m) => m.memberId)])),
    ),
  );
  if (args.out) await writeFile(args.out, JSON.stringify(records, null, 1));
  if (args.compare) {
    const before = JSON.parse(await readFile(args.compare, "utf8")) as FitRecord[];
    const diff = differences(before, records);
    console.log(
      diff.length ? `DIFFERENT from ${args.compare}:\n${diff.join("\n")}` : `identical to ${args.compare}`,
    );
    if (diff.length) process.exitCode = 1;
  }
}
