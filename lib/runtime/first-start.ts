// What `npm start` does once the web server is up: loads the demo community into an empty database,
// queues the one recompute of this start and reports progress in the terminal and in the database
// (the dashboard's "preparing your data" state), then says when the dashboard is ready.
import { loadDemoCommunity, wantsDemoCommunity } from "@/lib/services/bootstrap";
import { writeStartupStatus } from "@/lib/services/pipeline-status";
import { storedPageAggregates } from "@/lib/data/page-aggregates";
import { pipelineStatus } from "@/lib/data/pipeline-status";
import { requestRecompute } from "@/lib/jobs/queue";

const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

/**
 * Marks the start as "preparing" before the web server answers, when there is something to
 * prepare (the demo to load, or no page aggregates yet); clears an old mark otherwise.
 */
export async function markDataPreparation(): Promise<{ demo: boolean; preparing: boolean }> {
  const demo = await wantsDemoCommunity();
  const preparing = demo || !(await storedPageAggregates());
  await writeStartupStatus(
    preparing ? { state: demo ? "loading-demo" : "computing", since: new Date().toISOString() } : null,
  );
  return { demo, preparing };
}

/**
 * Loads the demo if wanted, then queues this start's one recompute (the worker runs the pipeline and
 * prints each step). When the start was marked preparing, waits for that run and says when the
 * dashboard is ready.
 */
export async function prepareData(
  plan: { demo: boolean; preparing: boolean },
  startedAt: number,
  log: (line: string) => void,
): Promise<void> {
  if (plan.demo) {
    let lastWrite = 0;
    // Progress writes in order: a late one must not overwrite the "computing" state written after.
    let writes = Promise.resolve();
    let lastPrint = -1;
    await loadDemoCommunity(log, (percent, label) => {
      const whole = Math.round(percent);
      // One terminal line per 10 %, one small DB write a second at most: the dashboard polls it.
      if (Math.floor(whole / 10) !== Math.floor(lastPrint / 10))
        log(`  demo ${String(whole).padStart(3)}% ${label}`);
      lastPrint = whole;
      if (Date.now() - lastWrite < 1000) return;
      lastWrite = Date.now();
      const status = {
        state: "loading-demo" as const,
        since: new Date(startedAt).toISOString(),
        percent: whole,
        label,
      };
      writes = writes.then(() => writeStartupStatus(status)).catch(() => {});
    });
    await writes;
  }
  const since = new Date();
  if (plan.preparing) await writeStartupStatus({ state: "computing", since: since.toISOString() });
  await requestRecompute(plan.demo ? "start (demo loaded)" : "start");
  if (!plan.preparing) return;
  for (;;) {
    const status = await pipelineStatus();
    if (status && new Date(status.startedAt) >= since && status.state !== "running") {
      // The first start is over: later recomputes (after an import, hourly) run behind a working dashboard.
      await writeStartupStatus(null);
      if (status.state === "done")
        log(`Dashboard ready after ${seconds(startedAt)} (demo and rankings computed)`);
      else
        log(
          `The first recompute failed at "${status.step}": ${status.error}. The dashboard opens without rankings; run \`npm run cli -- recompute\` to retry.`,
        );
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}
