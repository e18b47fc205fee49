// Reads the recompute pipeline's progress (see lib/services/pipeline.ts) and, on a first start, how
// far the launcher got: the dashboard's "preparing your data" state and /api/health read it.
import "server-only";
import { readDb as db } from "@/lib/db/client";
import {
  PIPELINE_STATUS_KEY,
  STARTUP_STATUS_KEY,
  pipelineStatusSchema,
  startupStatusSchema,
  type PipelineStatus,
} from "@/lib/validation/pipeline-status";

async function readSetting(key: string): Promise<unknown> {
  return (await db.setting.findUnique({ where: { key } }))?.value;
}

/** The last (or running) pipeline run, or null when none has run yet or the stored value does not parse. */
export async function pipelineStatus(): Promise<PipelineStatus | null> {
  const parsed = pipelineStatusSchema.safeParse(await readSetting(PIPELINE_STATUS_KEY));
  return parsed.success ? parsed.data : null;
}

export interface DataPreparation {
  phase: "loading-demo" | "computing";
  /** 0–100 */
  percent: number;
  /** What is happening now, in words. */
  label: string;
  since: Date;
}

/**
 * null when the data is ready. Otherwise the start's progress: loading the demo community, then the
 * first pipeline run that started after the demo was loaded (a run that began before it would
 * rank half a community). A failed run ends the wait: pages then show their own empty states.
 */
export async function dataPreparation(): Promise<DataPreparation | null> {
  const [startupValue, pipeline] = await Promise.all([readSetting(STARTUP_STATUS_KEY), pipelineStatus()]);
  const startup = startupStatusSchema.safeParse(startupValue);
  if (!startup.success) return null;
  const since = new Date(startup.data.since);
  if (startup.data.state === "loading-demo") {
    // The demo load is roughly the first half of a first start; the recompute the second.
    return {
      phase: "loading-demo",
      percent: Math.round((startup.data.percent ?? 0) / 2),
      label: `Loading the demo community: ${startup.data.label ?? "starting"}`,
      since,
    };
  }
  const current = pipeline && new Date(pipeline.startedAt) >= since ? pipeline : null;
  if (current && current.state !== "running") return null;
  const stepIndex = current?.stepIndex ?? 0;
  const stepCount = current?.stepCount ?? 1;
  return {
    phase: "computing",
    percent: 50 + Math.round((50 * stepIndex) / stepCount),
    label: current?.step
      ? `Computing ${current.step} (step ${stepIndex + 1} of ${stepCount})`
      : "Waiting for the first recompute",
    since,
  };
}
