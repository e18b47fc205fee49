// #18 item 10: what once gave a 500 for the whole batch (senders then retry it forever) is now an
// invalid item beside the good ones: NUL, unpaired surrogates, 5,000-deep properties, year 0000 and
// year 3000. A body over the limit is 413, with or without Content-Length.
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { truncateAll, useTestDatabase as openTestDatabase } from "@/lib/test/db";
import { hashToken } from "@/lib/auth/api-token";
import { stopJobQueue } from "@/lib/jobs/queue";
import { MAX_INGEST_BODY_BYTES } from "@/lib/validation/ingest-api";
import { POST } from "./route";

const db = openTestDatabase();
beforeEach(() => truncateAll(db));
afterAll(() => stopJobQueue());

async function token(): Promise<string> {
  const value = "gsw_test_validation";
  const admin = await db.adminUser.create({
    data: { email: "a@example.org", passwordHash: "x", role: "admin" },
  });
  await db.apiToken.create({
    data: {
      name: "t",
      scopes: ["events:write"],
      createdById: admin.id,
      tokenHash: hashToken(value),
      prefix: value.slice(0, 10),
    },
  });
  return value;
}

const event = (id: string, extra: Record<string, unknown> = {}) => ({
  source: "forum",
  external_id: id,
  actor_source: "forum",
  actor_external_id: "user-1",
  type: "message",
  occurred_at: "2026-01-05T10:00:00Z",
  ...extra,
});

function deep(levels: number): Record<string, unknown> {
  let value: Record<string, unknown> = { leaf: 1 };
  for (let i = 0; i < levels; i++) value = { nested: value };
  return value;
}

describe("ingest API validation", () => {
  it("refuses each bad item on its own and stores the good ones", async () => {
    const bearer = await token();
    const tomorrowPlus = new Date(Date.now() + 3 * 86400_000).toISOString();
    const items = [
      event("ok-1"),
      event("nul", { actor_name: "Ann\u0000" }),
      event("nul-in-props", { properties: { text: "a\u0000b" } }),
      event("surrogate", { channel: "general\uD800" }),
      event("surrogate-key", { properties: { ["k\uDC00"]: 1 } }),
      event("deep", { properties: "DEEP" }),
      event("big", { properties: { blob: "x".repeat(20_000) } }),
      event("year-0", { occurred_at: "0000-01-01T00:00:00Z" }),
      event("year-3000", { occurred_at: "3000-01-01T00:00:00Z" }),
      event("future", { occurred_at: tomorrowPlus }),
      event("ok-2", { properties: { emoji: "👋 ok", nested: deep(3) }, occurred_at: "2000-01-01" }),
    ];
    // JSON.stringify writes lone surrogates as \ud800 escapes, as a sender's JSON would; the
    // 5,000-deep object is spliced in as text (stringifying it would overflow this test's stack).
    const deepJson = `${'{"nested":'.repeat(5000)}{"leaf":1}${"}".repeat(5000)}`;
    const body = JSON.stringify({ events: items }).replace('"DEEP"', deepJson);
    const res = await POST(
      new Request("http://localhost/api/v1/events", {
        method: "POST",
        headers: { authorization: `Bearer ${bearer}` },
        body,
      }),
    );
    expect(res.status).toBe(200);
    const answer = await res.json();
    expect(answer).toMatchObject({ created: 2, invalid: 9 });
    const invalid = answer.results
      .filter((r: { status: string }) => r.status === "invalid")
      .map((r: { index: number; error: string }) => [items[r.index].external_id, r.error]);
    expect(Object.fromEntries(invalid)).toMatchObject({
      nul: expect.stringMatching(/NUL/),
      surrogate: expect.stringMatching(/surrogate/),
      deep: expect.stringMatching(/deeper than/),
      big: expect.stringMatching(/larger than/),
      "year-0": expect.stringMatching(/from 2000-01-01/),
      "year-3000": expect.stringMatching(/from 2000-01-01/),
    });
    expect(
      (await db.activityEvent.findMany({ select: { externalId: true }, orderBy: { externalId: "asc" } })).map(
        (e) => e.externalId,
      ),
    ).toEqual(["ok-1", "ok-2"]);
  });

  it("answers 413 for a body over the limit, declared or streamed", async () => {
    const bearer = await token();
    const big = JSON.stringify({
      events: [event("x", { properties: { blob: "y".repeat(MAX_INGEST_BODY_BYTES) } })],
    });
    const declared = await POST(
      new Request("http://localhost/api/v1/events", {
        method: "POST",
        headers: { authorization: `Bearer ${bearer}`, "content-length": String(big.length) },
        body: big,
      }),
    );
    expect(declared.status).toBe(413);
    const chunks = [big.slice(0, 4_000_000), big.slice(4_000_000)];
    const stream = new ReadableStream({
      pull: (c) => (chunks.length ? c.enqueue(new TextEncoder().encode(chunks.shift()!)) : c.close()),
    });
    const streamed = await POST(
      new Request("http://localhost/api/v1/events", {
        method: "POST",
        headers: { authorization: `Bearer ${bearer}` },
        body: stream,
        duplex: "half",
      } as RequestInit),
    );
    expect(streamed.status).toBe(413);
    expect((await streamed.json()).error).toMatch(/larger than 8 MB/);
  });
});
