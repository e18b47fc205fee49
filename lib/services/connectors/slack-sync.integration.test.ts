// The Slack connector through @slack/web-api against a local server shaped like the Web API:
// backfill, incremental runs, a run killed between pages, a revoked token, rate limits and 502s,
// and a Slack export of the same workspace imported afterwards adding nothing.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import path from "node:path";
// Aliased: the hooks lint rule reads any "use…" call as a React hook.
import { truncateAll, useTestDatabase as openTestDatabase } from "@/lib/test/db";
import { resetEnvCache } from "@/lib/env";
import { tempDir } from "@/lib/ingest/__fixtures__/test-helpers";
import { startFakeSlack } from "@/lib/connectors/__fixtures__/fake-slack";
import { addSlackMessages, slackWorld, writeSlackExport } from "@/lib/connectors/__fixtures__/slack-world";
import type { FixtureServer } from "@/lib/connectors/__fixtures__/http-fixture";
import type { FakeSlackData } from "@/lib/connectors/__fixtures__/fake-slack";
import { runImport } from "@/lib/services/imports/run-import";
import { connectConnector } from "./connect";
import { syncConnector } from "./run-sync";
import { eventCount, FAST_RETRY, streamState } from "./test-helpers";

const db = openTestDatabase();
let server: FixtureServer & { data: FakeSlackData };

const sync = () => syncConnector("slack", { trigger: "test", retry: FAST_RETRY });
const historyCalls = () => server.requests.filter((r) => r.path.endsWith("conversations.history"));

beforeAll(() => {
  process.env.NEXTAUTH_SECRET = "test-secret-for-connectors-0123456789";
});
beforeEach(async () => {
  await truncateAll(db);
  // 450 messages in one channel (three history pages of 200), threads every 40 messages, 3 channels.
  server = await startFakeSlack(
    slackWorld({ channels: 3, messagesPerChannel: 450, users: 25, threadEvery: 40 }),
  );
  process.env.SLACK_API_URL = server.url;
  resetEnvCache();
  await connectConnector(
    { kind: "slack", token: server.data.token, signingSecret: undefined, backfillMonths: undefined },
    "test",
  );
});
afterEach(() => server.close());
afterAll(() => {
  delete process.env.SLACK_API_URL;
  resetEnvCache();
});

