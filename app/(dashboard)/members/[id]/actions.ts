"use server";

import { revalidatePath } from "next/cache";
import { adminAction } from "@/lib/auth/action";
import { addMemberNote, setMemberTags } from "@/lib/services/members";
import { setMemberConsent } from "@/lib/services/privacy";
import { addMemberNoteSchema, memberConsentActionSchema, setMemberTagsSchema } from "@/lib/validation/members";

export const addMemberNoteAction = adminAction("addMemberNote", addMemberNoteSchema, async (input, user) => {
  const note = await addMemberNote(user, input);
  revalidatePath(`/members/${input.memberId}`);
  return { id: note.id };
});

export const setMemberTagsAction = adminAction("setMemberTags", setMemberTagsSchema, async (input, user) => {
  const result = await setMemberTags(user, input);
  revalidatePath(`/members/${input.memberId}`);
  return result;
});

export const setPublicOptOutAction = adminAction("setPublicOptOut", memberConsentActionSchema, async (input, user) => {
  const updated = await setMemberConsent(user, input.memberId, { publicOptOut: input.publicOptOut });
  revalidatePath(`/members/${input.memberId}`);
  return { publicOptOut: updated.publicOptOut };
});
