import { cp, mkdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { collect, countByType, FIXTURES, tempDir, zipFolder } from "../__fixtures__/test-helpers";
import { MalformedFileError } from "../types";
import { parseSlackExport } from "./parse-slack-export";
import { findGithubHandle } from "./github-handle";
import { parseDayFilePath } from "./export-reader";
import { slackTsToDate } from "./messages";

const EXPORT_DIR = path.join(FIXTURES, "slack-export");
const EXPECTED_COUNTS = { message: 6, thread_reply: 3, reaction: 7, message_edit: 2 };

describe("parseSlackExport (unpacked folder)", () => {
  let result: Awaited<ReturnType<typeof collect>>;
  beforeAll(async () => {
    result = await collect(parseSlackExport(EXPORT_DIR));
  });

  it("produces exact event counts per type", () => {
    expect(countByType(result.events)).toEqual(EXPECTED_COUNTS);
  });

  it("makes an identity for every listed user plus the unlisted guest", () => {
    const byId = new Map(result.identities.map((i) => [i.externalId, i]));
    expect([...byId.keys()].sort()).toEqual([
      "U01ALICE",
      "U02BOB",
      "U03CAROL",
      "U04DAVE",
      "U05DEPLOYBOT",
      "U09GUEST",
      "USLACKBOT",
    ]);
    expect(result.identities).toHaveLength(7);
    expect(byId.get("U01ALICE")).toMatchObject({
      source: "slack",
      handle: "alice",
      displayName: "Alice Andersen",
      email: "alice@acme.io",
      isBot: false,
      isDeleted: false,
      linkedHandles: [{ source: "github", handle: "alice-a" }],
    });
    expect(byId.get("U02BOB")?.linkedHandles).toEqual([{ source: "github", handle: "bobthebuilder" }]);
    expect(byId.get("U04DAVE")?.linkedHandles).toEqual([{ source: "github", handle: "dave-codes" }]);
    expect(byId.get("U03CAROL")).toMatchObject({ isDeleted: true, displayName: "Carol Chen", email: null });
    expect(byId.get("U03CAROL")?.linkedHandles).toBeUndefined();
    expect(byId.get("U05DEPLOYBOT")?.isBot).toBe(true);
    expect(byId.get("USLACKBOT")?.isBot).toBe(true);
    expect(byId.get("U09GUEST")).toMatchObject({ handle: "gina", displayName: "Gina Guest" });
  });

  it("skips joins, leaves, topics, message_changed, bot posts and Slackbot", () => {
    const actors = new Set(result.events.filter((e) => e.type !== "reaction").map((e) => e.actor.externalId));
    expect(actors.has("U05DEPLOYBOT")).toBe(false);
    expect(actors.has("USLACKBOT")).toBe(false);
    expect(result.events.some((e) => e.actor.externalId === "U05DEPLOYBOT")).toBe(false);
    expect(
      result.events
        .filter((e) => e.actor.externalId === "U03CAROL")
        .map((e) => e.type)
        .sort(),
    ).toEqual(["message", "reaction"]);
  });

  it("maps threads, reactions and edits with deterministic ids, channel names and times", () => {
    const byId = new Map(result.events.map((e) => [e.externalId, e]));
    expect(byId.get("C01GENERAL:1709280000.000100")).toMatchObject({
      type: "message",
      channel: "general",
      actor: { source: "slack", externalId: "U01ALICE" },
    });
    expect(byId.get("C01GENERAL:1709280000.000100")?.occurredAt.toISOString()).toBe(
      "2024-03-01T08:00:00.000Z",
    );
    expect(byId.get("C01GENERAL:1709280060.000200")).toMatchObject({
      type: "thread_reply",
      properties: { parentUserId: "U01ALICE" },
    });
    expect(byId.get("C01GENERAL:1709280090.000300")?.type).toBe("thread_reply");
    expect(byId.get("C01GENERAL:1709280060.000200:edit:1709280120.000000")).toMatchObject({
      type: "message_edit",
      actor: { externalId: "U02BOB" },
    });
    expect(byId.get("C01GENERAL:1709280000.000100:reaction:wave:U04DAVE")).toMatchObject({
      type: "reaction",
      properties: { emoji: "wave" },
    });
    // A human reaction on a bot's post counts; the bot's own reaction does not.
    expect(byId.has("C01GENERAL:1709283600.000400:reaction:rocket:U01ALICE")).toBe(true);
    expect(byId.has("C01GENERAL:1709283600.000400:reaction:rocket:U05DEPLOYBOT")).toBe(false);
    expect(byId.get("G01LEADS:1709542900.000200")).toMatchObject({ type: "thread_reply", channel: "leads" });
    expect(byId.get("C02DEV:1709290000.000100")).toMatchObject({
      type: "message",
      channel: "dev",
      properties: { files: 1, subtype: "file_share" },
    });
    expect(byId.size).toBe(result.events.length);
  });

  it("quarantines the malformed message with its day file and position", () => {
    expect(result.bad).toHaveLength(1);
    expect(result.bad[0]).toMatchObject({ ok: false, line: 3, file: "general/2024-03-02.json" });
    expect(result.bad[0].reason).toMatch(/ts/);
    expect(JSON.parse(result.bad[0].raw)).toMatchObject({ user: "U02BOB" });
  });

  it("is deterministic across runs", async () => {
    const again = await collect(parseSlackExport(EXPORT_DIR));
    expect(again.events.map((e) => e.externalId)).toEqual(result.events.map((e) => e.externalId));
  });
});

describe("parseSlackExport (zip)", () => {
  it("reads a zip, also when wrapped in a top folder, giving the same records", async () => {
    const dir = await tempDir();
    const plain = path.join(dir, "plain.zip");
    const wrapped = path.join(dir, "wrapped.zip");
    await zipFolder(EXPORT_DIR, plain);
    await zipFolder(EXPORT_DIR, wrapped, "Acme Slack export Mar 1 2024 - Mar 4 2024/");
    const folder = await collect(parseSlackExport(EXPORT_DIR));
    for (const zip of [plain, wrapped]) {
      const fromZip = await collect(parseSlackExport(zip));
      expect(countByType(fromZip.events)).toEqual(EXPECTED_COUNTS);
      expect(fromZip.identities).toHaveLength(7);
      expect(fromZip.events.map((e) => e.externalId).sort()).toEqual(
        folder.events.map((e) => e.externalId).sort(),
      );
      expect(fromZip.bad).toHaveLength(1);
      expect(fromZip.bad[0].file).toMatch(/^(Acme Slack export[^/]*\/)?general\/2024-03-02\.json$/);
      expect(fromZip.bad[0].line).toBe(3);
    }
  });

  it("reads an unpacked export one folder down, as unzipping a wrapped zip leaves it", async () => {
    const dir = await tempDir();
    await cp(EXPORT_DIR, path.join(dir, "Acme Slack export Mar 1 2024 - Mar 4 2024"), { recursive: true });
    await mkdir(path.join(dir, "__MACOSX"));
    const folder = await collect(parseSlackExport(EXPORT_DIR));
    const nested = await collect(parseSlackExport(dir));
    expect(nested.events.map((e) => e.externalId)).toEqual(folder.events.map((e) => e.externalId));
    expect(nested.bad.map((r) => r.file)).toEqual(folder.bad.map((r) => r.file));
  });

  it("credits an old export's file_comment (author only in `comment.user`) to that author", async () => {
    const dir = await tempDir();
    const exportDir = path.join(dir, "export");
    await cp(EXPORT_DIR, exportDir, { recursive: true });
    await mkdir(path.join(exportDir, "files"));
    // The shape of a pre-2018 export: no `user` at the top level of a file_comment message.
    await writeFile(
      path.join(exportDir, "files", "2017-05-02.json"),
      JSON.stringify([
        {
          type: "message",
          subtype: "file_comment",
          text: "<@U01ALICE> commented on <@U02BOB>'s file: looks good",
          file: { id: "F1", user: "U02BOB", name: "plan.pdf" },
          comment: {
            id: "Fc1",
            created: 1493726400,
            timestamp: 1493726400,
            user: "U01ALICE",
            comment: "looks good",
          },
          is_intro: false,
          ts: "1493726400.000002",
        },
      ]),
    );
    const { events, bad } = await collect(parseSlackExport(exportDir));
    const comment = events.filter((e) => e.channel === "files");
    expect(comment.map((e) => [e.type, e.actor.externalId, e.externalId])).toEqual([
      ["message", "U01ALICE", "files:1493726400.000002"],
    ]);
    expect(bad.filter((r) => r.file === "files/2017-05-02.json")).toEqual([]);
  });

  it("reads unmarked UTF-8 entry names (Info-ZIP on Linux/macOS) as the unpacked folder's names", async () => {
    const dir = await tempDir();
    const exportDir = path.join(dir, "export");
    await cp(EXPORT_DIR, exportDir, { recursive: true });
    await mkdir(path.join(exportDir, "日本語-chat"));
    await writeFile(
      path.join(exportDir, "日本語-chat", "2024-03-02.json"),
      '[{"type": "message", "ts": "1709380000.000100", "user": "U01ALICE", "text": "こんにちは"}]',
    );
    const zip = path.join(dir, "unmarked.zip");
    await zipFolder(exportDir, zip, "", { utf8Flag: false });
    const folder = await collect(parseSlackExport(exportDir));
    const fromZip = await collect(parseSlackExport(zip));
    const keys = (events: typeof folder.events) => events.map((e) => `${e.externalId} ${e.channel}`).sort();
    expect(keys(fromZip.events)).toEqual(keys(folder.events));
    expect(fromZip.events.filter((e) => e.channel === "日本語-chat")).toHaveLength(1);
  });

  it("sets a day file that is not JSON aside whole (entry path and line), or refuses the export with strict", async () => {
    const dir = await tempDir();
    const exportDir = path.join(dir, "export");
    await cp(EXPORT_DIR, exportDir, { recursive: true });
    await writeFile(
      path.join(exportDir, "dev", "2024-03-02.json"),
      '[\n  {"ts": "1709380000.000100", "user": "U01ALICE"},\n  {oops}\n]\n',
    );
    const zip = path.join(dir, "broken.zip");
    await zipFolder(exportDir, zip);
    const lenient = await collect(parseSlackExport(zip));
    const setAside = lenient.bad.filter((r) => r.wholeFile);
    expect(setAside).toEqual([
      expect.objectContaining({
        file: "dev/2024-03-02.json",
        line: 3,
        reason: expect.stringMatching(/^day file set aside: not JSON/),
      }),
    ]);
    expect(lenient.events.length).toBeGreaterThan(0);
    expect(
      lenient.events.some((e) => e.channel === "dev" && e.occurredAt.toISOString().startsWith("2024-03-02")),
    ).toBe(false);
    const error = await collect(parseSlackExport(zip, { strict: true })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MalformedFileError);
    expect(error).toMatchObject({ file: "dev/2024-03-02.json", line: 3 });
  });

  it("refuses a file that is not a zip, and a folder without users.json", async () => {
    const dir = await tempDir();
    const notZip = path.join(dir, "export.zip");
    await writeFile(notZip, "just text");
    await expect(collect(parseSlackExport(notZip))).rejects.toBeInstanceOf(MalformedFileError);
    const empty = path.join(dir, "empty");
    await mkdir(empty);
    await expect(collect(parseSlackExport(empty))).rejects.toThrow(/users\.json not found/);
    await expect(collect(parseSlackExport(path.join(EXPORT_DIR, "general")))).rejects.toThrow(
      /one channel's folder of day files, not a whole Slack export/,
    );
  });
});

describe("parseSlackExport: exports shaped otherwise", () => {
  it("reads an Enterprise Grid export's org_users.json, zipped in a top folder, as users.json", async () => {
    const dir = await tempDir();
    const grid = path.join(dir, "Acme Grid Slack export Mar 1 2024");
    await cp(EXPORT_DIR, grid, { recursive: true });
    await rename(path.join(grid, "users.json"), path.join(grid, "org_users.json"));
    await writeFile(path.join(grid, "canvases.json"), "[]");
    await writeFile(path.join(grid, "integration_logs.json"), '{"logs": []}');
    const zip = path.join(dir, "grid.zip");
    await zipFolder(dir, zip);
    const fromGrid = await collect(parseSlackExport(zip));
    expect(countByType(fromGrid.events)).toEqual(EXPECTED_COUNTS);
    expect(fromGrid.identities).toHaveLength(7);
    expect(fromGrid.identities.find((i) => i.externalId === "U01ALICE")?.email).toBe("alice@acme.io");
  });

  it("imports the messages of an export shared without users.json, with minimal identities", async () => {
    const dir = await tempDir();
    await cp(EXPORT_DIR, dir, { recursive: true });
    await rm(path.join(dir, "users.json"));
    const { events, identities, bad } = await collect(parseSlackExport(dir));
    // Nothing says who is a bot: the deploy bot's own (non-bot_message) post counts as a message.
    expect(events.length).toBeGreaterThanOrEqual(18);
    expect(new Set(events.map((e) => e.actor.externalId)).size).toBe(identities.length);
    expect(identities.every((i) => !i.email)).toBe(true);
    expect(bad.every((b) => b.file !== "users.json")).toBe(true);
  });

  it("keeps a message whose edit names no editor or whose reaction lists no users, without that part", async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, "users.json"), "[]");
    await mkdir(path.join(dir, "general"));
    const messages = [
      {
        type: "message",
        user: "U1",
        text: "a",
        ts: "1709251200.000100",
        edited: { ts: "1709251210.000000" },
      },
      {
        type: "message",
        user: "U1",
        text: "b",
        ts: "1709251300.000100",
        reactions: [{ name: "eyes", count: 3 }, { name: "+1", users: ["U2"], count: 1 }, "x"],
      },
      { type: "message", user: "U1", text: "no ts" },
    ];
    await writeFile(path.join(dir, "general", "2024-03-01.json"), JSON.stringify(messages));
    const { events, bad } = await collect(parseSlackExport(dir));
    expect(events.map((e) => `${e.type} ${e.actor.externalId}`)).toEqual([
      "message U1",
      "message U1",
      "reaction U2",
    ]);
    expect(bad).toEqual([expect.objectContaining({ file: "general/2024-03-01.json", line: 3 })]);
  });
});

