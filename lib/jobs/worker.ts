// The worker half of the job queue, run inside the `npm start` launcher process (and by the CLI's
// `worker` command): recompute after imports and every hour; drain the ingest API's queued events.
import "server-only";
import { jobQueue, QUEUES, requestRecompute, stopJobQueue } from "./queue";
import { runPipeline } from "@/lib/services/pipeline";
import { refreshPageAggregates } from "@/lib/services/page-aggregates";
import { runImportInChild } from "./import-process";
import type { ImportJob } from "@/lib/services/imports/upload";
import { startIngestDrainer } from "@/lib/services/imports/ingest-drain";
import { startHeartbeat } from "@/lib/services/heartbeat";
import { pinReadsToPrimary } from "@/lib/db/client";
import { runConnectorJob, type ConnectorJob } from "@/lib/services/connectors/job";
import { env } from "@/lib/env";

let ingestDrainer: { stop: () => Promise<void> } | undefined;
let heartbeat: { stop: () => Promise<void> } | undefined;

export async function startWorker(log: (line: string) => void): Promise<void> {
  // Jobs read what they then write (aggregates, rankings): never from a replica that may lag.
  pinReadsToPrimary();
  const boss = await jobQueue(true);
  await boss.work<{ reason?: string; full?: boolean }>(QUEUES.recompute, async ([job]) => {
    await runPipeline({
      reason: job?.data?.reason ?? "requested",
      full: job?.data?.full,
      log: (line) => log(`[recompute] ${line}`),
    });
  });
  // Uploaded files from the Imports page: one at a time, then a recompute (collapsed by its singleton key).
  await boss.work<ImportJob>(QUEUES.importFile, { batchSize: 1 }, async (jobs) => {
    for (const job of jobs) {
      // In a child process: a file that crashes the importer must not take the worker down.
      const summary = await runImportInChild(job.data);
      log(
        `[import] #${job.data.importRunId} ${job.data.source} ${job.data.fileName}: ${summary.status}, ${summary.imported} imported, ${summary.quarantined} quarantined`,
      );
      await requestRecompute(`import #${job.data.importRunId}`);
    }
  });
  await boss.schedule(QUEUES.recompute, "0 * * * *", { reason: "hourly" });
  // A nightly full rebuild as a safety net for anything the incremental rollups could miss.
  await boss.schedule(QUEUES.recomputeFull, "30 3 * * *", { reason: "nightly", full: true });
  await boss.work<{ reason?: string }>(QUEUES.recomputeFull, async () => {
    await runPipeline({
      reason: "nightly full rebuild",
      full: true,
      log: (line) => log(`[recompute:full] ${line}`),
    });
  });
  // A page read found the aggregates stale: refresh them (reads never compute in the web process).
  await boss.work(QUEUES.pageAggregates, async () => {
    const a = await refreshPageAggregates();
    log(`[page aggregates] refreshed as of ${a.asOf.slice(0, 10)}`);
  });
  // Live connectors (Slack, GitHub, Discourse): on a schedule and on demand, one sync at a time.
  await boss.work<ConnectorJob>(QUEUES.connectorSync, { batchSize: 1 }, async (jobs) => {
    for (const job of jobs) await runConnectorJob(job.data, log);
  });
  await boss.schedule(QUEUES.connectorSync, env().CONNECTOR_SYNC_CRON, { kind: "all", trigger: "schedule" });
  // Events the ingest API accepted with `Prefer: respond-async`, written each exactly once.
  ingestDrainer = startIngestDrainer(log);
  // /api/health answers 503 once this stops beating (the worker died).
  heartbeat = startHeartbeat();
}

export async function stopWorker(): Promise<void> {
  await heartbeat?.stop();
  heartbeat = undefined;
  await ingestDrainer?.stop();
  ingestDrainer = undefined;
  await stopJobQueue();
}
