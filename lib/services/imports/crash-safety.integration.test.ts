// Crash safety: a CLI import killed with SIGKILL mid-file, then run again, leaves exactly the rows
// of one clean run (same counts, same checksum over source + external id); nothing half-written.
import { describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
import path from "node:path";
import { inject } from "vitest";
// Aliased: the hooks lint rule reads any "use…" call as a React hook.
import { truncateAll, useTestDatabase as openTestDatabase } from "@/lib/test/db";
import { tempDir } from "@/lib/ingest/__fixtures__/test-helpers";
import { runImport } from "./run-import";
import { importChecksum, tableCounts } from "./import-test-helpers";

const db = openTestDatabase();
const EVENTS = 150_000;

async function writeEvents(file: string): Promise<void> {
  const out = createWriteStream(file);
  const base = Date.parse("2025-01-01T00:00:00Z");
  for (let i = 0; i < EVENTS; i++) {
    const actor = (i * 7919) % 3000;
    const line = `{"kind":"event","source":"forum","external_id":"p-${i}","actor_source":"forum","actor_external_id":"u-${actor}","type":"forum_post","occurred_at":"${new Date(base + i * 60_000).toISOString()}","channel":"c${i % 5}"}\n`;
    if (!out.write(line)) await new Promise<void>((r) => out.once("drain", () => r()));
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
}

async function killMidImport(file: string): Promise<number> {
  const child = spawn(path.resolve("node_modules/.bin/tsx"), ["--conditions=react-server", "scripts/cli.ts", "import", "jsonl", file, "--no-recompute"], {
    env: { ...process.env, DATABASE_URL: inject("databaseUrl") },
    stdio: "ignore",
    // Its own process group: tsx runs the CLI in a grandchild, and the whole group must die at once.
    detached: true,
  });
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  try {
    for (let waited = 0; waited < 90_000; waited += 25) {
      const rows = await db.$queryRaw<{ imported: number }[]>`select imported from import_runs order by id desc limit 1`;
      if (rows[0] && rows[0].imported > 0) break;
      await new Promise((r) => setTimeout(r, 25));
    }
  } finally {
    process.kill(-child.pid!, "SIGKILL");
    await exited;
  }
  return (await db.$queryRaw<{ imported: number }[]>`select imported from import_runs order by id desc limit 1`)[0].imported;
}

describe("crash safety", () => {
  it("a killed import, run again, equals one clean run", async () => {
    await truncateAll(db);
    const file = path.join(await tempDir(), "events.jsonl");
    await writeEvents(file);

    const committedAtKill = await killMidImport(file);
    expect(committedAtKill).toBeGreaterThan(0);
    expect(committedAtKill).toBeLessThan(EVENTS);
    const afterKill = await tableCounts(db);
    // Whole batches only: the events committed are exactly what the run's counter says.
    expect(afterKill.events).toBe(committedAtKill);
    expect((await db.importRun.findFirstOrThrow()).status).toBe("running");

    const resumed = await runImport({ source: "jsonl", file });
    expect(resumed).toMatchObject({ status: "succeeded", imported: EVENTS - committedAtKill, duplicates: committedAtKill, quarantined: 0 });
    const resumedCounts = await tableCounts(db);
    const resumedSum = await importChecksum(db);

    await truncateAll(db);
    const clean = await runImport({ source: "jsonl", file });
    expect(clean).toMatchObject({ status: "succeeded", imported: EVENTS, duplicates: 0 });
    expect(await tableCounts(db)).toEqual(resumedCounts);
    expect(resumedCounts).toMatchObject({ events: EVENTS, identities: 3000, members: 3000 });
    expect(await importChecksum(db)).toBe(resumedSum);
  }, 240_000);
});
