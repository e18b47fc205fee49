"use server";
// Merge two members into one person, or undo a merge: admin only, validated, audited by the service.
import { revalidatePath } from "next/cache";
import { adminAction } from "@/lib/auth/action";
import { mergeMembers, unmergeMembers } from "@/lib/services/identity/merge";
import { requestRecompute } from "@/lib/jobs/queue";
import { saveBotList } from "@/lib/services/identity/bot-list";
import { botListSchema, mergeMembersSchema, unmergeSchema } from "@/lib/validation/identity";

export const mergeMembersAction = adminAction("members.merge", mergeMembersSchema, async (input, user) => {
  const result = await mergeMembers(user, input);
  await requestRecompute(`merge #${result.mergeId}`).catch((error) =>
    console.error("[merge] recompute request failed", error),
  );
  revalidatePath("/members/merge");
  return result;
});

export const unmergeMembersAction = adminAction("members.unmerge", unmergeSchema, async (input, user) => {
  const result = await unmergeMembers(user, input.mergeId);
  await requestRecompute(`unmerge #${input.mergeId}`).catch((error) =>
    console.error("[merge] recompute request failed", error),
  );
  revalidatePath("/members/merge");
  return result;
});

export const saveBotListAction = adminAction("identity.botList", botListSchema, async (input, user) => {
  const result = await saveBotList(user, input.entries);
  if (result.identitiesFlagged)
    await requestRecompute("bot list").catch((error) =>
      console.error("[bots] recompute request failed", error),
    );
  revalidatePath("/members/merge");
  return result;
});
