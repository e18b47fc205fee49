"use server";

import { revalidatePath } from "next/cache";
import { adminAction } from "@/lib/auth/action";
import { addTarget, deleteTarget } from "@/lib/services/targets";
import { addTargetSchema, deleteTargetSchema } from "@/lib/validation/targets";

export const addTargetAction = adminAction("addTarget", addTargetSchema, async (input, user) => {
  const created = await addTarget(user, input);
  revalidatePath("/");
  return created;
});

export const deleteTargetAction = adminAction("deleteTarget", deleteTargetSchema, async (input, user) => {
  const deleted = await deleteTarget(user, input.id);
  revalidatePath("/");
  return deleted;
});
