// At start-up, each unfinished import run's state is decided from its job in the queue (pg-boss),
// not from its age: still waiting → stays queued and will run; taken by a worker that has since
// died → failed, and its job cancelled so it never runs later to end "succeeded" over the failure.
import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db/client";
import { QUEUES } from "@/lib/jobs/queue";

export const INTERRUPTED =
  "interrupted: the server stopped during this import; run it again (nothing is imported twice)";
/** Runs with no job (CLI imports) cannot be asked; one this old at start-up is taken as dead. */
const JOBLESS_GRACE_MS = 60_000;

type JobRow = { id: string; state: string; run_id: number };

/** Call before the worker starts (no job can be legitimately active then). */
export async function reconcileImportRuns(now = new Date()): Promise<{ failed: number; queued: number }> {
  const runs = await db.importRun.findMany({
    where: { status: { in: ["queued", "running"] } },
    select: { id: true, status: true, startedAt: true },
  });
  if (!runs.length) return { failed: 0, queued: 0 };
  const [{ exists }] = await db.$queryRaw<{ exists: boolean }[]>(
    Prisma.sql`SELECT to_regclass('pgboss.job') IS NOT NULL AS exists`,
  );
  const jobs = exists
    ? await db.$queryRaw<JobRow[]>(Prisma.sql`
        SELECT id::text AS id, state::text AS state, (data->>'importRunId')::int AS run_id
          FROM pgboss.job
         WHERE name = ${QUEUES.importFile} AND (data->>'importRunId')::int = ANY(${runs.map((r) => r.id)}::int[])`)
    : [];
  const jobOf = new Map(jobs.map((j) => [j.run_id, j]));
  const fail: number[] = [];
  const requeue: number[] = [];
  const cancel: string[] = [];
  for (const run of runs) {
    const job = jobOf.get(run.id);
    if (job && (job.state === "created" || job.state === "retry")) {
      if (run.status === "running") requeue.push(run.id);
    } else if (job) {
      fail.push(run.id);
      if (job.state === "active") cancel.push(job.id);
    } else if (now.getTime() - run.startedAt.getTime() > JOBLESS_GRACE_MS) {
      fail.push(run.id);
    }
  }
  if (cancel.length) {
    await db.$executeRaw(
      Prisma.sql`UPDATE pgboss.job SET state = 'cancelled', completed_on = now() WHERE name = ${QUEUES.importFile} AND id = ANY(${cancel}::uuid[])`,
    );
  }
  if (fail.length)
    await db.importRun.updateMany({
      where: { id: { in: fail } },
      data: { status: "failed", finishedAt: now, error: INTERRUPTED },
    });
  if (requeue.length)
    await db.importRun.updateMany({ where: { id: { in: requeue } }, data: { status: "queued" } });
  return { failed: fail.length, queued: requeue.length };
}

/** The child process running an import died (killed, out of memory): its transaction rolled back. */
export async function markImportRunDied(importRunId: number, how: string): Promise<void> {
  await db.importRun.updateMany({
    where: { id: importRunId, status: { in: ["queued", "running"] } },
    data: {
      status: "failed",
      finishedAt: new Date(),
      error: `The import process ${how}; nothing from this file was saved. Fix the file or run it again.`,
    },
  });
}
