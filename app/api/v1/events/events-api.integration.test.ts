// The ingest API end to end through its route handler: token auth and scope, per-item results,
// idempotency by (source, external_id), actor identities joined by email, malformed bodies, and
// the asynchronous mode (Prefer: respond-async → 202, queued, then written once by the drainer).
import { afterAll, beforeEach, describe, expect, it } from "vitest";
// Aliased: the hooks lint rule reads any "use…" call as a React hook.
import { truncateAll, useTestDatabase as openTestDatabase } from "@/lib/test/db";
import { forgetVerifiedTokens, hashToken } from "@/lib/auth/api-token";
import { revokeApiToken } from "@/lib/services/api-tokens";
import { stopJobQueue } from "@/lib/jobs/queue";
import { drainIngestQueue } from "@/lib/services/imports/ingest-drain";
import { INGEST_QUEUE, ingestBacklog, ingestQueue } from "@/lib/services/imports/ingest-queue";
import { POST } from "./route";

const db = openTestDatabase();
beforeEach(async () => {
  await truncateAll(db);
  forgetVerifiedTokens(); // the tables were emptied behind the process's few-second token reuse
  await (await ingestQueue()).getDb().executeSql("delete from pgboss.job where name = $1", [INGEST_QUEUE]);
});
afterAll(() => stopJobQueue());

async function token(scopes: string[], revoked = false): Promise<string> {
  const value = `gsw_test_${scopes.join("_")}_${revoked}`;
  const admin = await db.adminUser.upsert({
    where: { email: "a@example.org" },
    create: { email: "a@example.org", passwordHash: "x", role: "admin" },
    update: {},
  });
  await db.apiToken.create({
    data: {
      name: "t",
      scopes,
      createdById: admin.id,
      tokenHash: hashToken(value),
      prefix: value.slice(0, 10),
      revokedAt: revoked ? new Date() : null,
    },
  });
  return value;
}

function post(body: unknown, bearer?: string, extraHeaders: Record<string, string> = {}) {
  return POST(
    new Request("http://localhost/api/v1/events", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
        ...extraHeaders,
      },
      body: typeof body === "string" ? body : JSON.stringify(body),
    }),
  );
}

const event = (i: number, extra: Record<string, unknown> = {}) => ({
  source: "forum",
  external_id: `post-${i}`,
  actor_source: "forum",
  actor_external_id: `user-${i % 3}`,
  type: "message",
  occurred_at: "2026-01-05T10:00:00Z",
  channel: "general",
  ...extra,
});

