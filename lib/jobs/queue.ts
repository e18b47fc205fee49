// The job queue lives in PostgreSQL (pg-boss): imports and ranking recomputes run in the worker
// process started by `npm start`, never on a timer inside the web process.
import "server-only";
import PgBoss from "pg-boss";
import { databaseUrl } from "@/lib/env";

export const QUEUES = {
  recompute: "recompute",
  recomputeFull: "recompute-full",
  importFile: "import-file",
  pageAggregates: "page-aggregates",
  connectorSync: "connector-sync",
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

const globalForBoss = globalThis as unknown as { groundswellBoss?: Promise<PgBoss> };

/**
 * A started pg-boss client. Only the worker process (`asWorker`) runs maintenance and the cron
 * scheduler; the web process just sends jobs.
 */
export function jobQueue(asWorker = false): Promise<PgBoss> {
  globalForBoss.groundswellBoss ??= (async () => {
    const boss = new PgBoss({
      connectionString: databaseUrl(),
      // Filled only as needed; the ingest API's group commit has its own pool (ingest-queue.ts).
      max: 10,
      supervise: asWorker,
      schedule: asWorker,
    });
    boss.on("error", (error: Error & { code?: string }) => {
      // 57P01: the server is shutting down (our own Ctrl-C); not worth a stack trace.
      if (error.code === "57P01") return;
      console.error("[jobs]", error.message);
    });
    await boss.start();
    for (const name of Object.values(QUEUES)) await boss.createQueue(name);
    return boss;
  })();
  return globalForBoss.groundswellBoss;
}

/** Asks the worker to recompute rollups, rankings and alerts; repeated requests collapse into one. */
export async function requestRecompute(reason: string): Promise<void> {
  const boss = await jobQueue();
  await boss.send(QUEUES.recompute, { reason }, { singletonKey: "recompute", singletonSeconds: 30 });
}

/**
 * Asks the worker to refresh the page aggregates only (a page read found them stale). Page reads
 * call this often: requests within a minute collapse into one job.
 */
export async function requestPageAggregatesRefresh(): Promise<void> {
  const boss = await jobQueue();
  await boss.send(QUEUES.pageAggregates, {}, { singletonKey: "page-aggregates", singletonSeconds: 60 });
}

/** Asks the worker to sync one connector now ("Sync now"); a request while one is queued collapses into it. */
export async function requestConnectorSync(kind: string): Promise<void> {
  const boss = await jobQueue();
  await boss.send(
    QUEUES.connectorSync,
    { kind, trigger: "manual" },
    { singletonKey: `connector-${kind}`, singletonSeconds: 10 },
  );
}

export async function stopJobQueue(): Promise<void> {
  const pending = globalForBoss.groundswellBoss;
  globalForBoss.groundswellBoss = undefined;
  if (pending) await (await pending).stop({ graceful: true, wait: true, timeout: 10_000 });
}
