import { describe, expect, it } from "vitest";
import { signSlackRequest, slackEventRecords, verifySlackRequest } from "./events";

const SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
const NOW = 1_765_000_000;
const body = '{"type":"event_callback","event_id":"Ev1"}';
const signed = signSlackRequest(SECRET, String(NOW), body);

describe("verifySlackRequest", () => {
  it.each([
    ["a fresh, correctly signed request", body, String(NOW), signed, { ok: true }],
    ["four minutes later", body, String(NOW), signed, { ok: true }, NOW + 240],
    [
      "six minutes later (a replay)",
      body,
      String(NOW),
      signed,
      { ok: false, reason: "stale_timestamp" },
      NOW + 360,
    ],
    [
      "a timestamp from the future",
      body,
      String(NOW + 400),
      signSlackRequest(SECRET, String(NOW + 400), body),
      { ok: false, reason: "stale_timestamp" },
    ],
    [
      "a changed body",
      body.replace("Ev1", "Ev2"),
      String(NOW),
      signed,
      { ok: false, reason: "bad_signature" },
    ],
    [
      "another secret",
      body,
      String(NOW),
      signSlackRequest("other", String(NOW), body),
      { ok: false, reason: "bad_signature" },
    ],
    ["no signature", body, String(NOW), null, { ok: false, reason: "missing_signature" }],
    ["a malformed timestamp", body, "12a", signed, { ok: false, reason: "missing_signature" }],
  ] as const)("%s", (_label, b, ts, signature, expected, now = NOW) => {
    expect(verifySlackRequest(b, ts, signature, SECRET, now)).toEqual(expected);
  });
});

describe("slackEventRecords", () => {
  const name = (id: string) => (id === "C1" ? "general" : id);
  it("maps a message with the export's key and channel name", () => {
    const records = slackEventRecords(
      { type: "message", channel: "C1", user: "U1", text: "hi", ts: "1765000000.000100" },
      name,
    );
    expect(records.filter((r) => r.kind === "event")).toMatchObject([
      { externalId: "C1:1765000000.000100", type: "message", channel: "general" },
    ]);
  });
  it("records an edit notice's edit, keyed as the export keys the edited message's edit", () => {
    // Slack's message_changed event: the new message inside, with its `edited` mark.
    const records = slackEventRecords(
      {
        type: "message",
        subtype: "message_changed",
        hidden: true,
        channel: "C1",
        ts: "1765000900.000001",
        event_ts: "1765000900.000001",
        message: {
          type: "message",
          user: "U1",
          text: "hello, world (fixed)",
          ts: "1765000000.000100",
          edited: { user: "U1", ts: "1765000900.000000" },
        },
        previous_message: { type: "message", user: "U1", text: "helo, world", ts: "1765000000.000100" },
      },
      name,
    );
    expect(records.filter((r) => r.kind === "event")).toMatchObject([
      { externalId: "C1:1765000000.000100:edit:1765000900.000000", type: "message_edit", channel: "general" },
    ]);
    expect(records.filter((r) => r.kind === "identity").map((r) => r.externalId)).toEqual(["U1"]);
  });
  it.each([
    [
      "an edit notice without an edit (an unfurl)",
      { type: "message", subtype: "message_changed", channel: "C1", ts: "1765000000.000200", message: {} },
    ],
    [
      "a join",
      { type: "message", subtype: "channel_join", channel: "C1", user: "U1", ts: "1765000000.000300" },
    ],
    [
      "a bot post",
      { type: "message", subtype: "bot_message", channel: "C1", bot_id: "B1", ts: "1765000000.000400" },
    ],
    [
      "a reaction on a file",
      { type: "reaction_added", user: "U1", reaction: "tada", item: { type: "file", file: "F1" } },
    ],
    ["another event type", { type: "app_mention", channel: "C1", user: "U1", ts: "1765000000.000500" }],
  ])("ignores %s", (_label, event) => {
    expect(slackEventRecords(event, name).filter((r) => r.kind === "event")).toEqual([]);
  });
});
