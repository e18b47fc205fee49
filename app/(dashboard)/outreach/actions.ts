"use server";
// Outreach writes for the dashboard (tracker, candidates, at-risk): schema → admin check → service.

import { revalidatePath } from "next/cache";
import { adminAction } from "@/lib/auth/action";
import { addToOutreach, markContactedBulk, markOutreachDone, updateOutreach } from "@/lib/services/outreach";
import {
  addToOutreachSchema,
  markContactedBulkSchema,
  markOutreachDoneSchema,
  updateOutreachSchema,
} from "@/lib/validation/outreach";

function revalidateLists() {
  revalidatePath("/outreach");
  revalidatePath("/members/[id]", "page");
  revalidatePath("/candidates");
  revalidatePath("/at-risk");
}

export const markOutreachDoneAction = adminAction(
  "markOutreachDone",
  markOutreachDoneSchema,
  async (input, user) => {
    const result = await markOutreachDone(user, input);
    if (result.status === "done") revalidateLists();
    return result;
  },
);

export const addToOutreachAction = adminAction("addToOutreach", addToOutreachSchema, async (input, user) => {
  const result = await addToOutreach(user, input);
  revalidateLists();
  return result;
});

export const updateOutreachAction = adminAction(
  "updateOutreach",
  updateOutreachSchema,
  async (input, user) => {
    const row = await updateOutreach(user, input);
    revalidateLists();
    return { id: row.id, version: row.version, status: row.status };
  },
);

export const markContactedBulkAction = adminAction(
  "markContactedBulk",
  markContactedBulkSchema,
  async (input, user) => {
    const result = await markContactedBulk(user, input);
    revalidateLists();
    return result;
  },
);
