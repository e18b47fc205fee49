// "Add to campaign" from the member page: one member joins an active campaign after its launch.
// The admin picks the member, never the arm: the arm is drawn at random in the campaign's holdout
// proportion, so whatever made the admin pick this member is spread evenly over both arms and the
// contact-vs-holdout comparison stays fair. A holdout member gets no outreach row, as at launch.
import "server-only";
import { randomInt } from "node:crypto";
import { db } from "@/lib/db/client";
import type { SessionUser } from "@/lib/auth/roles";
import { memberCampaignOptions } from "@/lib/data/member-campaigns";
import { recordAudit } from "./audit";
import { LAUNCH_LOCK_KEY, OUTREACH_DUE_DAYS } from "./campaigns";
import { NotFoundError, UserFacingError } from "./errors";

type Actor = Pick<SessionUser, "id" | "email">;

export interface CampaignEnrolment {
  campaignId: number;
  campaignName: string;
  arm: "contact" | "holdout";
  outreachId: number | null;
}

/** 1..10 like ntile(10) over the campaign's scores (1 lowest): the place this score would take. */
export function lateDecile(score: number, scoresBelow: number, campaignSize: number): number {
  if (campaignSize === 0 || !Number.isFinite(score)) return 1;
  return Math.min(10, 1 + Math.floor((10 * scoresBelow) / campaignSize));
}

export async function addMemberToCampaign(
  actor: Actor,
  input: { campaignId: number; memberId: number },
  draw: () => number = () => randomInt(0, 1_000_000) / 1_000_000,
): Promise<CampaignEnrolment> {
  const enrolment = await db.$transaction(async (tx) => {
    // The launch lock: a launch and an addition at once cannot put a member in two campaigns.
    await tx.$executeRaw`select pg_advisory_xact_lock(${LAUNCH_LOCK_KEY}::bigint)`;
    const options = await memberCampaignOptions(input.memberId, tx);
    if (options.kind === "in_campaign")
      throw new UserFacingError(`Already in the active campaign “${options.campaign.name}”.`);
    if (options.kind === "ineligible") throw new UserFacingError(options.reason);
    const campaign = options.campaigns.find((c) => c.id === input.campaignId);
    if (!campaign) {
      const exists = await tx.campaign.findUnique({ where: { id: input.campaignId }, select: { id: true } });
      if (!exists) throw new NotFoundError("Campaign");
      throw new UserFacingError(
        "This campaign is closed, or draws from a ranked list this member is not on now.",
      );
    }
    const [scored] = await tx.$queryRaw<
      { score: number; tier: number; mrr: number; below: bigint; size: bigint }[]
    >`
      select s.score, m.current_tier as tier, m.current_mrr_cents as mrr,
             (select count(*) from campaign_members cm where cm.campaign_id = ${campaign.id} and cm.score < s.score) as below,
             (select count(*) from campaign_members cm where cm.campaign_id = ${campaign.id}) as size
        from score_snapshots s join members m on m.id = s.member_id
       where s.kind = ${campaign.sourceList} and s.member_id = ${input.memberId}
       order by s.as_of desc limit 1`;
    const arm: CampaignEnrolment["arm"] = draw() < campaign.holdoutShare ? "holdout" : "contact";
    await tx.campaignMember.create({
      data: {
        campaignId: campaign.id,
        memberId: input.memberId,
        arm,
        scoreDecile: lateDecile(scored.score, Number(scored.below), Number(scored.size)),
        score: scored.score,
        mrrAtStartCents: scored.mrr,
        tierAtStart: scored.tier,
      },
    });
    const outreach =
      arm === "contact"
        ? await tx.outreach.create({
            data: {
              memberId: input.memberId,
              campaignId: campaign.id,
              kind: campaign.goal,
              list: "campaign",
              status: "todo",
              dueAt: new Date(Date.now() + OUTREACH_DUE_DAYS * 86_400_000),
              note: `Campaign “${campaign.name}” (added by hand)`,
              createdById: actor.id,
            },
            select: { id: true },
          })
        : null;
    return { campaignId: campaign.id, campaignName: campaign.name, arm, outreachId: outreach?.id ?? null };
  });
  await recordAudit(actor, "campaign.add_member", "campaign", enrolment.campaignId, {
    memberId: input.memberId,
    arm: enrolment.arm,
    outreachId: enrolment.outreachId,
  });
  return enrolment;
}
