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

export const STARTUP_STATUS_KEY = "startup:status";

/**
 * Written by the `npm start` launcher while a start has data to prepare (the demo to load, or no page
 * aggregates yet); absent otherwise. The dashboard shows "preparing your data" until the first
 * pipeline run that started after `since` has finished.
 */
export const startupStatusSchema = z.object({
  state: z.enum(["loading-demo", "computing"]),
  since: z.string(),
  percent: z.number().optional(),
  label: z.string().optional(),
});

export type StartupStatus = z.infer<typeof startupStatusSchema>;
