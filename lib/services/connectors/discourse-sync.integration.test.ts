// The Discourse connector over its REST API against a local forum server: backfill down to the
// horizon, incremental runs, a run that died between pages, 429 with Retry-After, and a revoked key.
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
// Aliased: the hooks lint rule reads any "use…" call as a React hook.
import { truncateAll, useTestDatabase as openTestDatabase } from "@/lib/test/db";
import {
  discourseWorld,
  startFakeDiscourse,
  type FakeDiscourseData,
} from "@/lib/connectors/__fixtures__/fake-discourse";
import { startFixtureServer, type FixtureServer } from "@/lib/connectors/__fixtures__/http-fixture";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { runImport } from "@/lib/services/imports/run-import";
import { connectConnector } from "./connect";
import { syncConnector } from "./run-sync";
import { eventCount, FAST_RETRY, streamState } from "./test-helpers";

const db = openTestDatabase();
let server: FixtureServer & { data: FakeDiscourseData };
const sync = () => syncConnector("discourse", { trigger: "test", retry: FAST_RETRY });
const postCalls = () => server.requests.filter((r) => r.path === "/posts.json");
/** Posts within the horizon that are regular posts (every 37th is a small action). */
const expected = (posts: FakeDiscourseData["posts"], horizonMonths = 1) =>
  posts.filter(
    (p) =>
      p.post_type === 1 &&
      Date.parse(p.created_at) >= Date.now() - horizonMonths * 30.4 * 86_400_000 + 86_400_000,
  ).length;

beforeAll(() => {
  process.env.NEXTAUTH_SECRET = "test-secret-for-connectors-0123456789";
});
beforeEach(async () => {
  await truncateAll(db);
  // 1,000 hourly posts: ~42 days, so a one-month horizon stops the backfill part-way.
  server = await startFakeDiscourse(discourseWorld({ posts: 1000, users: 30 }));
  await connectConnector(
    {
      kind: "discourse",
      baseUrl: server.url,
      apiKey: server.data.apiKey,
      apiUsername: "system",
      backfillMonths: 1,
    },
    "test",
  );
});
afterEach(() => server.close());

