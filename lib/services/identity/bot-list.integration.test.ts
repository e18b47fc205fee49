// The admin's bot list: stored accounts it names become bots (claims dropped, member flagged when no
// person is left in it), and accounts imported later are bots from the start, never linked.
import { beforeEach, describe, expect, it } from "vitest";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { truncateAll, useTestDatabase as openTestDatabase } from "@/lib/test/db";
import { tempDir } from "@/lib/ingest/__fixtures__/test-helpers";
import { runImport } from "@/lib/services/imports/run-import";
import { readBotList, saveBotList } from "./bot-list";

const db = openTestDatabase();
beforeEach(() => truncateAll(db));

describe("bot list", () => {
  it("flags listed accounts already stored and those imported later", async () => {
    const dir = await tempDir();
    const first = path.join(dir, "a.tsv");
    await writeFile(
      first,
      [
        `${"a".repeat(40)}\tRelease Runner\trelease@acme.io\t2025-01-01T00:00:00Z`,
        `${"b".repeat(40)}\tAda\tada@acme.io\t2025-01-02T00:00:00Z`,
      ].join("\n") + "\n",
    );
    await runImport({ source: "git", file: first, repository: "acme/x" });
    const runner = await db.identity.findUniqueOrThrow({
      where: { source_externalId: { source: "git", externalId: "release@acme.io" } },
    });
    expect(runner.isBot).toBe(false);

    expect(await saveBotList(null, "Release Runner\n ci@acme.io ")).toEqual({
      entries: 2,
      identitiesFlagged: 1,
    });
    expect(await readBotList()).toEqual(["release runner", "ci@acme.io"]);
    expect(await db.member.findUniqueOrThrow({ where: { id: runner.memberId } })).toMatchObject({
      isBot: true,
    });
    expect(await db.identityClaim.count({ where: { identityId: runner.id } })).toBe(0);
    const ada = await db.identity.findUniqueOrThrow({
      where: { source_externalId: { source: "git", externalId: "ada@acme.io" } },
      include: { member: true },
    });
    expect(ada.member.isBot).toBe(false);

    // Imported later under the listed email, with a person's name: a bot, and not joined to anyone.
    const second = path.join(dir, "b.tsv");
    await writeFile(second, `${"c".repeat(40)}\tAda\tci@acme.io\t2025-01-03T00:00:00Z\n`);
    await runImport({ source: "git", file: second, repository: "acme/x" });
    const ci = await db.identity.findUniqueOrThrow({
      where: { source_externalId: { source: "git", externalId: "ci@acme.io" } },
      include: { member: true },
    });
    expect(ci).toMatchObject({ isBot: true, member: { isBot: true } });
    expect(ci.memberId).not.toBe(ada.memberId);
  });
});
