// #18 items 1 (run lifecycle) and 11: an import whose process dies is marked failed and the next
// one runs in a fresh process; at start-up, run states come from the job queue (a queued run stays
// queued and then succeeds cleanly; a run a dead worker held is failed and never runs again);
// /api/health answers 503 once the worker's heartbeat stops.
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { truncateAll, useTestDatabase as openTestDatabase } from "@/lib/test/db";
import { resetEnvCache } from "@/lib/env";
import { tempDir } from "@/lib/ingest/__fixtures__/test-helpers";
import { jobQueue, QUEUES, stopJobQueue } from "@/lib/jobs/queue";
import { runImportInChild } from "@/lib/jobs/import-process";
import { beat, HEARTBEAT_STALE_MS } from "@/lib/services/heartbeat";
import { GET as health } from "@/app/api/health/route";
import { runQueuedImport } from "./run-queued";
import { INTERRUPTED, reconcileImportRuns } from "./run-states";
import { queueImport, type ImportJob } from "./upload";

const db = openTestDatabase();
let dataDir: string;

beforeAll(async () => {
  dataDir = await tempDir();
  process.env.GROUNDSWELL_DATA_DIR = dataDir;
  resetEnvCache();
});
afterAll(async () => {
  await stopJobQueue();
  delete process.env.GROUNDSWELL_DATA_DIR;
  resetEnvCache();
});
beforeEach(async () => {
  await truncateAll(db);
  await (await jobQueue()).getDb().executeSql("delete from pgboss.job where name = $1", [QUEUES.importFile]);
});

async function gitLog(name: string, lines: number): Promise<string> {
  const file = path.join(dataDir, name);
  const rows = Array.from(
    { length: lines },
    (_, i) =>
      `${i.toString(16).padStart(40, "0")}\tDev ${i % 500}\tdev${i % 500}@example.org\t2025-0${1 + (i % 9)}-1${i % 10}T10:00:00Z`,
  );
  await writeFile(file, rows.join("\n") + "\n");
  return file;
}

async function queued(file: string, fileName: string): Promise<ImportJob> {
  const id = await queueImport(null, { source: "git", file, fileName, repository: "acme/widgets" }, 1);
  const jobs = await (await jobQueue()).fetch<ImportJob>(QUEUES.importFile, { batchSize: 10 });
  const job = jobs.find((j) => j.data.importRunId === id);
  if (!job) throw new Error("job not found");
  return job.data;
}

describe("import run lifecycle", () => {
  it("a killed import process marks its run failed; the next import runs in a fresh process", async () => {
    const big = await queued(await gitLog("big.tsv", 300_000), "big.tsv");
    const killed = runImportInChild(big, {
      onSpawn: (child) => {
        const poll = setInterval(async () => {
          const run = await db.importRun.findUnique({ where: { id: big.importRunId } });
          if (run?.status === "running") {
            clearInterval(poll);
            child.kill("SIGKILL");
          }
        }, 100);
        child.once("exit", () => clearInterval(poll));
      },
    });
    await expect(killed).rejects.toThrow(/stopped by SIGKILL/);
    const run = await db.importRun.findUniqueOrThrow({ where: { id: big.importRunId } });
    expect(run.status).toBe("failed");
    expect(run.error).toMatch(/import process was stopped by SIGKILL/);

    const small = await queued(await gitLog("small.tsv", 20), "small.tsv");
    const summary = await runImportInChild(small);
    expect(summary).toMatchObject({ status: "succeeded", imported: 20 });
  }, 120_000);

  it("at start-up decides run states from the queue: waiting runs stay queued and succeed cleanly, a dead worker's run fails and is not run again", async () => {
    const boss = await jobQueue();
    // Waiting in the queue for two minutes (the old rule failed it at boot, then ran it anyway).
    const waitingId = await queueImport(
      null,
      { source: "git", file: await gitLog("w.tsv", 5), fileName: "w.tsv", repository: "a/b" },
      1,
    );
    await db.importRun.update({
      where: { id: waitingId },
      data: { startedAt: new Date(Date.now() - 120_000) },
    });
    // Taken by a worker that died straight after (within the old 60 s blind spot).
    const heldId = await queueImport(
      null,
      { source: "git", file: await gitLog("h.tsv", 5), fileName: "h.tsv", repository: "a/b" },
      1,
    );
    const taken = await boss.fetch<ImportJob>(QUEUES.importFile, { batchSize: 10 });
    const held = taken.find((j) => j.data.importRunId === heldId)!;
    const waiting = taken.find((j) => j.data.importRunId === waitingId)!;
    await db.$executeRaw`update pgboss.job set state = 'created' where id = ${waiting.id}::uuid`; // put it back: still waiting
    await db.importRun.update({ where: { id: heldId }, data: { status: "running" } });

    expect(await reconcileImportRuns()).toEqual({ failed: 1, queued: 0 });
    expect(await db.importRun.findUniqueOrThrow({ where: { id: heldId } })).toMatchObject({
      status: "failed",
      error: INTERRUPTED,
    });
    expect(await db.importRun.findUniqueOrThrow({ where: { id: waitingId } })).toMatchObject({
      status: "queued",
    });
    const [{ state }] = await db.$queryRaw<{ state: string }[]>`
      select state::text from pgboss.job where id = ${held.id}::uuid`;
    expect(state).toBe("cancelled");
    // Even if the held job's data reached a worker, the failed run is not run over.
    await expect(runQueuedImport(held.data)).rejects.toThrow(/no longer queued/);
    expect(await db.importRun.findUniqueOrThrow({ where: { id: heldId } })).toMatchObject({
      status: "failed",
      error: INTERRUPTED,
    });
    expect(await runQueuedImport(waiting.data)).toMatchObject({ status: "succeeded" });
    expect(await db.importRun.findUniqueOrThrow({ where: { id: waitingId } })).toMatchObject({
      status: "succeeded",
      error: null,
    });
  }, 120_000);

  it("/api/health is 503 when the worker's heartbeat has stopped", async () => {
    expect((await (await health()).json()).worker).toBe("not started");
    await beat();
    const up = await health();
    expect(up.status).toBe(200);
    expect(await up.json()).toMatchObject({ status: "ok", worker: "up" });
    await beat(new Date(Date.now() - HEARTBEAT_STALE_MS - 1000));
    const down = await health();
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({ status: "degraded", worker: "down" });
  });
});
