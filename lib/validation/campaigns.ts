// Input schemas for outreach campaigns with randomised holdouts, shared by the preview page,
// the launch form, the server actions and the API.
import { z } from "zod";
import { idSchema } from "./id";

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
export const DEFAULT_GOAL_FOR_LIST: Record<CampaignList, CampaignGoal> = {
  candidates: "upgrade",
  "at-risk": "renewal",
};

/**
 * Goals that make sense for each list: the at-risk list holds paying members, so its campaigns are
 * about keeping them (renewal); candidates are asked to upgrade or, if they used to pay, to come back.
 */
export const GOALS_FOR_LIST: Record<CampaignList, readonly CampaignGoal[]> = {
  candidates: ["upgrade", "reactivation"],
  "at-risk": ["renewal"],
};

export const CAMPAIGN_GOAL_LABELS: Record<CampaignGoal, string> = {
  upgrade: "Upgrade",
  renewal: "Retention (renewal)",
  reactivation: "Win-back (reactivation)",
};
export const CAMPAIGN_LIST_LABELS: Record<CampaignList, string> = {
  candidates: "Upgrade candidates",
  "at-risk": "At-risk members",
};

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
  orgId: z.preprocess(emptyToUndefined, idSchema.optional()),
  tag: z.preprocess(emptyToUndefined, z.string().trim().min(1).max(60).optional()),
});
export type CampaignDesignInput = z.input<typeof campaignDesignSchema>;
export type CampaignDesign = z.output<typeof campaignDesignSchema>;

export const createCampaignSchema = campaignDesignSchema.extend({
  name: z.string().trim().min(1, "give the campaign a name").max(120),
});
export type CreateCampaignInput = z.output<typeof createCampaignSchema>;

/** "Add to campaign" on the member page: the arm is drawn by the server, never chosen. */
export const addToCampaignSchema = z.object({
  campaignId: idSchema,
  memberId: idSchema,
});

export const closeCampaignSchema = z.object({ id: idSchema });

export const campaignOutreachSchema = z.object({
  campaignId: idSchema,
  memberId: idSchema,
  status: z.enum(["contacted", "replied", "no_response", "declined"]).default("contacted"),
});

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
export function resolveDesign(
  design: CampaignDesign,
): CampaignDesign & { goal: CampaignGoal; holdoutShare: number; goalFollowedList: boolean } {
  // The goal follows the list: a goal that does not fit it (at-risk → upgrade) is replaced, and says so.
  const fits = design.goal !== undefined && GOALS_FOR_LIST[design.sourceList].includes(design.goal);
  const goal = fits ? design.goal! : DEFAULT_GOAL_FOR_LIST[design.sourceList];
  return {
    ...design,
    goal,
    holdoutShare: design.holdoutPercent / 100,
    goalFollowedList: design.goal !== undefined && !fits,
  };
}
