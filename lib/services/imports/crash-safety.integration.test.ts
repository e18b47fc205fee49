// Crash safety, all or nothing per file: a CLI import killed with SIGKILL mid-file leaves no trace in
// members, identities or events, and a re-run lands every row exactly once;
// a file that breaks in its last batch lands nothing either, and says where it broke.
import { describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { gzipSync } from "node:zlib";
import path from "node:path";
import { inject } from "vitest";
// Aliased: the hooks lint rule reads any "use…" call as a React hook.
import { truncateAll, useTestDatabase as openTestDatabase } from "@/lib/test/db";
import { tempDir } from "@/lib/ingest/__fixtures__/test-helpers";
import { runImport } from "./run-import";
import { tableCounts, writeSubscriptionCreatedEvents } from "./import-test-helpers";

const db = openTestDatabase();
const EVENTS = 150_000;

async function writeEvents(file: string, format: "jsonl" | "csv" = "jsonl"): Promise<void> {
  const out = createWriteStream(file);
  const base = Date.parse("2025-01-01T00:00:00Z");
  if (format === "csv")
    out.write("source,external_id,actor_source,actor_external_id,type,occurred_at,channel\n");
  for (let i = 0; i < EVENTS; i++) {
    const actor = (i * 7919) % 3000;
    const at = new Date(base + i * 60_000).toISOString();
    const line =
      format === "csv"
        ? `forum,p-${i},forum,u-${actor},forum_post,${at},c${i % 5}\n`
        : `{"kind":"event","source":"forum","external_id":"p-${i}","actor_source":"forum","actor_external_id":"u-${actor}","type":"forum_post","occurred_at":"${at}","channel":"c${i % 5}"}\n`;
    if (!out.write(line)) await new Promise<void>((r) => out.once("drain", () => r()));
  }
  await new Promise<void>((resolve, reject) =>
    out.end((error?: Error | null) => (error ? reject(error) : resolve())),
  );
}

async function killMidImport(file: string, source = "jsonl", readBeforeKill = 20_000): Promise<number> {
  const child = spawn(
    path.resolve("node_modules/.bin/tsx"),
    ["--conditions=react-server", "scripts/cli.ts", "import", source, file, "--no-recompute"],
    {
      env: { ...process.env, DATABASE_URL: inject("databaseUrl") },
      stdio: "ignore",
      // Its own process group: tsx runs the CLI in a grandchild, and the whole group must die at once.
      detached: true,
    },
  );
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  try {
    for (let waited = 0; waited < 300_000; waited += 25) {
      // Several batches read and written inside the run's transaction, which has not committed.
      const rows = await db.$queryRaw<
        { read: number }[]
      >`select read from import_runs order by id desc limit 1`;
      if (rows[0] && rows[0].read > readBeforeKill) break;
      await new Promise((r) => setTimeout(r, 25));
    }
  } finally {
    process.kill(-child.pid!, "SIGKILL");
    await exited;
  }
  return (await db.$queryRaw<{ read: number }[]>`select read from import_runs order by id desc limit 1`)[0]
    .read;
}

describe("crash safety", () => {
  it("a killed Stripe events import leaves nothing, though several batches were applied; run again, every event once", async () => {
    await truncateAll(db);
    // A batch is 5,000 events: the kill comes after at least two were applied. Progress is stored at most once a
    // second and this import reads ~5,000-8,000 events a second, so the file is long enough that the kill can't
    // arrive only after the last event was read (16,000 events raced the progress writes on a fast run).
    const STRIPE_EVENTS = 40_000;
    const file = path.join(await tempDir(), "stripe-events.jsonl");
    await writeSubscriptionCreatedEvents(file, STRIPE_EVENTS);

    const readAtKill = await killMidImport(file, "stripe-events", 10_000);
    expect(readAtKill).toBeGreaterThan(10_000);
    expect(readAtKill).toBeLessThan(STRIPE_EVENTS);
    expect(await tableCounts(db)).toMatchObject({ members: 0, identities: 0, subscriptions: 0, changes: 0 });
    const [{ n: processed }] = await db.$queryRaw<
      { n: number }[]
    >`select count(*)::int as n from processed_events`;
    expect(processed).toBe(0);

    const rerun = await runImport({ source: "stripe-events", file });
    expect(rerun).toMatchObject({
      status: "succeeded",
      imported: STRIPE_EVENTS,
      duplicates: 0,
      quarantined: 0,
    });
    expect(await tableCounts(db)).toMatchObject({ subscriptions: STRIPE_EVENTS });
  }, 600_000);

  it("a killed import leaves nothing; run again, it lands every row once", async () => {
    await truncateAll(db);
    const file = path.join(await tempDir(), "events.jsonl");
    await writeEvents(file);

    const readAtKill = await killMidImport(file);
    expect(readAtKill).toBeGreaterThan(20_000);
    expect(readAtKill).toBeLessThan(EVENTS);
    // All or nothing: batches were written inside the run's transaction, none of them committed.
    expect(await tableCounts(db)).toMatchObject({ members: 0, identities: 0, events: 0 });
    expect(await db.quarantinedRow.count()).toBe(0);

    const resumed = await runImport({ source: "jsonl", file });
    expect(resumed).toMatchObject({ status: "succeeded", imported: EVENTS, duplicates: 0, quarantined: 0 });
    // Nothing of the killed run was left, so the re-run is a clean run: every row exactly once.
    expect(await tableCounts(db)).toMatchObject({ events: EVENTS, identities: 3000, members: 3000 });
    expect(
      (
        await db.$queryRaw<{ n: number }[]>`select count(distinct external_id)::int as n from activity_events`
      )[0].n,
    ).toBe(EVENTS);
  }, 600_000);

  it.each([
    [
      "a CSV cut inside its last quoted field",
      "csv",
      "events.csv",
      /events\.csv:150002: unclosed quoted field/,
    ],
    [
      "a gzipped JSONL cut short at its end",
      "jsonl",
      "events.jsonl.gz",
      /events\.jsonl\.gz:\d+: cannot read file/,
    ],
  ] as const)(
    "%s lands nothing: no member, identity or event, and the run says where",
    async (_name, source, name, expected) => {
      await truncateAll(db);
      const dir = await tempDir();
      const file = path.join(dir, name);
      if (source === "csv") {
        await writeEvents(file, "csv");
        await writeFile(
          file,
          `${await readFile(file, "utf8")}forum,p-last,forum,u-1,forum_post,2026-01-01T00:00:00Z,"c1\n`,
        );
      } else {
        const plain = path.join(dir, "events.jsonl");
        await writeEvents(plain);
        const gz = gzipSync(await readFile(plain));
        await writeFile(file, gz.subarray(0, gz.length - 200));
      }
      const summary = await runImport({ source, file });
      expect(summary).toMatchObject({
        status: "failed",
        imported: 0,
        duplicates: 0,
        quarantined: 0,
        membersCreated: 0,
      });
      expect(summary.error).toMatch(expected);
      expect(summary.read).toBeGreaterThan(EVENTS - 20_000);
      expect(await tableCounts(db)).toMatchObject({ members: 0, identities: 0, events: 0 });
      const run = await db.importRun.findFirstOrThrow();
      // The stored run and the summary agree on what happened.
      expect(run).toMatchObject({ status: "failed", read: summary.read, imported: 0, quarantined: 0 });
      expect(run.error).toMatch(expected);
      expect(run.error).not.toContain(dir);
    },
    600_000,
  );
});
