// Durable staging for the ingest API's asynchronous mode: validated requests are appended to a pg-boss
// queue in PostgreSQL with group commit (concurrent requests share one insert and one WAL flush).
import "server-only";
import { isUtf8 } from "node:buffer";
import pg from "pg";
import type PgBoss from "pg-boss";
import { databaseUrl } from "@/lib/env";
import { jobQueue } from "@/lib/jobs/queue";
import { parseApiEvents, type ApiEvent } from "@/lib/validation/ingest-api";

/** The queue of staged API batches; ingest-drain.ts expands them into activity_events. */
export const INGEST_QUEUE = "ingest-events";

/**
 * A staged job's data. Since Dec 2026 (round 6): `requestsJson`, one JSON text (a jsonb string) of the
 * group's requests as they arrived, `[{ "skip": [indexes not accepted], "body": <the request's own body> }, …]`:
 * the web process sends the bytes it read, so it neither serialises the events again nor escapes them
 * into a JSON string, and a request waiting for its commit holds only its body's bytes (off the V8 heap).
 * The drainer parses the text once and runs each accepted item through the same item check again (it
 * trims; a later clock only widens the date range). Older jobs hold `eventsJson` (the validated events
 * as one JSON text) or `events` (a jsonb array); all three are read.
 */
export type StagedBatch =
  { count: number; requestsJson: string } | { count: number; eventsJson: string } | { events: ApiEvent[] };

/** One staged request as the drainer reads it back. */
type StagedRequest = { skip: number[]; body: { events: unknown[] } };

/** The events of a staged job (validated before they were staged). */
export function stagedEvents(batch: StagedBatch): ApiEvent[] {
  if ("events" in batch) return batch.events;
  if ("eventsJson" in batch) return JSON.parse(batch.eventsJson) as ApiEvent[];
  const requests = JSON.parse(batch.requestsJson) as StagedRequest[];
  return requests.flatMap(({ skip, body }) => {
    const skipped = new Set(skip);
    const items = body.events.filter((_, index) => !skipped.has(index));
    return parseApiEvents(items).map((parsed) => {
      // Accepted once, so only a changed item check could refuse it now: the job fails and is kept.
      if (!parsed.success)
        throw new Error(`a staged item no longer passes the item check: ${parsed.error.message}`);
      return parsed.data;
    });
  });
}

/** Upper bounds of one staged job, in events and in bytes (whole requests are never split across jobs). */
export const MAX_EVENTS_PER_JOB = 2_000;
const MAX_BYTES_PER_JOB = 16 * 1024 * 1024;
/**
 * Inserts in flight at once, each on its own connection of the staging pool; while they run, newly
 * arrived requests gather into the next group, so groups grow only when the database is the wait.
 * With 3, a web process sat ~20 % idle while requests waited for a free insert (PostgreSQL commits in
 * ~1–5 ms when the disk is quiet); with 8 it reached a full core (Dec 2026, docs/benchmarks.md).
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

const state = globalThis as unknown as { groundswellIngestStager?: Stager; groundswellStagingPool?: pg.Pool };

/**
 * The staging inserts' own connections, so the insert can be a prepared statement (pg-boss's pool runs
 * unnamed ones): PostgreSQL then skips parsing and planning it, 0.15 of its 0.55 ms of CPU an insert.
 */
function stagingPool(): pg.Pool {
  return (state.groundswellStagingPool ??= new pg.Pool({
    connectionString: databaseUrl(),
    max: MAX_CONCURRENT_INSERTS,
    application_name: "groundswell ingest staging",
    // Idle connections never hold a process open (tests, CLI).
    allowExitOnIdle: true,
  }));
}
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

/** A staged request: its JSON text with the indexes of items not accepted, the count accepted. */
type Waiter = { text: Buffer; count: number; resolve: () => void; reject: (error: unknown) => void };

/**
 * pg-boss's own insert (manager.createJob) with the queue's options, but with the data built by
 * PostgreSQL from the group's text: pg-boss would JSON-escape the text into a parameter, a third of
 * the staging's cost in the web process. The text goes as bytes (a Buffer is a binary parameter;
 * text's binary form is its UTF-8 bytes, which PostgreSQL checks).
 */
const INSERT_STAGED_JOB = `
  insert into pgboss.job (name, data, retry_limit, retry_delay, retry_backoff, expire_in, keep_until, dead_letter, policy)
  select q.name, jsonb_build_object('count', $2::int, 'requestsJson', $3::text),
         q.retry_limit, q.retry_delay, q.retry_backoff, q.expire_seconds * interval '1 second',
         now() + q.retention_minutes * interval '1 minute', q.dead_letter, q.policy
    from pgboss.queue q
   where q.name = $1
  returning id`;

const OPEN = Buffer.from("[");
const COMMA = Buffer.from(",");
const CLOSE = Buffer.from("]");

/**
 * Group commit: a request's text joins the pending group; up to MAX_CONCURRENT_INSERTS groups are
 * written at once, each as one job row in one autocommitted insert, and every request of a group is
 * answered only after that insert has committed (synchronous_commit on: the WAL is on disk).
 */
class Stager {
  private pending: Waiter[] = [];
  private inFlight = 0;

  stage(text: Buffer, count: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ text, count, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < MAX_CONCURRENT_INSERTS && this.pending.length > 0) {
      const group: Waiter[] = [];
      let events = 0;
      let bytes = 0;
      while (
        this.pending.length > 0 &&
        (group.length === 0 ||
          (events + this.pending[0].count <= MAX_EVENTS_PER_JOB &&
            bytes + this.pending[0].text.length <= MAX_BYTES_PER_JOB))
      ) {
        const next = this.pending.shift()!;
        group.push(next);
        events += next.count;
        bytes += next.text.length;
      }
      this.inFlight++;
      void this.insert(group, events).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  private async insert(group: Waiter[], count: number): Promise<void> {
    try {
      await ingestQueue(); // the queue exists (created once per process)
      const parts = group.flatMap((w, i) => (i === 0 ? [w.text] : [COMMA, w.text]));
      const text = Buffer.concat([OPEN, ...parts, CLOSE]);
      const { rows } = await stagingPool().query({
        name: "groundswell-stage-ingest",
        text: INSERT_STAGED_JOB,
        values: [INGEST_QUEUE, count, text],
      });
      if (rows.length !== 1) throw new Error("the ingest queue refused the batch");
      for (const w of group) w.resolve();
    } catch (error) {
      for (const w of group) w.reject(error);
    }
  }
}

/**
 * Stages one request's accepted items durably; resolves once committed to the queue. `body` is the
 * request's own JSON text (`{ "events": [...] }`) when it is valid UTF-8 (PostgreSQL text must be), and
 * `skip` the indexes of its items not accepted; otherwise the accepted events are serialised here.
 */
export function stageApiRequest(accepted: ApiEvent[], skip: number[], body?: Uint8Array): Promise<void> {
  const raw = body && isUtf8(body);
  const request = Buffer.concat([
    Buffer.from(`{"skip":${raw ? JSON.stringify(skip) : "[]"},"body":`),
    raw ? body : Buffer.from(JSON.stringify({ events: accepted })),
    CLOSE_OBJECT,
  ]);
  state.groundswellIngestStager ??= new Stager();
  return state.groundswellIngestStager.stage(request, accepted.length);
}
const CLOSE_OBJECT = Buffer.from("}");

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
