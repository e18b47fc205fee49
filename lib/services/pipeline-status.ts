// Writes the recompute pipeline's progress to `settings`, one small row the dashboard polls.
import "server-only";
import { db } from "@/lib/db/client";
import { PIPELINE_STATUS_KEY, pipelineStatusSchema, type PipelineStatus } from "@/lib/validation/pipeline-status";

export async function writePipelineStatus(status: PipelineStatus): Promise<void> {
  const value = pipelineStatusSchema.parse(status);
  await db.setting.upsert({ where: { key: PIPELINE_STATUS_KEY }, create: { key: PIPELINE_STATUS_KEY, value }, update: { value } });
}
