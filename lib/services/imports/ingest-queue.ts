// Durable staging for the ingest API's asynchronous mode: validated events are appended to a pg-boss
// queue in PostgreSQL with group commit (concurrent requests share one insert and one WAL flush).
import "server-only";
import type PgBoss from "pg-boss";
import { jobQueue } from "@/lib/jobs/queue";
import type { ApiEvent } from "@/lib/validation/ingest-api";

/** The queue of staged API batches; ingest-drain.ts expands them into activity_events. */
export const INGEST_QUEUE = "ingest-events";

/**
 * A staged job's data: the validated events as one JSON text (a jsonb string) and their count. As a
 * string PostgreSQL stores it without building 100 jsonb objects per request (a third of the insert's
 * cost: 1.4 against 4.0 ms for 500 events), and the drainer parses it once, as it parsed the array.
 * Jobs staged before Dec 2026 hold the events as a jsonb array; both are read.
 */
export type StagedBatch = { count: number; eventsJson: string } | { events: ApiEvent[] };

/** The events of a staged job (validated before they were staged). */
export function stagedEvents(batch: StagedBatch): ApiEvent[] {
  return "eventsJson" in batch ? (JSON.parse(batch.eventsJson) as ApiEvent[]) : batch.events;
}

/** Upper bound of events in one staged job (whole requests are never split across jobs). */
export const MAX_EVENTS_PER_JOB = 2_000;
/**
 * Inserts in flight at once (pg-boss's pool in a process holds 10 connections, lib/jobs/queue.ts); while
 * they run, newly arrived requests gather into the next group, so groups grow only when the database is
 * the wait. With 3, a web process sat ~20 % idle while requests waited for a free insert (PostgreSQL
 * commits in ~1–5 ms when the disk is quiet); with 8 it reached a full core (Dec 2026, docs/benchmarks.md).
 */
const MAX_CONCURRENT_INSERTS = 8;

const QUEUE_OPTIONS = {
  // A batch the drainer cannot write is retried with exponential backoff from 5 s (12 tries span about
  // 6 to 11 hours), then left in state 'failed' (pg-boss archives it after 12 h and deletes it a week
  // later): ingestBacklog().failedJobs shows it; `boss.retry` puts it back.
  retryLimit: 12,
  retryDelay: 5,
  retryBackoff: true,
  // A drainer that dies mid-batch rolls its transaction back, so expiry is only a safety net.
  expireInSeconds: 15 * 60,
  // Waiting batches outlive a month-long worker outage.
  retentionMinutes: 60 * 24 * 30,
};

const state = globalThis as unknown as { groundswellIngestStager?: Stager };
const queueCreated = new WeakMap<PgBoss, Promise<void>>();

/** The process's started pg-boss client, with the ingest queue created (once per client). */
export async function ingestQueue(): Promise<PgBoss> {
  const boss = await jobQueue();
  let created = queueCreated.get(boss);
  if (!created) {
    created = boss.createQueue(INGEST_QUEUE, { name: INGEST_QUEUE, ...QUEUE_OPTIONS });
    queueCreated.set(boss, created);
    created.catch(() => queueCreated.delete(boss));
  }
  await created;
  return boss;
}

/** A request's events as JSON text without the array's brackets (texts of a group are joined by commas). */
type Waiter = { json: string; count: number; resolve: () => void; reject: (error: unknown) => void };

/**
 * Group commit: a request's events join the pending group; up to MAX_CONCURRENT_INSERTS groups are
 * written at once, each as one job row in one autocommitted insert, and every request of a group is
 * answered only after that insert has committed (synchronous_commit on: the WAL is on disk).
 */
class Stager {
  private pending: Waiter[] = [];
  private inFlight = 0;

  /** Serialised at once, so a request waiting for its commit holds one string, not its event objects. */
  stage(events: ApiEvent[]): Promise<void> {
    const json = JSON.stringify(events).slice(1, -1);
    return new Promise((resolve, reject) => {
      this.pending.push({ json, count: events.length, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < MAX_CONCURRENT_INSERTS && this.pending.length > 0) {
      const group: Waiter[] = [];
      let size = 0;
      while (
        this.pending.length > 0 &&
        (group.length === 0 || size + this.pending[0].count <= MAX_EVENTS_PER_JOB)
      ) {
        const next = this.pending.shift()!;
        group.push(next);
        size += next.count;
      }
      this.inFlight++;
      void this.insert(group).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  private async insert(group: Waiter[]): Promise<void> {
    try {
      const boss = await ingestQueue();
      const batch: StagedBatch = {
        count: group.reduce((sum, w) => sum + w.count, 0),
        eventsJson: `[${group.map((w) => w.json).join(",")}]`,
      };
      const id = await boss.send(INGEST_QUEUE, batch);
      if (!id) throw new Error("the ingest queue refused the batch");
      for (const w of group) w.resolve();
    } catch (error) {
      for (const w of group) w.reject(error);
    }
  }
}

/** Stages validated events durably; resolves once they are committed to the queue. */
export function stageApiEvents(events: ApiEvent[]): Promise<void> {
  state.groundswellIngestStager ??= new Stager();
  return state.groundswellIngestStager.stage(events);
}

export interface IngestBacklog {
  /** Staged batches not yet written (waiting, retrying or being written) and the events in them. */
  jobs: number;
  events: number;
  /** Batches whose retries ran out (left in state 'failed' until pg-boss archives them after 12 h). */
  failedJobs: number;
}

export async function ingestBacklog(): Promise<IngestBacklog> {
  const boss = await ingestQueue();
  const { rows } = await boss.getDb().executeSql(
    `select count(*) filter (where state < 'completed')::int as jobs,
            coalesce(sum(coalesce((data->>'count')::int, jsonb_array_length(data->'events')))
              filter (where state < 'completed'), 0)::int as events,
            count(*) filter (where state = 'failed')::int as failed_jobs
       from pgboss.job where name = $1`,
    [INGEST_QUEUE],
  );
  return { jobs: rows[0].jobs, events: rows[0].events, failedJobs: rows[0].failed_jobs };
}
