// The recompute pipeline's progress as stored in `settings` (written by lib/services/pipeline.ts,
// read by the dashboard's "preparing your data" state). Parsed, never cast: an old or odd value reads as unknown.
import { z } from "zod";

export const PIPELINE_STATUS_KEY = "pipeline:status";

export const pipelineStatusSchema = z.object({
  state: z.enum(["running", "done", "failed"]),
  reason: z.string(),
  startedAt: z.string(),
  finishedAt: z.string().optional(),
  /** The step running (or the one that failed); null once done. */
  step: z.string().nullable(),
  stepIndex: z.number().int(),
  stepCount: z.number().int(),
  completedSteps: z.array(z.string()),
  error: z.string().optional(),
});

export type PipelineStatus = z.infer<typeof pipelineStatusSchema>;
