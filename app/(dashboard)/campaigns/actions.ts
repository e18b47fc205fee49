"use server";
// Campaign writes: schema → admin check (adminAction) → lib/services/campaigns (audited there).
import { revalidatePath } from "next/cache";
import { adminAction } from "@/lib/auth/action";
import { closeCampaign, createCampaign, setCampaignOutreachStatus } from "@/lib/services/campaigns";
import {
  campaignOutreachSchema,
  closeCampaignSchema,
  createCampaignSchema,
} from "@/lib/validation/campaigns";

export const createCampaignAction = adminAction(
  "createCampaign",
  createCampaignSchema,
  async (input, user) => {
    const launched = await createCampaign(user, input);
    revalidatePath("/campaigns");
    revalidatePath("/outreach");
    return launched;
  },
);

export const closeCampaignAction = adminAction("closeCampaign", closeCampaignSchema, async (input, user) => {
  const closed = await closeCampaign(user, input.id);
  revalidatePath("/campaigns");
  revalidatePath(`/campaigns/${input.id}`);
  return closed;
});

export const setCampaignOutreachStatusAction = adminAction(
  "setCampaignOutreachStatus",
  campaignOutreachSchema,
  async (input, user) => {
    const updated = await setCampaignOutreachStatus(user, input);
    revalidatePath(`/campaigns/${input.campaignId}`);
    revalidatePath("/outreach");
    return updated;
  },
);
