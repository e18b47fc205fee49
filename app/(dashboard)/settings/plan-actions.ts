"use server";
// Plan edits from Settings: schema → admin check → service (audited there).
import { revalidatePath } from "next/cache";
import { adminAction } from "@/lib/auth/action";
import { updatePlan } from "@/lib/services/plans";
import { updatePlanSchema } from "@/lib/validation/plans";

export const updatePlanAction = adminAction("updatePlan", updatePlanSchema, async (input, user) => {
  const plan = await updatePlan(user, input);
  revalidatePath("/settings");
  return { id: plan.id, name: plan.name };
});
