// The editable fields of a billing plan (Settings → Plans), shared by the form and the action.
import { z } from "zod";
import { idSchema } from "./id";

export const updatePlanSchema = z.object({
  id: idSchema,
  name: z.string().trim().min(1, "give the plan a name").max(80),
  /** Monthly price in the plan's currency, as typed ("15" or "15.00"). */
  monthlyPrice: z.coerce.number().min(0).max(1_000_000),
  /** 0 = free; higher = a higher tier. */
  tierRank: z.coerce.number().int().min(0).max(20),
});
export type UpdatePlanInput = z.infer<typeof updatePlanSchema>;
