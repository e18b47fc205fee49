// One queued import, run in its own process forked by the worker (lib/jobs/import-process.ts): if a
// file makes it crash or run out of memory, only this process dies, and the worker marks the run failed.
import { runQueuedImport } from "@/lib/services/imports/run-queued";
import type { ImportJob } from "@/lib/services/imports/upload";

process.once("message", (job: ImportJob) => {
  runQueuedImport(job).then(
    (summary) => process.send!({ ok: true, summary }, () => process.exit(0)),
    (error: unknown) =>
      process.send!({ ok: false, error: error instanceof Error ? error.message : String(error) }, () =>
        process.exit(1),
      ),
  );
});
