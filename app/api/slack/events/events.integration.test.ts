// Slack Events API deliveries signed as Slack signs them: the URL verification challenge, a message
// and a reaction added at once (with the export's keys), forged and stale (replayed) requests refused,
// and a retried event applied once.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
// Aliased: the hooks lint rule reads any "use…" call as a React hook.
import { truncateAll, useTestDatabase as openTestDatabase } from "@/lib/test/db";
import { resetEnvCache } from "@/lib/env";
import { signSlackRequest } from "@/lib/connectors/slack/events";
import { POST } from "./route";

const db = openTestDatabase();
const SECRET = "slack-signing-secret-for-tests";

beforeAll(() => {
  process.env.SLACK_SIGNING_SECRET = SECRET;
  resetEnvCache();
});
afterAll(() => {
  delete process.env.SLACK_SIGNING_SECRET;
  resetEnvCache();
});
beforeEach(() => truncateAll(db));

function send(
  payload: unknown,
  options: { secret?: string; timestamp?: number; tamper?: (b: string) => string } = {},
) {
  const body = JSON.stringify(payload);
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const signature = signSlackRequest(options.secret ?? SECRET, timestamp, body);
  return POST(
    new Request("http://localhost/api/slack/events", {
      method: "POST",
      headers: {
        "x-slack-request-timestamp": timestamp,
        "x-slack-signature": signature,
        "content-type": "application/json",
      },
      body: options.tamper ? options.tamper(body) : body,
    }),
  );
}

const message = (eventId: string, ts: string) => ({
  type: "event_callback",
  team_id: "T1",
  event_id: eventId,
  event_time: 1,
  event: { type: "message", channel: "C1", user: "U1", text: "hello", ts, channel_type: "channel" },
});

describe("POST /api/slack/events", () => {
  it("answers the URL verification challenge", async () => {
    const response = await send({
      type: "url_verification",
      token: "legacy",
      challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
    });
    expect(await response.json()).toEqual({
      challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
    });
  });

  it("adds a message and a reaction with the export's keys", async () => {
    expect((await send(message("Ev1", "1765000000.000100"))).status).toBe(200);
    await send({
      type: "event_callback",
      event_id: "Ev2",
      event: {
        type: "reaction_added",
        user: "U2",
        reaction: "tada",
        item_user: "U1",
        item: { type: "message", channel: "C1", ts: "1765000000.000100" },
        event_ts: "1765000001.000000",
      },
    });
    const events = await db.activityEvent.findMany({
      select: { externalId: true, type: true },
      orderBy: { externalId: "asc" },
    });
    expect(events).toEqual([
      { externalId: "C1:1765000000.000100", type: "message" },
      { externalId: "C1:1765000000.000100:reaction:tada:U2", type: "reaction" },
    ]);
  });

  it("refuses a forged signature, a tampered body and a replay outside the five-minute window", async () => {
    expect((await send(message("Ev3", "1765000000.000200"), { secret: "wrong" })).status).toBe(401);
    expect(
      (await send(message("Ev3", "1765000000.000200"), { tamper: (b) => b.replace("hello", "HELLO") }))
        .status,
    ).toBe(401);
    const stale = await send(message("Ev3", "1765000000.000200"), {
      timestamp: Math.floor(Date.now() / 1000) - 6 * 60,
    });
    expect(stale.status).toBe(401);
    expect(await stale.json()).toEqual({ error: "stale_timestamp" });
    expect(await db.activityEvent.count()).toBe(0);
  });

  it("applies a retried event once", async () => {
    expect(await (await send(message("Ev4", "1765000000.000300"))).json()).toMatchObject({
      duplicate: false,
      imported: 1,
    });
    expect(await (await send(message("Ev4", "1765000000.000300"))).json()).toMatchObject({
      duplicate: true,
      imported: 0,
    });
    expect(await db.activityEvent.count()).toBe(1);
  });
});
