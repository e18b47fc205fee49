// Import benchmark: a temporary embedded PostgreSQL, a generated file of N events from M actors in
// one importer's format (canonical JSONL by default), imported with runImport; reports events/s and
// peak RSS (sampled). `npm run bench:import [-- --source jsonl|csv|git|github|slack|opencollective|all
// --events 2000000 --actors 50000 --keep]`
import { spawn } from "node:child_process";
import { mkdtemp, readdir, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { freePort, startEmbeddedPostgres } from "@/lib/db/embedded";
import { applyMigrations } from "@/lib/db/migrate";
import { resetEnvCache } from "@/lib/env";

const BENCH_SOURCES = ["jsonl", "csv", "git", "github", "slack", "opencollective"] as const;
const { values } = parseArgs({
  options: {
    events: { type: "string", default: "2000000" },
    actors: { type: "string", default: "50000" },
    source: { type: "string", default: "jsonl" },
    keep: { type: "boolean", default: false },
  },
});
const EVENTS = Number(values.events);
const ACTORS = Number(values.actors);
const SOURCE = values.source as (typeof BENCH_SOURCES)[number] | "all";
if (SOURCE !== "all" && !BENCH_SOURCES.includes(SOURCE))
  throw new Error(`--source must be all or one of ${BENCH_SOURCES.join(", ")}`);

/** Writes the input from a child process, so the generator's garbage never counts in the import's RSS. */
async function generate(source: string, file: string): Promise<void> {
  const child = spawn(
    path.resolve("node_modules/.bin/tsx"),
    ["scripts/bench-import-files.ts", source, file, String(EVENTS), String(ACTORS)],
    { stdio: "inherit" },
  );
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  if (code !== 0) throw new Error(`generator exited with ${code}`);
}

/** `--source all`: each importer in its own process and database, so no run inherits another's heap or tables. */
async function runAll(): Promise<void> {
  const results: string[] = [];
  for (const source of BENCH_SOURCES) {
    const child = spawn(
      process.execPath,
      [
        ...process.execArgv,
        process.argv[1],
        "--source",
        source,
        "--events",
        String(EVENTS),
        "--actors",
        String(ACTORS),
      ],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    let out = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      process.stdout.write(d);
    });
    await new Promise((resolve) => child.on("exit", resolve));
    results.push(out.split("\n").find((l) => l.startsWith("| ")) ?? `| ${source} | failed |`);
  }
  console.log(
    `\n| importer | records imported | events/s | wall time | peak RSS | RSS before |\n|---|---:|---:|---:|---:|---:|\n${results.join("\n")}`,
  );
}

async function main() {
  const dir = await mkdtemp(path.join(os.tmpdir(), "groundswell-bench-"));
  const cluster = await startEmbeddedPostgres({
    dir: path.join(dir, "pg"),
    port: await freePort(),
    database: "bench",
  });
  try {
    await applyMigrations(cluster.url);
    process.env.DATABASE_URL = cluster.url;
    resetEnvCache();
    const file = path.join(dir, SOURCE === "slack" ? "slack-export" : `input.${SOURCE}`);
    console.log(
      `Generating ${EVENTS.toLocaleString()} ${SOURCE} events from ${ACTORS.toLocaleString()} actors…`,
    );
    await generate(SOURCE, file);
    const bytes = SOURCE === "slack" ? await folderBytes(file) : (await stat(file)).size;
    console.log(`  ${file}: ${(bytes / 1024 ** 2).toFixed(0)} MB`);
    const { runImport } = await import("@/lib/services/imports/run-import");
    const { db } = await import("@/lib/db/client");
    const startRss = process.memoryUsage().rss;
    let peakRss = startRss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
    const started = performance.now();
    let last = 0;
    const summary = await runImport({
      source: SOURCE as Exclude<typeof SOURCE, "all">,
      file,
      onProgress: (p) => {
        if (performance.now() - last < 5000) return;
        last = performance.now();
        console.log(
          `  ${p.imported.toLocaleString()} imported, ${(p.imported / ((last - started) / 1000)).toFixed(0)} events/s, rss ${(process.memoryUsage().rss / 1024 ** 2).toFixed(0)} MB, heap ${(process.memoryUsage().heapUsed / 1024 ** 2).toFixed(0)} MB, external ${(process.memoryUsage().external / 1024 ** 2).toFixed(0)} MB`,
        );
      },
    });
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    const rows = await db.$queryRaw<
      { events: number; members: number }[]
    >`select (select count(*)::int from activity_events) events, (select count(*)::int from members) members`;
    console.log(
      `\nImported ${summary.imported.toLocaleString()} events (${rows[0].events.toLocaleString()} rows, ${rows[0].members.toLocaleString()} members) in ${seconds.toFixed(1)} s`,
    );
    console.log(
      `  ${(summary.imported / seconds).toFixed(0)} events/s, peak RSS ${(peakRss / 1024 ** 2).toFixed(0)} MB (${(startRss / 1024 ** 2).toFixed(0)} MB before the import), ${os.cpus().length} CPUs, ${(bytes / 1024 ** 2).toFixed(0)} MB input`,
    );
    if (summary.status !== "succeeded") console.log(`  FAILED: ${summary.error}`);
    const mb = (n: number) => `${(n / 1024 ** 2).toFixed(0)} MB`;
    console.log(
      `| ${SOURCE} | ${summary.imported.toLocaleString()} | ${(summary.imported / seconds).toFixed(0)} | ${seconds.toFixed(1)} s | ${mb(peakRss)} | ${mb(startRss)} |`,
    );
    await db.$disconnect();
  } finally {
    await cluster.stop();
    if (!values.keep) await rm(dir, { recursive: true, force: true });
  }
}

async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true }))
    if (entry.isFile()) total += (await stat(path.join(entry.parentPath, entry.name))).size;
  return total;
}

await (SOURCE === "all" ? runAll() : main());
