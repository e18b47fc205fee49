// Input schemas for outreach campaigns with randomised holdouts, shared by the preview page,
// the launch form, the server actions and the API.
import { z } from "zod";

export const CAMPAIGN_GOALS = ["upgrade", "renewal", "reactivation"] as const;
export const CAMPAIGN_LISTS = ["candidates", "at-risk"] as const;
export type CampaignGoal = (typeof CAMPAIGN_GOALS)[number];
export type CampaignList = (typeof CAMPAIGN_LISTS)[number];

/** Plural noun used in verdicts ("raised upgrades by …"). */
export const GOAL_OUTCOME_NOUN: Record<CampaignGoal, string> = {
  upgrade: "upgrades",
  renewal: "renewals",
  reactivation: "reactivations",
};

/** The goal a list is normally used for. */
export const DEFAULT_GOAL_FOR_LIST: Record<CampaignList, CampaignGoal> = { candidates: "upgrade", "at-risk": "renewal" };

const emptyToUndefined = (v: unknown) => (v === "" || v === null ? undefined : v);

/** The selection and design of a campaign: the same fields drive the preview and the launch. */
export const campaignDesignSchema = z.object({
  sourceList: z.enum(CAMPAIGN_LISTS).default("candidates"),
  goal: z.preprocess(emptyToUndefined, z.enum(CAMPAIGN_GOALS).optional()),
  size: z.coerce.number().int().min(2).max(20_000).default(200),
  horizonWeeks: z.coerce.number().int().min(1).max(52).default(8),
  /** Percent held out, 5..50. */
  holdoutPercent: z.coerce.number().min(5).max(50).default(20),
  tier: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(10).optional()),
  orgId: z.preprocess(emptyToUndefined, z.coerce.number().int().positive().optional()),
  tag: z.preprocess(emptyToUndefined, z.string().trim().min(1).max(60).optional()),
});
export type CampaignDesignInput = z.input<typeof campaignDesignSchema>;
export type CampaignDesign = z.output<typeof campaignDesignSchema>;

export const createCampaignSchema = campaignDesignSchema.extend({
  name: z.string().trim().min(1, "give the campaign a name").max(120),
});
export type CreateCampaignInput = z.output<typeof createCampaignSchema>;

export const closeCampaignSchema = z.object({ id: z.coerce.number().int().positive() });

export const campaignOutreachSchema = z.object({
  campaignId: z.coerce.number().int().positive(),
  memberId: z.coerce.number().int().positive(),
  status: z.enum(["contacted", "replied", "no_response", "declined"]).default("contacted"),
});

export const campaignIdParamSchema = z.object({ id: z.coerce.number().int().positive() });

export const CAMPAIGN_MEMBER_SORTS = ["decile", "score", "arm", "name", "outcome"] as const;

export const campaignMembersQuerySchema = z.object({
  arm: z.preprocess(emptyToUndefined, z.enum(["contact", "holdout"]).optional()),
  converted: z.preprocess(emptyToUndefined, z.enum(["yes", "no"]).optional()),
});

export const campaignPoolQuerySchema = z.object({
  /** Pool campaigns launched within this many months. */
  months: z.coerce.number().int().min(1).max(36).default(6),
});

/** Resolves the goal (explicit or the list's default) and the holdout share as a fraction. */
export function resolveDesign(design: CampaignDesign): CampaignDesign & { goal: CampaignGoal; holdoutShare: number } {
  return { ...design, goal: design.goal ?? DEFAULT_GOAL_FOR_LIST[design.sourceList], holdoutShare: design.holdoutPercent / 100 };
}
