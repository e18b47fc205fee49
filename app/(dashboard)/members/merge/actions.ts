"use server";
// Merge two members into one person, or undo a merge: admin only, validated, audited by the service.
import { revalidatePath } from "next/cache";
import { adminAction } from "@/lib/auth/action";
import { mergeMembers, unmergeMembers } from "@/lib/services/identity/merge";
import { requestRecompute } from "@/lib/jobs/queue";
import { mergeMembersSchema, unmergeSchema } from "@/lib/validation/identity";

export const mergeMembersAction = adminAction("members.merge", mergeMembersSchema, async (input, user) => {
  const result = await mergeMembers(user, input);
  await requestRecompute(`merge #${result.mergeId}`).catch((error) => console.error("[merge] recompute request failed", error));
  revalidatePath("/members/merge");
  return result;
});

export const unmergeMembersAction = adminAction("members.unmerge", unmergeSchema, async (input, user) => {
  const result = await unmergeMembers(user, input.mergeId);
  await requestRecompute(`unmerge #${input.mergeId}`).catch((error) => console.error("[merge] recompute request failed", error));
  revalidatePath("/members/merge");
  return result;
});