describe("Slack helpers", () => {
  it.each([
    ["Staff engineer · github.com/alice-a", "alice-a"],
    ["https://GitHub.com/Octocat/", "Octocat"],
    ["GitHub: octocat", "octocat"],
    ["github @octo-cat", "octo-cat"],
    ["GH: mona", "mona"],
    ["Engineer at GitHub", null],
    ["GitHub Developer Relations", null],
    ["ghost: boo", null],
    ["github.com/orgs/acme", null],
    ["", null],
  ])("findGithubHandle(%j) → %j", (text, expected) => {
    expect(findGithubHandle(text)).toBe(expected);
  });

  it.each([
    ["general/2024-03-01.json", { folder: "general", date: "2024-03-01" }],
    ["D01ABC/2024-12-31.json", { folder: "D01ABC", date: "2024-12-31" }],
    ["users.json", null],
    ["general/notes.json", null],
    ["a/b/2024-03-01.json", null],
  ])("parseDayFilePath(%s)", (rel, expected) => {
    expect(parseDayFilePath(rel)).toEqual(expected);
  });

  // Shapes of an Enterprise Grid export (W… ids, `enterprise_user`), with DMs, group DMs, a private channel, an app's post
  // (bot_profile, its bot user missing from users.json, edited by the app's B… id), a legacy webhook post, a huddle, a
  // file upload opening a thread, Slack's tombstone of a deleted parent and a join.
  it("reads a Grid export's DMs, group DMs and private channels; an app's post, its edit, a huddle and a tombstone are no one's", async () => {
    const dir = path.join(await tempDir(), "grid");
    await mkdir(dir);
    const w = (p: string, v: unknown) => writeFile(path.join(dir, p), JSON.stringify(v));
    await w("users.json", [
      {
        id: "W01ANA",
        team_id: "T1",
        name: "ana",
        real_name: "Ana",
        deleted: false,
        is_bot: false,
        profile: { email: "ana@example.org", real_name: "Ana" },
        enterprise_user: {
          id: "W01ANA",
          enterprise_id: "E1",
          enterprise_name: "Org",
          is_admin: false,
          is_owner: false,
          teams: ["T1", "T2"],
        },
      },
      {
        id: "W02BEN",
        team_id: "T1",
        name: "ben",
        real_name: "Ben",
        deleted: false,
        is_bot: false,
        profile: { email: "ben@example.org" },
      },
    ]);
    await w("channels.json", [{ id: "C01GEN", name: "general", created: 1, members: ["W01ANA"] }]);
    await w("dms.json", [{ id: "D01AB", created: 1, members: ["W01ANA", "W02BEN"] }]);
    await w("mpims.json", [
      { id: "G01MP", name: "mpdm-ana--ben--cy-1", created: 1, members: ["W01ANA", "W02BEN"] },
    ]);
    await w("groups.json", [{ id: "G02SEC", name: "secret", created: 1, members: ["W01ANA"] }]);
    for (const d of ["general", "D01AB", "mpdm-ana--ben--cy-1", "secret"]) await mkdir(path.join(dir, d));
    await w("general/2024-03-01.json", [
      {
        type: "message",
        subtype: "channel_join",
        ts: "1709280000.000100",
        user: "W01ANA",
        text: "<@W01ANA> has joined",
      },
      {
        type: "message",
        ts: "1709280100.000100",
        user: "W0APPBOT",
        bot_id: "B0APP",
        app_id: "A1",
        text: "deploy done",
        bot_profile: { id: "B0APP", name: "Deployer", app_id: "A1", team_id: "T1" },
        edited: { user: "B0APP", ts: "1709280200.000000" },
        reactions: [{ name: "tada", users: ["W01ANA"], count: 1 }],
      },
      {
        type: "message",
        subtype: "bot_message",
        ts: "1709280150.000100",
        bot_id: "B0OLD",
        username: "old hook",
        text: "hi",
      },
      {
        type: "message",
        subtype: "huddle_thread",
        ts: "1709280300.000100",
        user: "W01ANA",
        text: "",
        room: {
          id: "R1",
          participants: [],
          participant_history: ["W01ANA", "W02BEN"],
          date_start: 1709280300,
          date_end: 1709281300,
        },
        no_notifications: true,
      },
      {
        type: "message",
        ts: "1709280400.000100",
        user: "W01ANA",
        text: "",
        upload: true,
        files: [{ id: "F1", name: "a.png" }],
        thread_ts: "1709280400.000100",
        reply_count: 1,
        reply_users: ["W02BEN"],
        latest_reply: "1709280500.000100",
        replies: [{ user: "W02BEN", ts: "1709280500.000100" }],
      },
      {
        type: "message",
        ts: "1709280500.000100",
        user: "W02BEN",
        text: "nice",
        thread_ts: "1709280400.000100",
        parent_user_id: "W01ANA",
      },
      {
        type: "message",
        subtype: "tombstone",
        ts: "1709280600.000100",
        user: "USLACKBOT",
        text: "This message was deleted.",
        hidden: true,
        thread_ts: "1709280600.000100",
        reply_count: 1,
      },
    ]);
    await w("D01AB/2024-03-01.json", [
      { type: "message", ts: "1709280700.000100", user: "W02BEN", text: "dm" },
    ]);
    await w("mpdm-ana--ben--cy-1/2024-03-01.json", [
      { type: "message", ts: "1709280800.000100", user: "W01ANA", text: "mp" },
    ]);
    await w("secret/2024-03-01.json", [
      { type: "message", ts: "1709280900.000100", user: "W02BEN", text: "s" },
    ]);
    const { events, identities, bad } = await collect(parseSlackExport(dir));
    expect(bad).toEqual([]);
    expect(events.map((e) => [e.externalId, e.actor.externalId, e.type, e.channel])).toEqual([
      ["D01AB:1709280700.000100", "W02BEN", "message", "D01AB"],
      ["C01GEN:1709280100.000100:reaction:tada:W01ANA", "W01ANA", "reaction", "general"],
      ["C01GEN:1709280400.000100", "W01ANA", "message", "general"],
      ["C01GEN:1709280500.000100", "W02BEN", "thread_reply", "general"],
      ["G01MP:1709280800.000100", "W01ANA", "message", "mpdm-ana--ben--cy-1"],
      ["G02SEC:1709280900.000100", "W02BEN", "message", "secret"],
    ]);
    expect(events[2].properties).toMatchObject({ files: 1, replyCount: 1 });
    expect(identities.map((i) => i.externalId)).toEqual(["W01ANA", "W02BEN"]);
  });

  it("reads seconds.micro timestamps exactly to the millisecond", () => {
    expect(slackTsToDate("1709280000.123456").toISOString()).toBe("2024-03-01T08:00:00.123Z");
    expect(slackTsToDate("1709280000").toISOString()).toBe("2024-03-01T08:00:00.000Z");
  });
});
