// Files a new user brings, shaped by the tools that write them rather than by our generators,
// imported into a real database: a Slack export zipped on Linux/macOS (UTF-8 names without zip's
// UTF-8 flag) then its unpacked folder, and a git log with Co-authored-by trailers. Each must land
// once, with its names intact, and join the people the other sources already know.
import { cp, mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
// Aliased: the hooks lint rule reads any "use…" call as a React hook.
import { truncateAll, useTestDatabase as openTestDatabase } from "@/lib/test/db";
import { runImport } from "@/lib/services/imports/run-import";
import { memberOf, tableCounts } from "@/lib/services/imports/import-test-helpers";
import { FIXTURES, tempDir, zipFolder } from "./__fixtures__/test-helpers";

const db = openTestDatabase();
beforeEach(() => truncateAll(db));

async function slackExportWithUnicodeChannel(): Promise<string> {
  const dir = path.join(await tempDir(), "export");
  await cp(path.join(FIXTURES, "slack-export"), dir, { recursive: true });
  await mkdir(path.join(dir, "日本語-chat"));
  await writeFile(
    path.join(dir, "日本語-chat", "2024-03-02.json"),
    JSON.stringify([
      { type: "message", ts: "1709380000.000100", user: "U01ALICE", text: "こんにちは 👋" },
      {
        type: "message",
        ts: "1709380100.000200",
        user: "U02BOB",
        text: "🍣",
        reactions: [{ name: "寿司", users: ["U01ALICE"], count: 1 }],
      },
    ]),
  );
  return dir;
}

describe("a Slack export zipped without the UTF-8 flag, then unpacked", () => {
  it("stores the channel's real name, and the folder adds nothing after the zip", async () => {
    const folder = await slackExportWithUnicodeChannel();
    const zip = path.join(path.dirname(folder), "export.zip");
    await zipFolder(folder, zip, "", { utf8Flag: false });

    const fromZip = await runImport({ source: "slack", file: zip });
    expect(fromZip.status).toBe("succeeded");
    const afterZip = await tableCounts(db);
    const channels = await db.activityEvent.findMany({
      where: { channel: { not: null } },
      distinct: ["channel"],
      select: { channel: true },
    });
    expect(channels.map((c) => c.channel).sort()).toContain("日本語-chat");
    expect(channels.every((c) => !/[æœ]/.test(c.channel ?? ""))).toBe(true);
    expect(await db.activityEvent.count({ where: { channel: "日本語-chat" } })).toBe(3);

    const fromFolder = await runImport({ source: "slack", file: folder });
    expect(fromFolder).toMatchObject({ status: "succeeded", imported: 0 });
    expect(await tableCounts(db)).toEqual(afterZip);
  }, 60_000);
});

describe("a git log with Co-authored-by trailers", () => {
  it("credits the co-author once, joined by email to the Slack member, across re-imports", async () => {
    await runImport({ source: "slack", file: path.join(FIXTURES, "slack-export") });
    const dir = await tempDir();
    const log = path.join(dir, "commits.txt");
    // git log --format='%H%x09%an%x09%ae%x09%aI%x09%(trailers:key=Co-authored-by,valueonly,separator=%x1f)'
    await writeFile(
      log,
      [
        "1111111111111111111111111111111111111111\tDave D\tdave@example-corp.co.uk\t2024-03-04T09:00:00+09:00\tAlice Andersen <alice@acme.io>\u001fDave D <dave@example-corp.co.uk>",
        "2222222222222222222222222222222222222222\tDave D\tdave@example-corp.co.uk\t2024-03-05 10:00:00 +0200\tfix: a subject, not trailers",
      ].join("\n") + "\n",
    );
    const first = await runImport({ source: "git", file: log, repository: "acme/x" });
    expect(first).toMatchObject({ status: "succeeded", imported: 3, quarantined: 0 });
    const again = await runImport({ source: "git", file: log, repository: "acme/x" });
    expect(again).toMatchObject({ status: "succeeded", imported: 0, duplicates: 3 });

    const commits = await db.$queryRaw<{ event: string; author: string }[]>`
      select e.external_id as event, i.external_id as author
        from activity_events e join identities i on i.id = e.identity_id
       where e.source = 'git' and e.type = 'commit' order by e.external_id`;
    expect(commits.map((c) => [c.event, c.author])).toEqual([
      ["1111111111111111111111111111111111111111", "dave@example-corp.co.uk"],
      ["1111111111111111111111111111111111111111:co-author:alice@acme.io", "alice@acme.io"],
      ["2222222222222222222222222222222222222222", "dave@example-corp.co.uk"],
    ]);
    expect(await memberOf(db, "git", "alice@acme.io")).toBe(await memberOf(db, "slack", "U01ALICE"));
    expect(await memberOf(db, "git", "dave@example-corp.co.uk")).toBe(await memberOf(db, "slack", "U04DAVE"));
  }, 60_000);

  it("reads a log mixing UTF-8 and Latin-1 names without mangling either", async () => {
    const dir = await tempDir();
    const utf8Log = path.join(dir, "utf8.txt");
    const mixedLog = path.join(dir, "mixed.txt");
    const jose =
      "3333333333333333333333333333333333333333\tJosé Müller\tjose@acme.io\t2024-03-01T10:00:00+01:00\n";
    await writeFile(utf8Log, jose);
    await writeFile(
      mixedLog,
      Buffer.concat([
        Buffer.from(jose, "utf8"),
        // An old commit written in Latin-1 without an encoding header: git log prints its bytes as they are.
        Buffer.from(
          "4444444444444444444444444444444444444444\tFran\xe7ois L\xe9ger\tfl@example.org\t2004-03-01T10:00:00+01:00\n",
          "latin1",
        ),
      ]),
    );
    expect(await runImport({ source: "git", file: utf8Log })).toMatchObject({ status: "succeeded" });
    const refused = await runImport({ source: "git", file: mixedLog, encoding: "utf-8" });
    expect(refused).toMatchObject({ status: "failed" });
    expect(refused.error).toContain(":2: not valid UTF-8 text");
    // Unless told the file is UTF-8, git reads it so by itself (round 13: curl's log); the same as --encoding windows-1252.
    const mixed = await runImport({ source: "git", file: mixedLog });
    expect(mixed).toMatchObject({ status: "succeeded", imported: 1, duplicates: 1 });
    const forced = await runImport({ source: "git", file: mixedLog, encoding: "windows-1252" });
    expect(forced).toMatchObject({ status: "succeeded", imported: 0, duplicates: 2 });
    const names = await db.identity.findMany({
      where: { source: "git" },
      select: { displayName: true },
      orderBy: { externalId: "asc" },
    });
    expect(names.map((n) => n.displayName)).toEqual(["François Léger", "José Müller"]);
  }, 60_000);
});

describe("a git log whose authors write from their own domains", () => {
  it("credits organisations by company domain only, not by a person's own name", async () => {
    // Rows as in the Mautic log (shared/data/mautic-commits.tsv): personal domains beside companies.
    const log = path.join(await tempDir(), "commits.tsv");
    await writeFile(
      log,
      [
        "sha\tauthor_name\tauthor_email\tauthored_at",
        "a000000000000000000000000000000000000001\tZdeno Kuzmany\tzdeno@kuzmany.biz\t2024-03-01T10:00:00+01:00",
        "a000000000000000000000000000000000000002\tLukáš Drahý\tlukas@drahy.net\t2024-03-02T10:00:00+01:00",
        "a000000000000000000000000000000000000003\tDennis Ameling (he/him)\tdennis@dennisameling.com\t2024-03-03T10:00:00+01:00",
        "a000000000000000000000000000000000000004\tDana Linhartová\tdana@linhart.email\t2024-03-04T10:00:00+01:00",
        "a000000000000000000000000000000000000005\tNilesh Lohar\tnilesh.lohar@acquia.com\t2024-03-05T10:00:00+05:30",
        "a000000000000000000000000000000000000006\tAlan Hartless\talan@devkardia.com\t2024-03-06T10:00:00-05:00",
      ].join("\n") + "\n",
    );
    expect(await runImport({ source: "git", file: log, repository: "mautic/mautic" })).toMatchObject({
      status: "succeeded",
      imported: 6,
    });
    const orgs = await db.organization.findMany({ select: { name: true }, orderBy: { name: "asc" } });
    expect(orgs.map((o) => o.name)).toEqual(["Acquia", "Devkardia"]);
    expect(await db.affiliation.count()).toBe(2);
  }, 60_000);
});
