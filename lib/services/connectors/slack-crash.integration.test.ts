// A Slack sync run by the CLI is SIGKILLed after it has committed some pages (mid-channel); the
// next run resumes from the saved cursors and the result is exactly a clean backfill's events.
import { afterEach, beforeEach, describe, expect, it, inject } from "vitest";
import { spawn } from "node:child_process";
import path from "node:path";
// Aliased: the hooks lint rule reads any "use…" call as a React hook.
import { truncateAll, useTestDatabase as openTestDatabase } from "@/lib/test/db";
import { resetEnvCache } from "@/lib/env";
import { startFakeSlack, type FakeSlackData } from "@/lib/connectors/__fixtures__/fake-slack";
import { slackWorld } from "@/lib/connectors/__fixtures__/slack-world";
import type { FixtureServer } from "@/lib/connectors/__fixtures__/http-fixture";
import { connectConnector } from "./connect";
import { syncConnector } from "./run-sync";
import { FAST_RETRY } from "./test-helpers";

const db = openTestDatabase();
const SECRET = "test-secret-for-connectors-0123456789";
let server: FixtureServer & { data: FakeSlackData };
const keys = async () =>
  (
    await db.activityEvent.findMany({
      where: { source: "slack" },
      select: { externalId: true },
      orderBy: { externalId: "asc" },
    })
  ).map((e) => e.externalId);

beforeEach(async () => {
  await truncateAll(db);
  process.env.NEXTAUTH_SECRET = SECRET;
  // Slow answers (60 ms) so the kill lands while the run is in the middle of a channel.
  server = await startFakeSlack(
    slackWorld({ channels: 2, messagesPerChannel: 1200, users: 20, threadEvery: 100 }),
    { delayMs: 60 },
  );
  process.env.SLACK_API_URL = server.url;
  resetEnvCache();
  await connectConnector(
    { kind: "slack", token: server.data.token, signingSecret: undefined, backfillMonths: undefined },
    "test",
  );
});
afterEach(() => server.close());

async function killMidSync(): Promise<void> {
  const child = spawn(
    path.resolve("node_modules/.bin/tsx"),
    ["--conditions=react-server", "scripts/cli.ts", "connectors", "sync", "slack", "--no-recompute"],
    {
      env: {
        ...process.env,
        DATABASE_URL: inject("databaseUrl"),
        SLACK_API_URL: server.url,
        NEXTAUTH_SECRET: SECRET,
      },
      stdio: "ignore",
      // Its own process group: tsx runs the CLI in a grandchild, and the whole group must die at once.
      detached: true,
    },
  );
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  for (let waited = 0; waited < 90_000; waited += 20) {
    const [stream] = await db.$queryRaw<
      { cursor: string | null }[]
    >`select state->>'cursor' as cursor from connector_streams where key = 'channel:C0'`;
    if (stream?.cursor) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  process.kill(-child.pid!, "SIGKILL");
  await exited;
}

describe("Slack sync killed mid-channel", () => {
  it("resumes from the saved cursor with nothing lost and nothing twice", async () => {
    await killMidSync();
    const partial = await keys();
    const [stream] = await db.$queryRaw<
      { cursor: string | null }[]
    >`select state->>'cursor' as cursor from connector_streams where key = 'channel:C0'`;
    expect(stream.cursor).toBeTruthy();
    expect(partial.length).toBeGreaterThan(0);

    server.requests.length = 0;
    const resumed = await syncConnector("slack", { trigger: "test", retry: FAST_RETRY });
    expect(resumed.status).toBe("succeeded");
    // The killed run is recorded as interrupted, not left "running".
    expect(await db.connectorRun.count({ where: { status: "running" } })).toBe(0);
    const firstHistory = server.requests.find((r) => r.path.endsWith("conversations.history"));
    expect(firstHistory?.body.get("channel")).toBe("C0");
    expect(firstHistory?.body.get("cursor")).toBe(stream.cursor);
    const afterResume = await keys();

    await truncateAll(db);
    await connectConnector(
      { kind: "slack", token: server.data.token, signingSecret: undefined, backfillMonths: undefined },
      "test",
    );
    await syncConnector("slack", { trigger: "test", retry: FAST_RETRY });
    expect(afterResume).toEqual(await keys());
    expect(afterResume.length).toBeGreaterThan(partial.length);
  });
});
