// The worker half of the job queue, run inside the `npm start` launcher process (and by the CLI's
// `worker` command): recompute after imports and every hour.
import "server-only";
import { jobQueue, QUEUES, stopJobQueue } from "./queue";
import { recomputeAll } from "@/lib/services/recompute";

export async function startWorker(log: (line: string) => void): Promise<void> {
  const boss = await jobQueue();
  await boss.work(QUEUES.recompute, async () => {
    await recomputeAll({ log: (line) => log(`[recompute] ${line}`) });
  });
  await boss.schedule(QUEUES.recompute, "0 * * * *", { reason: "hourly" });
}

export async function stopWorker(): Promise<void> {
  await stopJobQueue();
}
