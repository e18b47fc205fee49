// Input schemas for Overview targets (metric, value, due date), shared by the form and the actions.
import { z } from "zod";
import { idSchema } from "./id";

export const TARGET_METRICS = ["contributors", "mrr_cents", "paying_members", "active_members"] as const;
export type TargetMetric = (typeof TARGET_METRICS)[number];

export const addTargetSchema = z.object({
  metric: z.enum(TARGET_METRICS),
  value: z.coerce.number().positive().max(1e12),
  dueDate: z.iso.date(),
});
export const deleteTargetSchema = z.object({ id: idSchema });
