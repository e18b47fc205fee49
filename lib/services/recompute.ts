// What runs after every import and on the hourly schedule: rollups, then ranking snapshots and alerts.
import "server-only";
import { rebuildWeeklyActivity } from "./rollups";

export type RecomputeStep = (log: (line: string) => void) => Promise<void>;

/** Later steps (rankings, alerts) register here so this module knows nothing of them. */
const steps: { name: string; run: RecomputeStep }[] = [];

export function registerRecomputeStep(name: string, run: RecomputeStep): void {
  if (!steps.some((s) => s.name === name)) steps.push({ name, run });
}

export async function recomputeAll(opts: { full?: boolean; log?: (line: string) => void } = {}): Promise<void> {
  const log = opts.log ?? (() => {});
  const started = Date.now();
  const { rows, from } = await rebuildWeeklyActivity({ full: opts.full });
  log(`weekly rollups: ${rows} rows${from ? ` from ${from.toISOString().slice(0, 10)}` : ""} in ${Date.now() - started} ms`);
  for (const step of steps) {
    const t = Date.now();
    await step.run(log);
    log(`${step.name}: ${Date.now() - t} ms`);
  }
}
