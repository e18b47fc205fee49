// An import must not depend on the planner's statistics being right: autovacuum may ANALYZE the tables while an
// import's rows are still uncommitted, and then counts them as absent. Here the statistics say "empty" from the start
// (rows another transaction wrote, analyzed, then rolled back): the Stripe import used to spend minutes in one
// statement per batch (members × subscriptions); it must finish in seconds, and leave the statistics put right.
import { describe, expect, it } from "vitest";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { truncateAll, useTestDatabase as openTestDatabase } from "@/lib/test/db";
import { tempDir } from "@/lib/ingest/__fixtures__/test-helpers";
import { runImport } from "./run-import";
import { tableCounts, writeSubscriptionCreatedEvents } from "./import-test-helpers";

const db = openTestDatabase();
const EVENTS = 16_000; // four batches of Stripe events

async function plannedRows(table: string): Promise<number> {
  const [row] = await db.$queryRaw<
    { n: number }[]
  >`select reltuples::float8 as n from pg_class where relname = ${table}`;
  return row.n;
}

describe("planner statistics", () => {
  it("an import planned on statistics that say its tables are empty finishes in seconds and puts them right", async () => {
    await truncateAll(db);
    const file = path.join(await tempDir(), "stripe-events.jsonl");
    await writeSubscriptionCreatedEvents(file, EVENTS);

    await db
      .$transaction(
        async (tx) => {
          await tx.$executeRaw`insert into members (display_name, updated_at) select 'x' || g, now() from generate_series(1, 20000) g`;
          await tx.$executeRaw`insert into subscriptions (member_id, source, external_id, status, started_at, updated_at)
            select id, 'stripe', 'p' || id, 'active', now(), now() from members`;
          await db.$executeRaw`analyze members, subscriptions`; // another session: sees none of these rows
          throw new Error("roll back");
        },
        { timeout: 60_000 },
      )
      .catch(() => undefined);
    expect(await plannedRows("members")).toBe(0);
    expect(await plannedRows("subscriptions")).toBe(0);

    const started = Date.now();
    const run = await runImport({ source: "stripe-events", file });
    const seconds = (Date.now() - started) / 1000;
    expect(run).toMatchObject({ status: "succeeded", imported: EVENTS, quarantined: 0 });
    expect(await tableCounts(db)).toMatchObject({ members: EVENTS, subscriptions: EVENTS });
    const [{ mrr }] = await db.$queryRaw<
      { mrr: number }[]
    >`select sum(current_mrr_cents)::int as mrr from members`;
    expect(mrr).toBe(EVENTS * 3000);
    // Linear work takes ~5 s here; the quadratic plan did not finish in 10 minutes.
    expect(seconds).toBeLessThan(90);
    expect(await plannedRows("members")).toBeGreaterThan(EVENTS * 0.9);
    expect(await plannedRows("subscriptions")).toBeGreaterThan(EVENTS * 0.9);
  }, 300_000);

  it("a large import leaves every per-member table counted, affiliations too (the summary's suggestions join them)", async () => {
    await truncateAll(db);
    const authors = 1_200;
    const file = path.join(await tempDir(), "one-company.tsv");
    const lines = ["sha\tauthor_name\tauthor_email\tauthored_at"];
    for (let i = 0; i < authors; i++)
      lines.push(
        `${i.toString(16).padStart(40, "0")}\tAuthor Number${i}\tauthor${i}@widgets-inc.com\t2024-06-01T00:00:00Z`,
      );
    await writeFile(file, lines.join("\n") + "\n");
    const run = await runImport({ source: "git", file });
    expect(run).toMatchObject({ status: "succeeded", imported: authors, membersCreated: authors });
    for (const table of ["members", "identities", "affiliations"])
      expect(await plannedRows(table)).toBeGreaterThan(authors * 0.9);
  }, 120_000);
});
