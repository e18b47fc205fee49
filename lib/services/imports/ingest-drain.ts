// The ingest queue's drainer: takes staged API batches oldest first and writes their identities and
// events in one transaction that also deletes the jobs, so a batch is written once or not at all.
import "server-only";
import type PgBoss from "pg-boss";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { writeRecords } from "@/lib/ingest/persist/records";
import { apiEventsToRecords } from "./ingest-events";
import { INGEST_QUEUE, ingestQueue, stagedEvents, type StagedBatch } from "./ingest-queue";
import { newIdentityResolver } from "./resolver";
import { requestRecompute } from "@/lib/jobs/queue";
import { isDatabaseShutdownError } from "@/lib/db/shutdown-errors";

type Tx = Prisma.TransactionClient;

/** Jobs written per transaction (each holds at most MAX_EVENTS_PER_JOB events). */
const JOBS_PER_TRANSACTION = 20;
const IDLE_POLL_MS = 250;

export interface DrainSummary {
  transactions: number;
  jobs: number;
  events: number;
  /** Jobs that failed on their own and were handed back to pg-boss for a later retry. */
  failedJobs: number;
}

/**
 * Runs pg-boss's statements on the transaction's connection, so fetch, writes and delete commit together.
 * The one raw-text call here: the SQL is pg-boss's own, with its own numbered parameters.
 */
function onTransaction(tx: Tx): PgBoss.Db {
  return {
    executeSql: async (text, values) => ({
      rows: await tx.$queryRawUnsafe<unknown[]>(text, ...(values ?? [])),
    }),
  };
}

/**
 * Writes up to `limit` staged jobs in one transaction. A crash anywhere rolls everything back and the
 * jobs stay queued; a retried job is harmless anyway (events are idempotent by source + external id).
 * Asynchronous commit is safe here: nothing outside the database learns of this commit, and losing
 * it in a crash also loses the jobs' deletion.
 */
async function writeJobs(
  boss: PgBoss,
  limit: number,
  taken: string[],
): Promise<{ jobs: number; events: number }> {
  return db.$transaction(
    async (tx) => {
      const jobs = await boss.fetch<StagedBatch>(INGEST_QUEUE, { batchSize: limit, db: onTransaction(tx) });
      if (jobs.length === 0) return { jobs: 0, events: 0 };
      taken.push(...jobs.map((j) => j.id));
      await tx.$executeRaw`set local synchronous_commit = off`;
      const events = jobs.flatMap((j) => stagedEvents(j.data));
      await writeRecords(tx, newIdentityResolver(), apiEventsToRecords(events));
      await boss.deleteJob(
        INGEST_QUEUE,
        jobs.map((j) => j.id),
        { db: onTransaction(tx) },
      );
      return { jobs: jobs.length, events: events.length };
    },
    { maxWait: 30_000, timeout: 10 * 60_000 },
  );
}

/**
 * Drains what is ready now (not batches waiting out a retry delay) and returns. After a failing
 * transaction of several jobs it goes on one job at a time, so only the job that fails alone is
 * handed back to pg-boss (retried with backoff, then kept as failed).
 */
export async function drainIngestQueue(
  opts: { maxTransactions?: number; log?: (line: string) => void } = {},
): Promise<DrainSummary> {
  const boss = await ingestQueue();
  const summary: DrainSummary = { transactions: 0, jobs: 0, events: 0, failedJobs: 0 };
  let singlesLeft = 0;
  while (summary.transactions < (opts.maxTransactions ?? Infinity)) {
    const limit = singlesLeft > 0 ? 1 : JOBS_PER_TRANSACTION;
    const taken: string[] = [];
    try {
      const written = await writeJobs(boss, limit, taken);
      if (written.jobs === 0) break;
      summary.transactions++;
      summary.jobs += written.jobs;
      summary.events += written.events;
      singlesLeft = Math.max(0, singlesLeft - 1);
    } catch (error) {
      if (taken.length === 0) throw error;
      if (taken.length > 1) {
        singlesLeft = taken.length;
        continue;
      }
      const message = error instanceof Error ? error.message : String(error);
      opts.log?.(`[ingest] staged batch ${taken[0]} failed, retried later: ${message}`);
      await boss.fail(INGEST_QUEUE, taken[0], { message });
      summary.failedJobs++;
      singlesLeft = Math.max(0, singlesLeft - 1);
    }
  }
  return summary;
}

const drainer = globalThis as unknown as { groundswellIngestDrainer?: { stop: () => Promise<void> } };

/** Drains the ingest queue continuously (polling every 250 ms when idle) until the returned stop() is awaited. */
export function startIngestDrainer(log: (line: string) => void): { stop: () => Promise<void> } {
  if (drainer.groundswellIngestDrainer) return drainer.groundswellIngestDrainer;
  let stopping = false;
  let wake: (() => void) | undefined;
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  const loop = (async () => {
    while (!stopping) {
      try {
        const done = await drainIngestQueue({ log });
        if (done.events > 0) {
          log(`[ingest] wrote ${done.events} events from ${done.jobs} staged batches`);
          // The recompute pipeline runs as its own job (requests within 30 s collapse into one).
          await requestRecompute("ingest api (queued)");
        }
        if (done.jobs === 0 && !stopping) await pause(IDLE_POLL_MS);
      } catch (error) {
        // Our own Ctrl-C stops PostgreSQL while this loop polls: not a failure worth a line.
        if (!stopping && !isDatabaseShutdownError(error))
          log(
            `[ingest] drain failed, retrying in 5 s: ${error instanceof Error ? error.message : String(error)}`,
          );
        if (!stopping) await pause(5_000);
      }
    }
  })();
  const handle = {
    stop: async () => {
      stopping = true;
      wake?.();
      await loop;
      drainer.groundswellIngestDrainer = undefined;
    },
  };
  drainer.groundswellIngestDrainer = handle;
  return handle;
}
