// Import benchmark: a temporary embedded PostgreSQL, a generated canonical JSONL file of N events
// from M actors on disk, imported with runImport; reports events/s and peak RSS (sampled).
// `npm run bench:import [-- --events 2000000 --actors 50000 --keep]`
import { spawn } from "node:child_process";
import { mkdtemp, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { freePort, startEmbeddedPostgres } from "@/lib/db/embedded";
import { applyMigrations } from "@/lib/db/migrate";
import { resetEnvCache } from "@/lib/env";

const { values } = parseArgs({ options: { events: { type: "string", default: "2000000" }, actors: { type: "string", default: "50000" }, keep: { type: "boolean", default: false } } });
const EVENTS = Number(values.events);
const ACTORS = Number(values.actors);
const TYPES = ["message", "thread_reply", "reaction", "forum_post", "pr_opened", "issue_comment", "commit"];

/** Writes the file from a child process, so the generator's garbage never counts in the import's RSS. */
async function generate(file: string): Promise<void> {
  const script = `
    const fs = require("node:fs");
    const [file, EVENTS, ACTORS, TYPES] = [process.argv[1], Number(process.argv[2]), Number(process.argv[3]), process.argv[4].split(",")];
    const out = fs.createWriteStream(file, { highWaterMark: 1 << 20 });
    const start = Date.parse("2024-06-01T00:00:00Z");
    (async () => {
      let chunk = "";
      for (let i = 0; i < EVENTS; i++) {
        // A skewed mix: a few very active actors, a long tail (as real communities are).
        const actor = Math.floor(ACTORS * Math.pow(((i * 2654435761) % 4294967296) / 4294967296, 2));
        const at = new Date(start + Math.floor((i / EVENTS) * 540 * 86400000)).toISOString();
        chunk += '{"kind":"event","source":"bench","external_id":"ev-' + i + '","actor_source":"bench","actor_external_id":"user-' + actor +
          '","type":"' + TYPES[i % TYPES.length] + '","occurred_at":"' + at + '","channel":"c' + (i % 40) + '","properties":{"n":' + (i % 97) + '}}\\n';
        if (chunk.length > 1 << 20) {
          if (!out.write(chunk)) await new Promise((r) => out.once("drain", r));
          chunk = "";
        }
      }
      out.end(chunk);
    })();`;
  const child = spawn(process.execPath, ["-e", script, file, String(EVENTS), String(ACTORS), TYPES.join(",")], { stdio: "inherit" });
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  if (code !== 0) throw new Error(`generator exited with ${code}`);
}

async function main() {
  const dir = await mkdtemp(path.join(os.tmpdir(), "groundswell-bench-"));
  const cluster = await startEmbeddedPostgres({ dir: path.join(dir, "pg"), port: await freePort(), database: "bench" });
  try {
    await applyMigrations(cluster.url);
    process.env.DATABASE_URL = cluster.url;
    resetEnvCache();
    const file = path.join(dir, "events.jsonl");
    console.log(`Generating ${EVENTS.toLocaleString()} events from ${ACTORS.toLocaleString()} actors…`);
    await generate(file);
    const bytes = (await stat(file)).size;
    console.log(`  ${file}: ${(bytes / 1024 ** 2).toFixed(0)} MB`);
    const { runImport } = await import("@/lib/services/imports/run-import");
    const { db } = await import("@/lib/db/client");
    const startRss = process.memoryUsage().rss;
    let peakRss = startRss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
    const started = performance.now();
    let last = 0;
    const summary = await runImport({
      source: "jsonl",
      file,
      onProgress: (p) => {
        if (performance.now() - last < 5000) return;
        last = performance.now();
        console.log(`  ${p.imported.toLocaleString()} imported, ${(p.imported / ((last - started) / 1000)).toFixed(0)} events/s, rss ${(process.memoryUsage().rss / 1024 ** 2).toFixed(0)} MB, heap ${(process.memoryUsage().heapUsed / 1024 ** 2).toFixed(0)} MB, external ${(process.memoryUsage().external / 1024 ** 2).toFixed(0)} MB`);
      },
    });
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    const rows = await db.$queryRaw<{ events: number; members: number }[]>`select (select count(*)::int from activity_events) events, (select count(*)::int from members) members`;
    console.log(`\nImported ${summary.imported.toLocaleString()} events (${rows[0].events.toLocaleString()} rows, ${rows[0].members.toLocaleString()} members) in ${seconds.toFixed(1)} s`);
    console.log(`  ${(summary.imported / seconds).toFixed(0)} events/s, peak RSS ${(peakRss / 1024 ** 2).toFixed(0)} MB (${(startRss / 1024 ** 2).toFixed(0)} MB before the import), ${os.cpus().length} CPUs, ${(bytes / 1024 ** 2).toFixed(0)} MB file`);
    await db.$disconnect();
  } finally {
    await cluster.stop();
    if (!values.keep) await rm(dir, { recursive: true, force: true });
  }
}

await main();
