// The ingest API's asynchronous path against a real pg-boss queue: group commit, exactly-once
// drain (re-staged and concurrent batches), a batch that cannot be written isolated and kept.
import { afterAll, beforeEach, describe, expect, it } from "vitest";
// Aliased: the hooks lint rule reads any "use…" call as a React hook.
import { truncateAll, useTestDatabase as openTestDatabase } from "@/lib/test/db";
import { stopJobQueue } from "@/lib/jobs/queue";
import { acceptApiEvents } from "./ingest-events";
import { INGEST_QUEUE, ingestBacklog, ingestQueue } from "./ingest-queue";
import { drainIngestQueue, startIngestDrainer } from "./ingest-drain";
import { evaluateAlerts } from "@/lib/services/alerts";

const db = openTestDatabase();
const clearQueue = async () =>
  (await ingestQueue()).getDb().executeSql("delete from pgboss.job where name = $1", [INGEST_QUEUE]);
beforeEach(async () => {
  await truncateAll(db);
  await clearQueue();
});
afterAll(async () => {
  await clearQueue();
  await stopJobQueue();
});

const event = (n: number, extra: Record<string, unknown> = {}) => ({
  source: "forum",
  external_id: `post-${n}`,
  actor_source: "forum",
  actor_external_id: `user-${n % 7}`,
  type: "message",
  occurred_at: "2026-01-05T10:00:00Z",
  ...extra,
});
/** As the route does: the items parsed from the body's bytes, and the bytes themselves. */
const acceptAsSent = (events: unknown[]) => {
  const bytes = Buffer.from(JSON.stringify({ events }));
  return acceptApiEvents((JSON.parse(bytes.toString("utf8")) as { events: unknown[] }).events, bytes);
};
const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => event(from + i));
const stored = async () => {
  const [row] = await db.$queryRaw<
    { n: bigint; distinct_ids: bigint }[]
  >`select count(*) n, count(distinct external_id) distinct_ids from activity_events`;
  return { rows: Number(row.n), distinct: Number(row.distinct_ids) };
};

