// Statistics left saying "empty" by an ANALYZE that ran while a writer's rows were uncommitted: the writers that
// fill tables in long transactions (an import, the rollups rebuild) must put them right when they commit, however
// small their own work was. The state is made deterministically: rows written in one transaction, analyzed from
// another session before the commit.
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { truncateAll, useTestDatabase } from "@/lib/test/db";
import { tempDir } from "@/lib/ingest/__fixtures__/test-helpers";
import { runImport } from "@/lib/services/imports/run-import";
import { rebuildWeeklyActivity } from "@/lib/services/rollups";
import { analyzeTablesPlannedEmpty, tablesPlannedEmpty } from "./planner-statistics";

const db = useTestDatabase();
const MEMBERS = 5_000;

async function plannedRows(table: string): Promise<number> {
  const [row] = await db.$queryRaw<{ n: number }[]>`
    select reltuples::float8 as n from pg_class where relname = ${table} and relnamespace = current_schema()::regnamespace`;
  return row.n;
}

/** Commits MEMBERS members that the statistics, analyzed mid-transaction from another session, count as none. */
async function membersCommittedWhilePlannedEmpty(): Promise<void> {
  await db.$transaction(
    async (tx) => {
      await tx.$executeRaw`insert into members (display_name, updated_at) select 'x' || g, now() from generate_series(1, ${MEMBERS}) g`;
      await db.$executeRaw`analyze members`; // another session: sees none of these rows
    },
    { timeout: 60_000 },
  );
  expect(await plannedRows("members")).toBe(0);
  expect(await tablesPlannedEmpty()).toContain("members");
}

describe("statistics that say a full table is empty", () => {
  beforeEach(async () => {
    await truncateAll(db);
    await membersCommittedWhilePlannedEmpty();
  }, 60_000);

  it("are found in the catalogue and analyzed, and only those tables", async () => {
    expect(await analyzeTablesPlannedEmpty()).toContain("members");
    expect(await plannedRows("members")).toBeGreaterThan(MEMBERS * 0.9);
    expect(await tablesPlannedEmpty()).not.toContain("members");
    expect(await analyzeTablesPlannedEmpty()).not.toContain("members");
  });

  it("are put right by an import too small for the large-import analyze", async () => {
    const file = path.join(await tempDir(), "three.tsv");
    const lines = ["sha\tauthor_name\tauthor_email\tauthored_at"];
    for (let i = 0; i < 3; i++)
      lines.push(
        `${i.toString(16).padStart(40, "0")}\tAuthor ${i}\ta${i}@example.org\t2024-06-0${i + 1}T00:00:00Z`,
      );
    await writeFile(file, lines.join("\n") + "\n");
    expect(await runImport({ source: "git", file })).toMatchObject({
      status: "succeeded",
      membersCreated: 3,
    });
    expect(await plannedRows("members")).toBeGreaterThan(MEMBERS * 0.9);
  }, 60_000);

  it("are put right by the rollups rebuild", async () => {
    await rebuildWeeklyActivity({ full: true });
    expect(await plannedRows("members")).toBeGreaterThan(MEMBERS * 0.9);
  }, 60_000);
});
