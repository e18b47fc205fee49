// Reads the recompute pipeline's progress (see lib/services/pipeline.ts) for the "preparing your data" state.
import "server-only";
import { db } from "@/lib/db/client";
import { PIPELINE_STATUS_KEY, pipelineStatusSchema, type PipelineStatus } from "@/lib/validation/pipeline-status";

/** The last (or running) pipeline run, or null when none has run yet or the stored value does not parse. */
export async function pipelineStatus(): Promise<PipelineStatus | null> {
  const row = await db.setting.findUnique({ where: { key: PIPELINE_STATUS_KEY } });
  const parsed = pipelineStatusSchema.safeParse(row?.value);
  return parsed.success ? parsed.data : null;
}
