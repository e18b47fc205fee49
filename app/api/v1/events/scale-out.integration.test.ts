// Two web processes and one worker against one PostgreSQL: clients spread (and retry) batches over
// both web processes with `Prefer: respond-async`; the worker drains them; every event is stored once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn, type ChildProcess } from "node:child_process";
// Aliased: the hooks lint rule reads any "use…" call as a React hook.
import { truncateAll, useTestDatabase as openTestDatabase } from "@/lib/test/db";
import { hashToken } from "@/lib/auth/api-token";
import { freePort } from "@/lib/db/embedded";
import { stopJobQueue } from "@/lib/jobs/queue";
import { INGEST_QUEUE, ingestBacklog, ingestQueue } from "@/lib/services/imports/ingest-queue";

const db = openTestDatabase();
const TOKEN = "gsw_test_scale_out_token";
const children: ChildProcess[] = [];
let ports: number[] = [];

/** One process (tsx as a loader, so a kill reaches it), resolved once it printed `ready`. */
function start(script: string, ready: RegExp, env: Record<string, string> = {}): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ["--import", "./lib/test/server-entry-hooks.mjs", "--import", "tsx", script],
    { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] },
  );
  children.push(child);
  let output = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start: ${output}`)), 90_000);
    for (const stream of [child.stdout!, child.stderr!])
      stream.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        if (ready.test(output)) {
          clearTimeout(timer);
          resolve(child);
        }
      });
    child.once("exit", (code) => reject(new Error(`${script} exited with ${code}: ${output}`)));
  });
}

beforeAll(async () => {
  await truncateAll(db);
  await (await ingestQueue()).getDb().executeSql("delete from pgboss.job where name = $1", [INGEST_QUEUE]);
  const admin = await db.adminUser.create({
    data: { email: "ops@example.org", passwordHash: "x", role: "admin" },
  });
  await db.apiToken.create({
    data: {
      name: "scale-out",
      scopes: ["events:write"],
      createdById: admin.id,
      tokenHash: hashToken(TOKEN),
      prefix: TOKEN.slice(0, 10),
    },
  });
  ports = [await freePort(), await freePort()];
  await Promise.all([
    ...ports.map((port) => start("lib/test/ingest-web-process.ts", /listening on/, { PORT: String(port) })),
    start("lib/test/worker-process.ts", /worker started/),
  ]);
}, 180_000);

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
  await Promise.all(
    children.map((c) => (c.exitCode === null ? new Promise((r) => c.once("exit", r)) : null)),
  );
  await stopJobQueue();
}, 60_000);

const event = (n: number) => ({
  source: "forum",
  external_id: `post-${n}`,
  actor_source: "forum",
  actor_external_id: `user-${n % 37}`,
  type: "message",
  occurred_at: "2026-01-05T10:00:00Z",
});

async function send(
  port: number,
  first: number,
  count: number,
): Promise<{ status: number; accepted: number; duplicates: number }> {
  const response = await fetch(`http://127.0.0.1:${port}/api/v1/events`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${TOKEN}`,
      "content-type": "application/json",
      prefer: "respond-async",
    },
    body: JSON.stringify({ events: Array.from({ length: count }, (_, i) => event(first + i)) }),
  });
  const body = (await response.json()) as { accepted?: number; duplicates?: number };
  return { status: response.status, accepted: body.accepted ?? 0, duplicates: body.duplicates ?? 0 };
}

describe("two web processes and one worker", () => {
  it("store every event accepted by either process exactly once, including batches retried on the other process", async () => {
    // 40 batches of 50 at once: batch b goes to process b % 2, and every batch is sent again to the other process (a client retry).
    const sends = Array.from({ length: 40 }, (_, b) => [
      send(ports[b % 2], b * 50, 50),
      send(ports[(b + 1) % 2], b * 50, 50),
    ]).flat();
    const results = await Promise.all(sends);
    expect(results.every((r) => r.status === 202)).toBe(true);
    expect(results.reduce((sum, r) => sum + r.accepted + r.duplicates, 0)).toBe(4000);

    const deadline = Date.now() + 90_000;
    let stored = { rows: 0, distinct: 0 };
    for (;;) {
      const [row] = await db.$queryRaw<
        { rows: number; distinct_ids: number }[]
      >`select count(*)::int as rows, count(distinct external_id)::int as distinct_ids from activity_events`;
      stored = { rows: row.rows, distinct: row.distinct_ids };
      const backlog = await ingestBacklog();
      if ((backlog.jobs === 0 && stored.rows >= 2000) || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(stored).toEqual({ rows: 2000, distinct: 2000 });
    expect(await ingestBacklog()).toMatchObject({ jobs: 0, events: 0, failedJobs: 0 });
    expect(await db.identity.count({ where: { source: "forum" } })).toBe(37);
  });
});
