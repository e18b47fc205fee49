// Uploaded imports: streams the request body to GROUNDSWELL_DATA_DIR/uploads (never buffering the
// file), records a queued import run and hands it to the worker through pg-boss.
import "server-only";
import { randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { jobQueue, QUEUES } from "@/lib/jobs/queue";
import { recordAudit } from "@/lib/services/audit";
import { UserFacingError } from "@/lib/services/errors";
import type { ImportSource } from "./sources";

export interface ImportJob {
  importRunId: number;
  source: ImportSource;
  file: string;
  fileName: string;
  kind?: string;
  repository?: string;
  actorId: number | null;
}

export function uploadsDir(): string {
  return path.resolve(env().GROUNDSWELL_DATA_DIR, "uploads");
}

/** A file name safe to keep on disk: the base name, with anything odd replaced. */
export function safeFileName(name: string): string {
  const base = path
    .basename(name.replace(/\\/g, "/"))
    .replace(/[^\w.@+-]+/g, "_")
    .replace(/^\.+/, "");
  return (base || "upload").slice(-120);
}

/** Streams `body` to a new file in the uploads folder; refuses (and deletes) more than `maxBytes`. */
export async function saveUpload(
  body: ReadableStream<Uint8Array>,
  fileName: string,
  maxBytes: number,
): Promise<{ file: string; bytes: number }> {
  const dir = uploadsDir();
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const file = path.join(
    dir,
    `${new Date().toISOString().slice(0, 10)}-${randomUUID().slice(0, 8)}-${safeFileName(fileName)}`,
  );
  let bytes = 0;
  const limit = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      if (bytes > maxBytes)
        callback(
          new UserFacingError(
            `The file is larger than the ${Math.round(maxBytes / 1024 ** 3)} GB upload limit: copy it to the server and use the CLI`,
          ),
        );
      else callback(null, chunk);
    },
  });
  try {
    await pipeline(
      Readable.fromWeb(body as WebReadableStream<Uint8Array>),
      limit,
      createWriteStream(file, { mode: 0o600 }),
    );
  } catch (error) {
    await rm(file, { force: true });
    throw error;
  }
  if (bytes === 0) {
    await rm(file, { force: true });
    throw new UserFacingError("The upload was empty");
  }
  return { file, bytes };
}

export async function discardUpload(file: string): Promise<void> {
  if (path.dirname(path.resolve(file)) === uploadsDir()) await rm(file, { force: true });
}

/** Records a queued run and enqueues it; the worker runs it and then asks for a recompute. */
export async function queueImport(
  actor: { id: number; email: string } | null,
  job: Omit<ImportJob, "importRunId" | "actorId">,
  totalBytes: number,
): Promise<number> {
  const run = await db.importRun.create({
    data: {
      source: job.source,
      fileName: job.fileName,
      status: "queued",
      totalBytes: BigInt(totalBytes),
      createdById: actor?.id ?? null,
    },
  });
  const boss = await jobQueue();
  await boss.send(
    QUEUES.importFile,
    { ...job, importRunId: run.id, actorId: actor?.id ?? null } satisfies ImportJob,
    { retryLimit: 0, expireInSeconds: 6 * 3600 },
  );
  await recordAudit(actor, "import.upload", "import_run", run.id, {
    source: job.source,
    file: job.fileName,
    bytes: totalBytes,
  });
  return run.id;
}