describe("Discourse connector", () => {
  it("backfills to the horizon with emails from an admin key, then reads only new posts", async () => {
    const first = await sync();
    expect(first.status).toBe("succeeded");
    const backfilled = await eventCount("discourse");
    expect(Math.abs(backfilled - expected(server.data.posts))).toBeLessThanOrEqual(24);
    expect(backfilled).toBeLessThan(970);
    expect(await db.identity.count({ where: { source: "discourse", email: { not: null } } })).toBe(30);
    expect(await db.activityEvent.count({ where: { source: "discourse", type: "post" } })).toBeGreaterThan(0);

    server.requests.length = 0;
    const now = new Date().toISOString();
    for (const id of [1001, 1002])
      server.data.posts.push({
        id,
        user_id: 101,
        username: "forum1",
        name: "Forum 1",
        created_at: now,
        topic_id: 999,
        post_number: id - 1000,
        post_type: 1,
        topic_slug: "new",
      });
    const second = await sync();
    expect(second).toMatchObject({ status: "succeeded", imported: 2 });
    expect(postCalls()).toHaveLength(1);
    // forum1's address was looked up on the first run: each lookup is a line in the forum's staff
    // action log, so it is not asked again, and the stored address stays.
    expect(server.requests.filter((r) => r.path.endsWith("/emails.json"))).toHaveLength(0);
    expect(await db.identity.count({ where: { source: "discourse", email: { not: null } } })).toBe(30);
  });

  it("resumes below the last committed page after a failure, and waits out a 429", async () => {
    server.faults.push({
      match: /^\/posts\.json$/,
      after: 3,
      status: 403,
      body: { errors: ["nope"], error_type: "invalid_access" },
    });
    const broken = await sync();
    expect(broken.error).toMatch(/Discourse refused the API key \(403\)/);
    const saved = await streamState("discourse", "posts");
    expect(saved).toMatchObject({ watermark: 0, before: 851 });

    server.requests.length = 0;
    server.faults.push({
      match: /^\/posts\.json$/,
      status: 429,
      headers: { "retry-after": "1" },
      body: { errors: ["slow down"], error_type: "rate_limit", extras: { wait_seconds: 1 } },
    });
    const resumed = await sync();
    expect(resumed.status).toBe("succeeded");
    expect(postCalls()[0].query.get("before")).toBe("851");
    expect(resumed.duplicates).toBe(0);
    expect(Math.abs((await eventCount("discourse")) - expected(server.data.posts))).toBeLessThanOrEqual(24);
  });

  it("ends the backfill at a young forum's first post when `before` is inclusive (older Discourse)", async () => {
    // 120 hourly posts, all within the horizon: the pass runs down to post 1. Older forums answer
    // `before=N` with N itself on top, so a page holding only the post at `before` must end the pass.
    server.data.posts = discourseWorld({ posts: 120, users: 10 }).posts;
    server.data.beforeInclusive = true;
    const run = await sync();
    expect(run).toMatchObject({ status: "succeeded", duplicates: 0 });
    expect(await eventCount("discourse")).toBe(expected(server.data.posts));
    expect(postCalls().map((c) => c.query.get("before"))).toEqual([null, "71", "22", "1"]);
    expect(await streamState("discourse", "posts")).toMatchObject({ watermark: 120, before: null });
  }, 30_000);

  it("keeps anonymous posters' shadow addresses and deleted authors out of people and organisations", async () => {
    const at = new Date().toISOString();
    const post = (id: number, user_id: number | null, username: string | null) => ({
      id,
      user_id,
      username,
      created_at: at,
      topic_id: 500,
      post_number: id - 1000,
      post_type: 1,
      topic_slug: "anon",
    });
    server.data.posts = [
      post(1001, 7001, "anonymous"),
      post(1002, 7002, "anonymous1"),
      post(1003, null, null),
      post(1004, 101, "forum1"),
    ];
    const run = await sync();
    expect(run).toMatchObject({ status: "succeeded", error: null });
    const people = await db.identity.findMany({
      where: { source: "discourse" },
      select: { externalId: true, email: true },
      orderBy: { externalId: "asc" },
    });
    // Shadow accounts (anonymous posting) get SecureRandom.hex@anon.<forum host>: not a person's address.
    expect(people).toEqual([
      { externalId: "101", email: "forum1@forum.example.org" },
      { externalId: "7001", email: null },
      { externalId: "7002", email: null },
    ]);
    expect(await db.organization.count({ where: { name: "Acme" } })).toBe(0);
    expect(await eventCount("discourse")).toBe(3);
  });

  it("says where the forum redirects (an http:// address of an https forum) instead of retrying a minute", async () => {
    const https = server.url.replace("http://", "https://");
    const redirecting = await startFixtureServer((req) => ({
      status: 301,
      headers: { location: `${https}${req.path}` },
      body: "<html><body>You are being redirected.</body></html>",
    }));
    try {
      await connectConnector(
        {
          kind: "discourse",
          baseUrl: redirecting.url,
          apiKey: "k",
          apiUsername: "system",
          backfillMonths: 1,
        },
        "test",
      );
      const run = await sync();
      expect(run.error).toBe(
        `Discourse: ${redirecting.url}/posts.json redirects to ${https}/posts.json; connect Discourse again with the forum's address as ${https}`,
      );
      expect(redirecting.requests).toHaveLength(1);
    } finally {
      await redirecting.close();
    }
  });

  it("says plainly when the key was revoked", async () => {
    server.data.apiKey = "rotated";
    const run = await sync();
    expect(run.error).toBe(
      "Discourse refused the API key (403) for /posts.json: it was revoked, or it is not allowed to read this; connect Discourse again",
    );
  });

  it("reads a public forum without an API key, as a visitor, and asks for no emails", async () => {
    server.data.anonymous = "public";
    server.data.posts = discourseWorld({ posts: 120, users: 10 }).posts;
    await connectConnector(
      {
        kind: "discourse",
        baseUrl: server.url,
        apiKey: undefined,
        apiUsername: undefined,
        backfillMonths: 1,
      },
      "test",
    );
    const run = await sync();
    expect(run).toMatchObject({ status: "succeeded", error: null, duplicates: 0 });
    expect(await eventCount("discourse")).toBe(expected(server.data.posts));
    // No Api-Key or Api-Username header at all (an empty key is an invalid key to Discourse).
    expect(server.requests.every((r) => !("api-key" in r.headers) && !("api-username" in r.headers))).toBe(
      true,
    );
    expect(server.requests.filter((r) => r.path.endsWith("/emails.json"))).toHaveLength(0);
    expect(await db.identity.count({ where: { source: "discourse", email: { not: null } } })).toBe(0);
    expect(await db.identity.count({ where: { source: "discourse" } })).toBe(10);
    const again = await sync();
    expect(again).toMatchObject({ status: "succeeded", imported: 0 });
  }, 30_000);

  it("says a forum that requires a login needs an API key", async () => {
    server.data.anonymous = "login_required";
    await connectConnector(
      {
        kind: "discourse",
        baseUrl: server.url,
        apiKey: undefined,
        apiUsername: undefined,
        backfillMonths: 1,
      },
      "test",
    );
    const run = await sync();
    expect(run.error).toBe(
      "Discourse refused to show /posts.json without an API key (403): the forum requires a login to read; connect Discourse again with an API key",
    );
  });

  it("counts a post once whether it came from a saved /posts.json file or the sync", async () => {
    server.data.anonymous = "public";
    server.data.posts = discourseWorld({ posts: 120, users: 10 }).posts;
    const dir = await mkdtemp(path.join(tmpdir(), "discourse-"));
    const saved = path.join(dir, "posts.json");
    // The newest page as the forum serves it to a visitor.
    await writeFile(saved, JSON.stringify({ latest_posts: server.data.posts.slice(-50).reverse() }));
    const fromFile = await runImport({ source: "discourse", file: saved });
    const regular = (posts: FakeDiscourseData["posts"]) => posts.filter((p) => p.post_type === 1).length;
    expect(fromFile).toMatchObject({ status: "succeeded", imported: regular(server.data.posts.slice(-50)) });
    expect((await runImport({ source: "discourse", file: saved })).imported).toBe(0);
    await connectConnector(
      {
        kind: "discourse",
        baseUrl: server.url,
        apiKey: undefined,
        apiUsername: undefined,
        backfillMonths: 1,
      },
      "test",
    );
    const run = await sync();
    expect(run).toMatchObject({ status: "succeeded", imported: regular(server.data.posts.slice(0, -50)) });
    expect(await eventCount("discourse")).toBe(expected(server.data.posts));
  }, 30_000);

  it("reads a forum installed in a subfolder (https://example.org/forum)", async () => {
    server.data.subfolder = "/forum";
    server.data.posts = discourseWorld({ posts: 60, users: 5 }).posts;
    await connectConnector(
      {
        kind: "discourse",
        baseUrl: `${server.url}/forum/`,
        apiKey: server.data.apiKey,
        apiUsername: "system",
        backfillMonths: 1,
      },
      "test",
    );
    const run = await sync();
    expect(run).toMatchObject({ status: "succeeded", error: null });
    expect(await eventCount("discourse")).toBe(expected(server.data.posts));
    expect(postCalls()).toHaveLength(0);
    expect(server.requests.filter((r) => r.path === "/forum/posts.json").length).toBeGreaterThan(0);
    expect(await db.identity.count({ where: { source: "discourse", email: { not: null } } })).toBe(5);
  });
});
