// A company address with a "+tag" (git's "jane+github@acme.io") is the mailbox of the member row's
// "jane@acme.io": one member, in either import order; the address is kept as written. An address that is only
// a tag, a "-" separator and "no+reply@" join nobody. A role address written under several names stays one
// person (yiisoft/yii2's "admin@" of one maintainer, under his name, his handles, a nickname and "root").
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
// Aliased: the hooks lint rule reads any "use…" call as a React hook.
import { truncateAll, useTestDatabase as openTestDatabase } from "@/lib/test/db";
import { runImport } from "@/lib/services/imports/run-import";
import { memberOf } from "@/lib/services/imports/import-test-helpers";
import { tempDir } from "@/lib/ingest/__fixtures__/test-helpers";

const db = openTestDatabase();
beforeEach(() => truncateAll(db));

const MEMBERS = [
  "member_key,name,email,joined_at",
  "m-1,Jane Doe,jane@acme.io,2023-01-15",
  "m-2,Noah Noreply,no@roygbyte.example,2023-01-15",
].join("\n");

// git log --no-merges --format='%H%x09%an%x09%ae%x09%aI%x09%(trailers:…)'
const LOG = [
  `${"1".repeat(40)}\tJane Doe\tJane+GitHub@acme.io\t2024-05-02T10:00:00+03:00\t`,
  `${"2".repeat(40)}\tJane Doe\tjane-work@acme.io\t2024-05-03T10:00:00+03:00\t`,
  `${"3".repeat(40)}\tBilling\t+billing@acme.io\t2024-05-04T10:00:00+03:00\t`,
  `${"4".repeat(40)}\tScarlett\tno+reply@roygbyte.example\t2024-05-05T10:00:00+03:00\t`,
].join("\n");

describe("sub-addressed company emails", () => {
  it.each([["members first"], ["git first"]])(
    "%s: jane+github@ joins jane@; other addresses do not",
    async (order) => {
      const dir = await tempDir();
      const [csv, log] = [path.join(dir, "members.csv"), path.join(dir, "commits.txt")];
      await writeFile(csv, MEMBERS + "\n");
      await writeFile(log, LOG + "\n");
      const steps = [
        () => runImport({ source: "csv", file: csv }),
        () => runImport({ source: "git", file: log, repository: "acme/x" }),
      ];
      if (order === "git first") steps.reverse();
      for (const step of steps) expect(await step()).toMatchObject({ status: "succeeded", quarantined: 0 });

      const jane = await memberOf(db, "csv", "m-1");
      expect(jane).toBeDefined();
      expect(await memberOf(db, "git", "jane+github@acme.io")).toBe(jane);
      const tagged = await db.identity.findFirst({ where: { externalId: "jane+github@acme.io" } });
      expect(tagged?.email).toBe("jane+github@acme.io");

      const others = await Promise.all(
        ["jane-work@acme.io", "+billing@acme.io", "no+reply@roygbyte.example"].map((e) =>
          memberOf(db, "git", e),
        ),
      );
      for (const other of others) {
        expect(other).toBeDefined();
        expect(other).not.toBe(jane);
      }
      expect(others[2]).not.toBe(await memberOf(db, "csv", "m-2"));
    },
    60_000,
  );
});

// yii2's shape, anonymised: one maintainer's site address under five names over four years.
const ROLE_LOG = ["╃巡洋艦㊣", "root", "cuiliang", "cuileon", "崔亮"]
  .map((name, i) => `${String(i + 1).repeat(40)}\t${name}\tadmin@site.example\t201${i + 4}-03-01T10:00:00Z\t`)
  .join("\n");

describe("a role address under several names", () => {
  it("stays one identity and one member (names alone split nobody)", async () => {
    const log = path.join(await tempDir(), "commits.txt");
    await writeFile(log, ROLE_LOG + "\n");
    expect(await runImport({ source: "git", file: log, repository: "acme/x" })).toMatchObject({
      status: "succeeded",
    });
    expect(await db.identity.count({ where: { source: "git" } })).toBe(1);
    expect(await db.member.count()).toBe(1);
    expect(await db.activityEvent.count()).toBe(5);
  }, 60_000);
});
