// The worker's side of an uploaded import: runs the queued file and records a failure on the run
// (an import that throws must not stay "queued" or "running" on the Imports page).
import "server-only";
import { db } from "@/lib/db/client";
import { runImport } from "./run-import";
import type { ImportSummary } from "./import-run-types";
import { discardUpload, type ImportJob } from "./upload";

export async function runQueuedImport(job: ImportJob): Promise<ImportSummary> {
  // Claim the run: one that start-up marked interrupted (or another worker took) is not run again.
  const claimed = await db.importRun.updateMany({
    where: { id: job.importRunId, status: "queued" },
    data: { status: "running", startedAt: new Date() },
  });
  if (claimed.count === 0) {
    await discardUpload(job.file).catch(() => {});
    throw new Error(`import #${job.importRunId} is no longer queued; not running it`);
  }
  const actor = job.actorId
    ? await db.adminUser.findUnique({ where: { id: job.actorId }, select: { id: true, email: true } })
    : null;
  try {
    return await runImport({
      source: job.source,
      file: job.file,
      displayName: job.fileName,
      kind: job.kind,
      repository: job.repository,
      actor,
      importRunId: job.importRunId,
    });
  } catch (error) {
    // runImport has usually recorded the failure in words for the page; never replace that with the
    // raw error (it can name server paths): the log keeps the details.
    await db.importRun.updateMany({
      where: { id: job.importRunId, status: { not: "failed" } },
      data: {
        status: "failed",
        finishedAt: new Date(),
        error: "The import stopped on an unexpected error; nothing from this file was saved.",
      },
    });
    throw error;
  } finally {
    // The uploaded copy holds people's personal data: once imported (or failed) it is not kept,
    // so erasing a member later leaves nothing of them in the data folder.
    await discardUpload(job.file).catch(() => {});
  }
}