describe("Slack connector", () => {
  it("backfills every channel, then fetches only what is new", async () => {
    const first = await sync();
    expect(first).toMatchObject({ status: "succeeded", error: null });
    const backfilled = await eventCount("slack");
    expect(backfilled).toBeGreaterThan(3 * 450);
    expect(first.imported).toBe(backfilled);
    // Identities with their emails, one member per person.
    expect(await db.identity.count({ where: { source: "slack", email: { not: null } } })).toBe(25);

    server.requests.length = 0;
    addSlackMessages(server.data, "C1", 5);
    const second = await sync();
    expect(second).toMatchObject({ status: "succeeded", imported: 5 });
    expect(await eventCount("slack")).toBe(backfilled + 5);
    // Each channel's history is asked only for messages after its watermark: five new ones in all.
    expect(historyCalls()).toHaveLength(3);
    const newest = server.data.messages.get("C1")!.at(-6)!.ts;
    expect(
      historyCalls()
        .find((r) => r.body.get("channel") === "C1")!
        .body.get("oldest"),
    ).toBe(newest);
    // Profiles are re-read every run (25 people and a bot); of messages, only the 5 new ones.
    expect(second.fetched).toBe(26 + 5);
  });

  it("resumes a run that died between pages without losing or repeating messages", async () => {
    // The third history request (C0's second page) fails for good, as if the process died there.
    server.faults.push({
      match: /conversations\.history$/,
      after: 1,
      status: 200,
      body: { ok: false, error: "fatal_error" },
    });
    const broken = await sync();
    expect(broken.status).toBe("failed");
    expect(broken.error).toContain("fatal_error");
    const saved = await streamState("slack", "channel:C0");
    expect(saved).toMatchObject({ watermark: null });
    expect(typeof saved?.cursor).toBe("string");
    const partial = await eventCount("slack");

    server.requests.length = 0;
    const resumed = await sync();
    expect(resumed.status).toBe("succeeded");
    // The resumed run starts at the saved page cursor, not at the top of the channel.
    expect(historyCalls()[0].body.get("cursor")).toBe(saved?.cursor);
    expect(resumed.duplicates).toBeLessThan(50);
    const total = await eventCount("slack");

    // A clean backfill into an empty database gives exactly the same events.
    const keys = await db.activityEvent.findMany({
      where: { source: "slack" },
      select: { externalId: true },
      orderBy: { externalId: "asc" },
    });
    await truncateAll(db);
    await connectConnector(
      { kind: "slack", token: server.data.token, signingSecret: undefined, backfillMonths: undefined },
      "test",
    );
    await sync();
    const clean = await db.activityEvent.findMany({
      where: { source: "slack" },
      select: { externalId: true },
      orderBy: { externalId: "asc" },
    });
    expect(total).toBeGreaterThan(partial);
    expect(keys).toEqual(clean);
  });

  it("starts the pass again when Slack no longer accepts the saved page cursor (invalid_cursor)", async () => {
    server.faults.push({
      match: /conversations\.history$/,
      after: 1,
      status: 200,
      body: { ok: false, error: "fatal_error" },
    });
    expect((await sync()).status).toBe("failed");
    expect(typeof (await streamState("slack", "channel:C0"))?.cursor).toBe("string");
    // Days later the saved cursor has expired: Slack refuses it, and would every run after.
    server.faults.push({
      match: /conversations\.history$/,
      status: 200,
      body: {
        ok: false,
        error: "invalid_cursor",
        response_metadata: { messages: ["[ERROR] invalid cursor"] },
      },
    });
    server.requests.length = 0;
    const resumed = await sync();
    expect(resumed).toMatchObject({ status: "succeeded", error: null });
    expect(historyCalls()[1].body.get("cursor")).toBeNull();
    expect(await streamState("slack", "channel:C0")).toMatchObject({ cursor: null });
    const total = await eventCount("slack");
    await truncateAll(db);
    await connectConnector(
      { kind: "slack", token: server.data.token, signingSecret: undefined, backfillMonths: undefined },
      "test",
    );
    await sync();
    expect(await eventCount("slack")).toBe(total);
  });

  it("reads the public channels with a token that may not list private ones (no groups:read)", async () => {
    server.data.scopes = ["channels:read", "channels:history", "users:read", "users:read.email"];
    const run = await sync();
    expect(run).toMatchObject({ status: "succeeded", error: null });
    expect(await eventCount("slack")).toBeGreaterThan(3 * 450);
    const lists = server.requests.filter((r) => r.path.endsWith("conversations.list"));
    expect(lists.map((r) => r.body.get("types"))).toEqual([
      "public_channel,private_channel",
      "public_channel",
    ]);
  });

  it("reads the workspace's real shapes: deactivated and email-less people, Slackbot, app bots, edits, broadcasts", async () => {
    const now = Math.floor(Date.now() / 1000) - 3600;
    const t = (s: number) => `${now + s}.000100`;
    server.data.users = [
      {
        id: "U1",
        name: "ann",
        deleted: false,
        profile: { real_name: "Ann A", email: "ann@acme.io", fields: [] },
      },
      // A deactivated account: `deleted: true`, its profile kept.
      { id: "U2", name: "bo", deleted: true, profile: { real_name: "Bo B", email: "bo@acme.io" } },
      // No users:read.email scope, or a guest who hides it: no `email` at all.
      { id: "U3", name: "cy", profile: { real_name: "Cy C", display_name: "cy" } },
      {
        id: "USLACKBOT",
        name: "slackbot",
        is_bot: false,
        deleted: false,
        profile: { real_name: "Slackbot" },
      },
      { id: "U9", name: "ci", is_bot: true, is_app_user: false, profile: { real_name: "CI", bot_id: "B9" } },
    ];
    server.data.channels = [{ id: "C1", name: "general" }];
    server.data.messages = new Map([
      [
        "C1",
        [
          { ts: t(1), user: "U1", subtype: "channel_join", text: "<@U1> has joined the channel" },
          { ts: t(2), user: "U1", text: "hello", edited: { user: "U1", ts: t(30) } },
          { ts: t(3), subtype: "bot_message", bot_id: "B9", username: "ci", text: "build passed" },
          { ts: t(4), user: "U2", text: "from a deactivated account" },
          {
            ts: t(5),
            user: "U3",
            text: "no email here",
            thread_ts: t(5),
            reply_count: 1,
            latest_reply: t(6),
          },
          {
            ts: t(6),
            user: "U1",
            text: "a reply, also sent to the channel",
            thread_ts: t(5),
            subtype: "thread_broadcast",
          },
          { ts: t(7), user: "USLACKBOT", text: "Reminder: stand-up" },
          { ts: t(8), user: "U9", bot_id: "B9", text: "deploy done" },
          // Slack Connect: someone of another workspace, not in users.list, named by user_profile.
          {
            ts: t(9),
            user: "UEXT",
            user_team: "T2",
            text: "hi from outside",
            user_profile: { real_name: "Ext E", name: "ext" },
          },
        ] as never,
      ],
    ]);
    const run = await sync();
    expect(run).toMatchObject({ status: "succeeded", error: null });
    const events = await db.$queryRaw<{ e: string }[]>`
      select e.type || ':' || i.external_id as e from activity_events e join identities i on i.id = e.identity_id
       where e.source = 'slack' order by 1`;
    expect(events.map((r) => r.e)).toEqual(
      ["message:U1", "message_edit:U1", "message:U2", "message:U3", "thread_reply:U1", "message:UEXT"].sort(),
    );
    const people = await db.identity.findMany({
      where: { source: "slack" },
      select: { externalId: true, email: true, isBot: true, isDeleted: true },
      orderBy: { externalId: "asc" },
    });
    expect(people).toEqual([
      { externalId: "U1", email: "ann@acme.io", isBot: false, isDeleted: false },
      { externalId: "U2", email: "bo@acme.io", isBot: false, isDeleted: true },
      { externalId: "U3", email: null, isBot: false, isDeleted: false },
      { externalId: "U9", email: null, isBot: true, isDeleted: false },
      { externalId: "UEXT", email: null, isBot: false, isDeleted: false },
      { externalId: "USLACKBOT", email: null, isBot: true, isDeleted: false },
    ]);
  });

  it("waits out a 429 with Retry-After and retries a 502", async () => {
    server.faults.push({
      match: /users\.list$/,
      status: 429,
      headers: { "retry-after": "1" },
      body: { ok: false, error: "ratelimited" },
    });
    server.faults.push({
      match: /conversations\.history$/,
      status: 502,
      body: "<html>Bad Gateway</html>",
      times: 2,
    });
    const started = Date.now();
    const run = await sync();
    expect(run.status).toBe("succeeded");
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(server.requests.filter((r) => r.path.endsWith("users.list")).length).toBe(2);
    expect(await eventCount("slack")).toBeGreaterThan(3 * 450);
  });

  it("says plainly when the token was revoked, and keeps what it had", async () => {
    await sync();
    const before = await eventCount("slack");
    server.data.token = "xoxb-rotated";
    const run = await sync();
    expect(run.status).toBe("failed");
    expect(run.error).toBe(
      "Slack refused the token (token_revoked): connect Slack again with a valid bot token",
    );
    const connector = await db.connector.findUniqueOrThrow({ where: { kind: "slack" } });
    expect(connector.lastError).toBe(run.error);
    expect(await eventCount("slack")).toBe(before);
  });

  it("a Slack export of the same workspace imported after the sync adds nothing", async () => {
    await sync();
    const synced = await eventCount();
    const dir = path.join(await tempDir(), "export");
    await writeSlackExport(server.data, dir);
    const summary = await runImport({ source: "slack", file: dir });
    expect(summary.status).toBe("succeeded");
    expect(summary.imported).toBe(0);
    expect(summary.duplicates).toBe(synced);
    expect(await eventCount()).toBe(synced);
  });
});
