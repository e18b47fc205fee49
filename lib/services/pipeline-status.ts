// Writes the recompute pipeline's progress, and the launcher's first-start state, to `settings`:
// small rows the dashboard reads for its "preparing your data" state.
import "server-only";
import { db } from "@/lib/db/client";
import {
  PIPELINE_STATUS_KEY,
  STARTUP_STATUS_KEY,
  pipelineStatusSchema,
  startupStatusSchema,
  type PipelineStatus,
  type StartupStatus,
} from "@/lib/validation/pipeline-status";

export async function writePipelineStatus(status: PipelineStatus): Promise<void> {
  const value = pipelineStatusSchema.parse(status);
  await db.setting.upsert({
    where: { key: PIPELINE_STATUS_KEY },
    create: { key: PIPELINE_STATUS_KEY, value },
    update: { value },
  });
}

/** null: nothing to prepare on this start (the dashboard answers normally). */
export async function writeStartupStatus(status: StartupStatus | null): Promise<void> {
  if (!status) {
    await db.setting.deleteMany({ where: { key: STARTUP_STATUS_KEY } });
    return;
  }
  const value = startupStatusSchema.parse(status);
  await db.setting.upsert({
    where: { key: STARTUP_STATUS_KEY },
    create: { key: STARTUP_STATUS_KEY, value },
    update: { value },
  });
}
