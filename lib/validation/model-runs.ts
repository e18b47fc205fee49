// The JSON a snapshot run stores beside its model in model_runs.model: which ranker is live and why, its
// out-of-time rates by place in the list, and how fresh each billing source was. One schema, so the Model
// page and the ranked lists read the same stored words (the lists need only part of it).
import { z } from "zod";

const intervalSchema = z.object({
  estimate: z.number().nullable(),
  low: z.number().nullable(),
  high: z.number().nullable(),
});

export const storedDeploymentSchema = z.object({
  ranker: z.string(),
  bestBaseline: z.string(),
  sentence: z.string(),
  periods: z.number(),
  modelVsBest: z.object({
    auc: intervalSchema,
    precisionAt20: intervalSchema,
    precisionAt50: intervalSchema,
  }),
  calibration: z
    .object({
      display: z.enum(["percent", "band"]),
      why: z.string(),
      baseRate: z.number(),
      bins: z.array(
        z.object({
          upTo: z.number(),
          rows: z.number(),
          positives: z.number(),
          rate: z.number(),
          band: z.enum(["High", "Medium", "Low"]),
        }),
      ),
    })
    .nullable(),
});
export type StoredDeployment = z.infer<typeof storedDeploymentSchema>;

export const storedBillingFreshnessSchema = z.array(
  z.object({
    source: z.string(),
    dataThrough: z.string().nullable(),
    lagDays: z.number().nullable(),
    stale: z.boolean(),
  }),
);

/** Runs written before a field existed simply lack it. */
export const storedRunExtrasSchema = z.object({
  deployment: storedDeploymentSchema.optional(),
  billing: storedBillingFreshnessSchema.optional(),
});

/** What the ranked lists read: the live ranker's sentence and calibration, and billing freshness. */
export const storedRunDisplaySchema = z.object({
  deployment: storedDeploymentSchema.pick({ ranker: true, sentence: true, calibration: true }).optional(),
  billing: storedBillingFreshnessSchema.optional(),
});