describe("ingest queue", () => {
  it("acknowledges after staging, writes nothing until drained, then stores each event once", async () => {
    const result = await acceptAsSent([...range(0, 5), event(2), { source: "forum" }]);
    expect(result).toEqual({
      accepted: 5,
      duplicates: 1,
      invalid: 1,
      rejected: [
        { index: 5, status: "duplicate" },
        { index: 6, status: "invalid", error: expect.stringMatching(/^external_id: /) },
      ],
    });
    expect(await stored()).toEqual({ rows: 0, distinct: 0 });
    expect(await ingestBacklog()).toMatchObject({ jobs: 1, events: 5 });
    // Staged as one JSON text (a jsonb string) holding the request as it came, not as 5 jsonb objects.
    const [staged] = await (
      await ingestQueue()
    )
      .getDb()
      .executeSql(
        `select jsonb_typeof(data->'requestsJson') as kind, (data->>'count')::int as count, retry_limit from pgboss.job where name = $1`,
        [INGEST_QUEUE],
      )
      .then((r) => r.rows);
    expect(staged).toEqual({ kind: "string", count: 5, retry_limit: 12 });

    const drained = await drainIngestQueue();
    expect(drained).toMatchObject({ jobs: 1, events: 5, failedJobs: 0 });
    expect(await stored()).toEqual({ rows: 5, distinct: 5 });
    expect(await ingestBacklog()).toMatchObject({ jobs: 0, events: 0 });
    // Actors resolved as the synchronous path does: five posts by five of the seven users.
    expect(await db.identity.count({ where: { source: "forum" } })).toBe(5);
  });

  it("stores a staged request's accepted items as the item check left them: trimmed, known fields only", async () => {
    const body = JSON.stringify({
      events: [
        { ...event(1), type: "  reply  ", channel: " #general ", unknown_field: "x".repeat(1000) },
        { ...event(2), occurred_at: "yesterday" },
        event(3),
      ],
    });
    const sent = Buffer.from(body);
    expect(await acceptApiEvents(JSON.parse(body).events, sent)).toMatchObject({ accepted: 2, invalid: 1 });
    // Bytes that are not UTF-8 (PostgreSQL text refuses them): the accepted events are serialised instead.
    const broken = Buffer.concat([
      Buffer.from(`${JSON.stringify({ events: [event(4)] }).slice(0, -3)},"channel":"a`),
      Buffer.from([0xff]),
      Buffer.from('"}]}'),
    ]);
    expect(await acceptApiEvents(JSON.parse(broken.toString("utf8")).events, broken)).toMatchObject({
      accepted: 1,
    });
    await drainIngestQueue();
    const rows = await db.activityEvent.findMany({ orderBy: { externalId: "asc" } });
    expect(rows.map((r) => [r.externalId, r.type, r.channel])).toEqual([
      ["post-1", "reply", "#general"],
      ["post-3", "message", null],
      ["post-4", "message", "a\uFFFD"],
    ]);
  });

  it("coalesces concurrent requests into fewer jobs and stores re-sent events once", async () => {
    // 40 requests at once, half of them repeating another request's events (a client retrying).
    const requests = Array.from({ length: 40 }, (_, r) => acceptAsSent(range((r % 20) * 100, 100)));
    const results = await Promise.all(requests);
    expect(results.every((r) => r.accepted === 100)).toBe(true);
    const backlog = await ingestBacklog();
    expect(backlog.events).toBe(4000);
    expect(backlog.jobs).toBeLessThan(40);
    await drainIngestQueue();
    expect(await stored()).toEqual({ rows: 2000, distinct: 2000 });
  });

  it("keeps staged batches across a drainer that fails mid-batch, and isolates a batch that cannot be written", async () => {
    await acceptApiEvents(range(0, 10));
    // A staged job the writer rejects (occurred_at cannot be stored): it must not take the others down.
    // It is in the form staged before Dec 2026 (a jsonb array), which the drainer and the backlog still read,
    // as they read round 5's form (the validated events as one JSON text).
    const boss = await ingestQueue();
    await boss.send(INGEST_QUEUE, { events: [event(500, { occurred_at: "not a date" })] });
    await boss.send(INGEST_QUEUE, { count: 1, eventsJson: JSON.stringify([event(600)]) });
    await acceptAsSent(range(10, 10));

    const drained = await drainIngestQueue();
    expect(drained).toMatchObject({ jobs: 3, events: 21, failedJobs: 1 });
    expect(await stored()).toEqual({ rows: 21, distinct: 21 });
    // The bad batch waits for its retry (kept, not dropped), and nothing of it was written.
    const [job] = await boss
      .getDb()
      .executeSql(`select state, retry_count from pgboss.job where name = $1`, [INGEST_QUEUE])
      .then((r) => r.rows);
    expect(job.state).toBe("retry");
    expect(await ingestBacklog()).toMatchObject({ jobs: 1, events: 1 });
    // Admins hear of it: one alert a day while a batch cannot be written.
    await evaluateAlerts({ mailer: null });
    await evaluateAlerts({ mailer: null });
    const alerts = await db.alert.findMany({ where: { kind: "ingest_failed" } });
    expect(alerts).toHaveLength(1);
    expect(alerts[0].message).toMatch(/^1 batch accepted by the ingest API could not be written/);
  });

  it("drains continuously in the background until stopped", async () => {
    const lines: string[] = [];
    const drainer = startIngestDrainer((line) => lines.push(line));
    try {
      await acceptApiEvents(range(0, 30));
      await acceptApiEvents(range(30, 30));
      const until = Date.now() + 10_000;
      while ((await stored()).rows < 60 && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    } finally {
      await drainer.stop();
    }
    expect(await stored()).toEqual({ rows: 60, distinct: 60 });
    expect(lines.join("\n")).toMatch(/wrote \d+ events/);
  });
});
