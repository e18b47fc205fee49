// `rank candidates` after importing a history that ended long ago (the Mautic log ends in 2024): the
// ranking as of today is empty, and the command names the day that can be ranked instead.
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
// Aliased: the hooks lint rule reads any "use…" call as a React hook.
import { truncateAll, useTestDatabase as openTestDatabase } from "@/lib/test/db";
import { tempDir } from "@/lib/ingest/__fixtures__/test-helpers";
import { runImport } from "@/lib/services/imports/run-import";
import { run } from "./rank";

const db = openTestDatabase();
let errors: string[] = [];
beforeEach(async () => {
  await truncateAll(db);
  errors = [];
  vi.spyOn(console, "error").mockImplementation((line: unknown) => void errors.push(String(line)));
  vi.spyOn(console, "log").mockImplementation(() => {});
});
afterEach(() => vi.restoreAllMocks());

describe("rank candidates on a history that ended long ago", () => {
  it("says there is no recent activity and names the newest day to rank", async () => {
    const log = path.join(await tempDir(), "commits.tsv");
    const rows = Array.from(
      { length: 6 },
      (_, i) =>
        `b00000000000000000000000000000000000000${i}\tAuthor ${i % 3}\tauthor${i % 3}@example.org\t2024-10-${String(10 + i).padStart(2, "0")}T10:00:00+02:00`,
    );
    await writeFile(log, ["sha\tauthor_name\tauthor_email\tauthored_at", ...rows].join("\n") + "\n");
    expect(await runImport({ source: "git", file: log, repository: "acme/old" })).toMatchObject({
      status: "succeeded",
      imported: 6,
    });
    expect(await run(["rank", "candidates"])).toBe(1);
    expect(errors.at(-1)).toMatch(
      /^No candidates ranking as of \d{4}-\d\d-\d\d: there are no free members with recent activity to rank\. The newest activity is on 2024-10-15: rank that day with `--as-of 2024-10-15`\.$/,
    );
  }, 120_000);
});
