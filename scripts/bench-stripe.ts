// Stripe events import benchmark: a temporary embedded PostgreSQL, a generated events file
// (scripts/bench-stripe-data.ts, in a child process so its garbage never counts), imported with
// runImport exactly as `npm run cli -- import stripe-events` does, then imported again (all duplicates).
// Reports events/s and peak RSS (sampled every 100 ms). `npm run bench:stripe [-- --events 200000 --keep]`
import { spawn } from "node:child_process";
import { stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { withBenchDatabase } from "./bench-database";
import { postgresCpuSeconds, postmasterOf } from "./bench-cpu";

const { values } = parseArgs({
  options: { events: { type: "string", default: "200000" }, keep: { type: "boolean", default: false } },
});
const EVENTS = Number(values.events);

async function generate(file: string): Promise<void> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "scripts/bench-stripe-data.ts", file, String(EVENTS)],
    { stdio: "inherit" },
  );
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  if (code !== 0) throw new Error(`generator exited with ${code}`);
}

async function main() {
  await withBenchDatabase(
    "bench-stripe",
    async ({ dir }) => {
      const file = path.join(dir, "events.jsonl");
      console.log(`Generating ${EVENTS.toLocaleString()} Stripe events…`);
      await generate(file);
      const bytes = (await stat(file)).size;
      console.log(`  ${file}: ${(bytes / 1024 ** 2).toFixed(0)} MB`);
      const { runImport } = await import("@/lib/services/imports/run-import");
      const { db } = await import("@/lib/db/client");
      const [backend] = await db.$queryRaw<{ pid: number }[]>`select pg_backend_pid() as pid`;
      const postmaster = postmasterOf(backend.pid);
      for (const label of ["first import", "re-import (every event a duplicate)"]) {
        const startRss = process.memoryUsage().rss;
        const nodeCpuBefore = process.cpuUsage();
        const pgCpuBefore = postgresCpuSeconds(postmaster);
        let peakRss = startRss;
        const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
        const started = performance.now();
        const summary = await runImport({ source: "stripe-events", file });
        const seconds = (performance.now() - started) / 1000;
        clearInterval(sampler);
        const nodeCpu = process.cpuUsage(nodeCpuBefore);
        const nodeSeconds = (nodeCpu.user + nodeCpu.system) / 1e6;
        const pgSeconds = postgresCpuSeconds(postmaster) - pgCpuBefore;
        peakRss = Math.max(peakRss, process.memoryUsage().rss);
        const [rows] = await db.$queryRaw<
          { subs: number; changes: number; payments: number; members: number }[]
        >`
        select (select count(*)::int from subscriptions) subs, (select count(*)::int from subscription_changes) changes,
               (select count(*)::int from payments) payments, (select count(*)::int from members) members`;
        console.log(
          `\n${label}: ${summary.read.toLocaleString()} events read (${summary.imported.toLocaleString()} applied, ${summary.duplicates.toLocaleString()} duplicates, ${summary.quarantined} quarantined) in ${seconds.toFixed(1)} s`,
        );
        console.log(
          `  outcomes ${JSON.stringify((summary.extra as { outcomes?: unknown } | undefined)?.outcomes ?? {})}; rows: ${JSON.stringify(rows)}`,
        );
        console.log(
          `  CPU: Node ${nodeSeconds.toFixed(1)} s + PostgreSQL ${pgSeconds.toFixed(1)} s = ${(summary.read / (nodeSeconds + pgSeconds)).toFixed(0)} events per CPU-second; load average ${os.loadavg()[0].toFixed(1)}`,
        );
        console.log(
          `  ${(summary.read / seconds).toFixed(0)} events/s, peak RSS ${(peakRss / 1024 ** 2).toFixed(0)} MB (${(startRss / 1024 ** 2).toFixed(0)} MB before), ${os.cpus().length} CPUs, ${(bytes / 1024 ** 2).toFixed(0)} MB file`,
        );
      }
      await db.$disconnect();
    },
    { keep: values.keep },
  );
}

await main();
