"use server";

import { revalidatePath } from "next/cache";
import { adminAction } from "@/lib/auth/action";
import { addMemberNote, setDoNotContact, setMemberTags } from "@/lib/services/members";
import { markContactedBulk } from "@/lib/services/outreach";
import { addMemberToCampaign } from "@/lib/services/campaign-enrolment";
import { addToCampaignSchema } from "@/lib/validation/campaigns";
import { setMemberConsent } from "@/lib/services/privacy";
import {
  addMemberNoteSchema,
  memberConsentActionSchema,
  setDoNotContactSchema,
  setMemberTagsSchema,
} from "@/lib/validation/members";
import { markContactedBulkSchema } from "@/lib/validation/outreach";
import { splitIdentity, undoSplit } from "@/lib/services/identity/split";
import { splitIdentitySchema, undoSplitSchema } from "@/lib/validation/identity";
import { requestRecompute } from "@/lib/jobs/queue";

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

export const setPublicOptOutAction = adminAction(
  "setPublicOptOut",
  memberConsentActionSchema,
  async (input, user) => {
    const updated = await setMemberConsent(user, input.memberId, { publicOptOut: input.publicOptOut });
    revalidatePath(`/members/${input.memberId}`);
    return { publicOptOut: updated.publicOptOut };
  },
);

export const setDoNotContactAction = adminAction(
  "setDoNotContact",
  setDoNotContactSchema,
  async (input, user) => {
    const result = await setDoNotContact(user, input);
    revalidatePath(`/members/${input.memberId}`);
    return result;
  },
);

/** "Log outreach" on the member page: the bulk contact service with one member. */
export const logMemberContactAction = adminAction(
  "logMemberContact",
  markContactedBulkSchema,
  async (input, user) => {
    const result = await markContactedBulk(user, input);
    for (const id of input.memberIds) revalidatePath(`/members/${id}`);
    revalidatePath("/outreach");
    return result;
  },
);

/** "Add to campaign": the service draws the arm (contact or holdout) at random. */
export const addToCampaignAction = adminAction("addToCampaign", addToCampaignSchema, async (input, user) => {
  const result = await addMemberToCampaign(user, input);
  revalidatePath(`/members/${input.memberId}`);
  revalidatePath(`/campaigns/${input.campaignId}`);
  revalidatePath("/outreach");
  return result;
});

/** Split an identity off into a member of its own; rankings, rollups and pages follow on the recompute it asks for. */
export const splitIdentityAction = adminAction("members.split", splitIdentitySchema, async (input, user) => {
  const result = await splitIdentity(user, input.identityId);
  await requestRecompute(`split #${result.splitId}`).catch((error) =>
    console.error("[split] recompute request failed", error),
  );
  // No revalidatePath: it would re-render this page under the open dialog, taking the row and its link to the new
  // member away; the dialog refreshes the page when it closes.
  return { newMemberId: result.newMemberId, moved: result.moved };
});

export const undoSplitAction = adminAction("members.unsplit", undoSplitSchema, async (input, user) => {
  const result = await undoSplit(user, input.splitId);
  await requestRecompute(`undo split #${input.splitId}`).catch((error) =>
    console.error("[split] recompute request failed", error),
  );
  revalidatePath(`/members/${result.memberId}`);
  return { memberId: result.memberId };
});
