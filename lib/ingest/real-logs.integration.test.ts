// Shapes found in real public histories (octokit/rest.js, yiisoft/yii2, vuejs/core; round 13), trimmed and
// anonymised: one GitHub account committing under its old and new login, automation committing under plain
// names, two people sharing a first name, and git's placeholder address. Imported into a real database, in
// both orders with GitHub.
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
// Aliased: the hooks lint rule reads any "use…" call as a React hook.
import { truncateAll, useTestDatabase as openTestDatabase } from "@/lib/test/db";
import { runImport } from "@/lib/services/imports/run-import";
import { memberOf } from "@/lib/services/imports/import-test-helpers";
import { tempDir } from "./__fixtures__/test-helpers";

const db = openTestDatabase();
beforeEach(() => truncateAll(db));

const OLD = "63721828+old-login@users.noreply.github.com";
const NEW = "63721828+new-login@users.noreply.github.com";

// git log --no-merges --format='%H%x09%an%x09%ae%x09%aI%x09%(trailers:key=Co-authored-by,valueonly,separator=%x1f)'
const LOG = [
  `${"1".repeat(40)}\tMax Example\t${OLD}\t2023-05-02T10:00:00+03:00\t`,
  `${"2".repeat(40)}\tMax Example\t${NEW}\t2024-08-01T10:00:00+03:00\t`,
  `${"3".repeat(40)}\trenovate[bot]\t29139614+renovate[bot]@users.noreply.github.com\t2021-10-10T17:34:04-07:00\tRenovate Bot <bot@renovateapp.com>`,
  `${"4".repeat(40)}\tvue-bot\tbot@vuejs.org\t2020-01-01T00:00:00Z\t`,
  `${"5".repeat(40)}\tCopilot\t198982749+Copilot@users.noreply.github.com\t2025-09-01T00:00:00Z\t`,
  `${"6".repeat(40)}\tJohn\tjohn@one.example\t2022-01-01T00:00:00Z\t`,
  `${"7".repeat(40)}\tJohn\tjohn@two.example\t2022-01-02T00:00:00Z\t`,
  // git's placeholder when user.email is unset: a laptop's name, no organisation
  `${"8".repeat(40)}\tandrey\tandrey@presario.(none)\t2011-06-01T00:00:00Z\t`,
].join("\n");

// The same account in GH Archive, under its new login.
const ARCHIVE = JSON.stringify({
  id: "40000000001",
  type: "IssuesEvent",
  actor: { id: 63721828, login: "new-login" },
  repo: { id: 1, name: "acme/x" },
  payload: { action: "opened", issue: { number: 1 } },
  public: true,
  created_at: "2024-08-02T10:00:00Z",
});

async function files() {
  const dir = await tempDir();
  const log = path.join(dir, "commits.txt");
  const archive = path.join(dir, "events.json");
  await writeFile(log, LOG + "\n");
  await writeFile(archive, ARCHIVE + "\n");
  return { log, archive };
}

describe("real git logs, with GitHub", () => {
  it.each([["git first"], ["GitHub first"]])(
    "%s: one account under two logins is one member; bots and namesakes stay apart",
    async (order) => {
      const { log, archive } = await files();
      const steps = [
        () => runImport({ source: "git", file: log, repository: "acme/x" }),
        () => runImport({ source: "github", file: archive }),
      ];
      if (order === "GitHub first") steps.reverse();
      for (const step of steps) expect(await step()).toMatchObject({ status: "succeeded", quarantined: 0 });

      const max = await memberOf(db, "git", OLD);
      expect(max).toBeDefined();
      expect(await memberOf(db, "git", NEW)).toBe(max);
      expect(await memberOf(db, "github", "63721828")).toBe(max);

      const bots = await db.identity.findMany({
        where: { isBot: true },
        select: { externalId: true },
        orderBy: { externalId: "asc" },
      });
      expect(bots.map((b) => b.externalId)).toEqual([
        "198982749+copilot@users.noreply.github.com",
        "29139614+renovate[bot]@users.noreply.github.com",
        "bot@renovateapp.com",
        "bot@vuejs.org",
      ]);
      expect(await db.organization.count({ where: { name: "Presario" } })).toBe(0);
      expect(await memberOf(db, "git", "john@one.example")).not.toBe(
        await memberOf(db, "git", "john@two.example"),
      );
    },
    60_000,
  );
});
