// Upload → queue → worker → progress → quarantine CSV, through the route handlers and a real
// pg-boss queue in the test database; viewers and read-only tokens cannot upload.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { readFile, readdir } from "node:fs/promises";
import path from "node:path";
// Aliased: the hooks lint rule reads any "use…" call as a React hook.
import { truncateAll, useTestDatabase as openTestDatabase } from "@/lib/test/db";
import { resetEnvCache } from "@/lib/env";
import { hashToken } from "@/lib/auth/api-token";
import { FIXTURES, tempDir } from "@/lib/ingest/__fixtures__/test-helpers";
import { jobQueue, QUEUES, stopJobQueue } from "@/lib/jobs/queue";
import { runQueuedImport } from "@/lib/services/imports/run-queued";
import type { ImportJob } from "@/lib/services/imports/upload";
import { GET as listRuns, POST as upload } from "./route";
import { GET as getRun } from "./[id]/route";
import { GET as getQuarantine } from "./[id]/quarantine/route";

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
beforeEach(() => truncateAll(db));

async function token(scopes: string[]): Promise<string> {
  const admin = await db.adminUser.upsert({
    where: { email: "a@example.org" },
    create: { email: "a@example.org", passwordHash: "x", role: "admin" },
    update: {},
  });
  const value = `gsw_test_${scopes.join("_")}`;
  await db.apiToken.create({
    data: {
      name: "t",
      scopes,
      createdById: admin.id,
      tokenHash: hashToken(value),
      prefix: value.slice(0, 10),
    },
  });
  return value;
}

const params = (id: number) => ({ params: Promise.resolve({ id: String(id) }) });

describe("/api/v1/imports", () => {
  it("streams an upload to disk, queues it, runs it, reports progress and quarantine", async () => {
    const writer = await token(["imports:write"]);
    const reader = await token(["read"]);
    const body = await readFile(path.join(FIXTURES, "git-log-sample.txt"));
    const post = (bearer: string, query = "source=git&repository=acme/widgets") =>
      upload(
        new Request(`http://localhost/api/v1/imports?${query}`, {
          method: "POST",
          headers: {
            authorization: `Bearer ${bearer}`,
            "x-file-name": encodeURIComponent("git log (1).tsv"),
          },
          body,
        }),
      );

    expect((await post(reader)).status).toBe(403);
    expect((await post(writer, "source=nope")).status).toBe(400);
    const res = await post(writer);
    expect(res.status).toBe(202);
    const { id, bytes } = await res.json();
    expect(bytes).toBe(body.length);
    const saved = await readdir(path.join(dataDir, "uploads"));
    expect(saved).toHaveLength(1);
    expect(saved[0]).toMatch(/git_log_1_.tsv$/);
    expect(await readFile(path.join(dataDir, "uploads", saved[0]))).toEqual(body);
    expect(await db.importRun.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: "queued",
      fileName: "git log (1).tsv",
      totalBytes: BigInt(body.length),
    });

    const boss = await jobQueue();
    const [job] = await boss.fetch<ImportJob>(QUEUES.importFile);
    expect(job.data).toMatchObject({ importRunId: id, source: "git", repository: "acme/widgets" });
    const summary = await runQueuedImport(job.data);
    expect(summary).toMatchObject({ status: "succeeded", imported: 6, quarantined: 1 });

    const progress = await (
      await getRun(
        new Request(`http://localhost/api/v1/imports/${id}`, {
          headers: { authorization: `Bearer ${reader}` },
        }),
        params(id),
      )
    ).json();
    expect(progress).toMatchObject({
      id,
      status: "succeeded",
      read: 7,
      imported: 6,
      quarantined: 1,
      processedBytes: body.length,
      totalBytes: body.length,
    });

    const csv = await (
      await getQuarantine(
        new Request(`http://localhost/api/v1/imports/${id}/quarantine?format=csv`, {
          headers: { authorization: `Bearer ${reader}` },
        }),
        params(id),
      )
    ).text();
    expect(csv.split("\r\n")[0]).toBe("file,line,reason,original_line");
    expect(csv).toContain("yesterday");
    expect(csv.trim().split("\r\n")).toHaveLength(2);
    const json = await (
      await getQuarantine(
        new Request(`http://localhost/api/v1/imports/${id}/quarantine`, {
          headers: { authorization: `Bearer ${reader}` },
        }),
        params(id),
      )
    ).json();
    expect(json).toMatchObject({ total: 1, rows: [{ line: 6 }] });
    expect(
      (
        await getRun(
          new Request("http://localhost/api/v1/imports/999", {
            headers: { authorization: `Bearer ${reader}` },
          }),
          params(999),
        )
      ).status,
    ).toBe(404);

    const list = await (
      await listRuns(
        new Request("http://localhost/api/v1/imports?format=csv", {
          headers: { authorization: `Bearer ${reader}` },
        }),
      )
    ).text();
    expect(list).toContain("git log (1).tsv");
    expect(await db.auditLog.count({ where: { action: "import.upload" } })).toBe(1);
  });

  it("marks a run failed when the worker's import fails, naming the upload, not the server path", async () => {
    const run = await db.importRun.create({
      data: { source: "git", fileName: "gone.tsv", status: "queued" },
    });
    const result = await runQueuedImport({
      importRunId: run.id,
      source: "git",
      file: path.join(dataDir, "missing.tsv"),
      fileName: "gone.tsv",
      actorId: null,
    });
    expect(result).toMatchObject({ status: "failed", imported: 0 });
    expect(await db.importRun.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({
      status: "failed",
      error: "gone.tsv: no such file or folder",
    });
  });
});