describe("POST /api/v1/events", () => {
  it("creates, reports duplicates and invalid items per index, and is idempotent", async () => {
    const t = await token(["events:write"]);
    const body = {
      events: [
        event(1, { actor_email: "Ann@Example.org", actor_name: "Ann" }),
        event(2, { weight: 3, properties: { topic: "x" } }),
        event(1),
        { ...event(3), occurred_at: "yesterday" },
        { source: "forum" },
        event(4),
      ],
    };
    const res = await post(body, t);
    expect(res.status).toBe(200);
    const json = await res.json();
    expect(json.results.map((r: { status: string }) => r.status)).toEqual([
      "created",
      "created",
      "duplicate",
      "invalid",
      "invalid",
      "created",
    ]);
    expect(json.results[3].error).toMatch(/occurred_at/);
    expect(json).toMatchObject({ created: 3, duplicates: 1, invalid: 2 });
    expect(await db.activityEvent.count()).toBe(3);
    expect((await db.activityEvent.findFirst({ where: { externalId: "post-2" } }))?.weight).toBe(3);
    // Three actors (user-0,1,2 → posts 1,2,4 use user-1,user-2,user-1): two members.
    expect(await db.identity.count({ where: { source: "forum" } })).toBe(2);
    expect((await db.identity.findFirst({ where: { externalId: "user-1" } }))?.email).toBe("ann@example.org");

    const again = await (await post(body, t)).json();
    expect(again).toMatchObject({ created: 0, duplicates: 4, invalid: 2 });
    expect(await db.activityEvent.count()).toBe(3);
  });

  it("joins an API actor to an existing member by email", async () => {
    const t = await token(["events:write"]);
    const m = await db.member.create({ data: { displayName: "Ann" } });
    await db.identity.create({
      data: {
        memberId: m.id,
        source: "slack",
        externalId: "U1",
        email: "ann@example.org",
        emailHash: (await import("@/lib/ingest/persist/identities")).emailHash(
          "ann@example.org",
          "groundswell",
        ),
      },
    });
    await post({ events: [event(9, { actor_email: "ann@example.org" })] }, t);
    const ev = await db.activityEvent.findFirstOrThrow();
    expect(ev.memberId).toBe(m.id);
    expect(await db.member.count()).toBe(1);
  });

  it("refuses bad tokens, wrong scopes and malformed bodies", async () => {
    const good = await token(["events:write"]);
    const readOnly = await token(["read"]);
    const revoked = await token(["events:write"], true);
    expect((await post({ events: [event(1)] }, "gsw_nope")).status).toBe(401);
    expect((await post({ events: [event(1)] }, revoked)).status).toBe(401);
    expect((await post({ events: [event(1)] }, readOnly)).status).toBe(403);
    expect((await post("{not json", good)).status).toBe(400);
    expect((await post({ items: [] }, good)).status).toBe(400);
    expect((await post({ events: Array.from({ length: 1001 }, (_, i) => event(i)) }, good)).status).toBe(400);
    const full = await post({ events: Array.from({ length: 1000 }, (_, i) => event(i)) }, good);
    expect(full.status).toBe(200);
    expect((await full.json()).created).toBe(1000);
    expect(await db.activityEvent.count()).toBe(1000);
  });

  it("reuses a verified token briefly, but a revoked one stops at once in the revoking process", async () => {
    const t = await token(["events:write"]);
    expect((await post({ events: [event(1)] }, t, { prefer: "respond-async" })).status).toBe(202);
    const admin = await db.adminUser.findFirstOrThrow();
    const row = await db.apiToken.findFirstOrThrow();
    await revokeApiToken(
      { id: admin.id, email: admin.email, name: null, role: "admin", timeZone: "UTC" },
      row.id,
    );
    expect((await post({ events: [event(2)] }, t, { prefer: "respond-async" })).status).toBe(401);
  });

  it("with Prefer: respond-async answers 202 with the items not accepted, queues, and the drainer writes each event once", async () => {
    const t = await token(["events:write"]);
    const body = {
      events: [
        event(1, { actor_email: "ann@example.org" }),
        event(2),
        event(1),
        { ...event(3), occurred_at: "yesterday" },
      ],
    };
    const res = await post(body, t, { prefer: "return=minimal, respond-async" });
    expect(res.status).toBe(202);
    expect(res.headers.get("preference-applied")).toBe("respond-async");
    const json = await res.json();
    // Lean: counts, and only the items not accepted.
    expect(json).toEqual({
      accepted: 2,
      duplicates: 1,
      invalid: 1,
      rejected: [
        { index: 2, status: "duplicate" },
        { index: 3, status: "invalid", error: expect.stringMatching(/^occurred_at: /) },
      ],
    });
    expect(await db.activityEvent.count()).toBe(0);

    // Re-sent (a client retrying after a lost answer) before the first copy was written.
    expect((await post(body, t, { prefer: "respond-async" })).status).toBe(202);
    expect((await ingestBacklog()).events).toBe(4);
    await drainIngestQueue();
    expect(await db.activityEvent.count()).toBe(2);
    expect((await db.identity.findFirst({ where: { externalId: "user-1" } }))?.email).toBe("ann@example.org");
    expect((await ingestBacklog()).jobs).toBe(0);

    // Auth and envelope checks are the same in both modes; nothing is queued for a refused request.
    expect((await post(body, "gsw_nope", { prefer: "respond-async" })).status).toBe(401);
    expect((await post({ items: [] }, t, { prefer: "respond-async" })).status).toBe(400);
    expect((await ingestBacklog()).jobs).toBe(0);
  });
});
