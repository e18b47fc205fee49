// Writes for outreach campaigns: launch (seeded stratified holdout, outreach rows for the
// contact arm only), close, expire at the horizon, and recording contact on a campaign's outreach.
import "server-only";
import { randomInt } from "node:crypto";
import { db } from "@/lib/db/client";
import type { SessionUser } from "@/lib/auth/roles";
import { assignArms } from "@/lib/analytics/uplift";
import { estimateBaseRate, selectCampaignMembers } from "@/lib/data/campaign-selection";
import { resolveDesign, type CreateCampaignInput } from "@/lib/validation/campaigns";
import { recordAudit } from "./audit";
import { ConflictError, NotFoundError, UserFacingError } from "./errors";
import { updateOutreach } from "./outreach";
import { DAY_MS } from "@/lib/time";

type Actor = Pick<SessionUser, "id" | "email">;

export interface LaunchedCampaign {
  id: number;
  members: number;
  contact: number;
  holdout: number;
  skippedActive: number;
  seed: number;
}

export const OUTREACH_DUE_DAYS = 14;
/** Serialises launches so two at once cannot put the same member in two active campaigns. */
export const LAUNCH_LOCK_KEY = 74_210_001;

/**
 * Launches a campaign from the top of a ranked list. Members already in an active campaign are
 * skipped (and counted); the holdout gets no outreach rows, so it never shows as "to contact".
 */
export async function createCampaign(
  actor: Actor,
  input: CreateCampaignInput,
  opts: { seed?: number } = {},
): Promise<LaunchedCampaign> {
  const design = resolveDesign(input);
  const selection = await selectCampaignMembers(design);
  if (!selection.snapshotAsOf)
    throw new UserFacingError(`There is no ${design.sourceList} ranking yet; run a recompute first.`);
  const baseRate = await estimateBaseRate(design, design.goal, selection.members);
  const seed = opts.seed ?? randomInt(1, 2 ** 31 - 1);

  const launched = await db.$transaction(
    async (tx) => {
      await tx.$executeRaw`select pg_advisory_xact_lock(${LAUNCH_LOCK_KEY}::bigint)`;
      // Re-check inside the lock: another launch may have taken some members since the read.
      const taken = await tx.$queryRaw<{ member_id: number }[]>`
        select cm.member_id from campaign_members cm join campaigns c on c.id = cm.campaign_id
         where c.status = 'active' and cm.member_id = any(${selection.members.map((m) => m.memberId)}::int[])`;
      const takenIds = new Set(taken.map((t) => t.member_id));
      const members = selection.members.filter((m) => !takenIds.has(m.memberId));
      if (members.length === 0)
        throw new UserFacingError(
          "No eligible member is left in this selection (all are excluded or already in an active campaign).",
        );
      const byId = new Map(members.map((m) => [String(m.memberId), m]));
      const arms = assignArms(
        members.map((m) => ({ memberId: String(m.memberId), score: m.score })),
        design.holdoutShare,
        seed,
      );
      const launchedAt = new Date();
      const campaign = await tx.campaign.create({
        data: {
          name: input.name,
          goal: design.goal,
          sourceList: design.sourceList,
          horizonWeeks: design.horizonWeeks,
          holdoutShare: design.holdoutShare,
          seed,
          status: "active",
          baseRate: baseRate.rate,
          launchedAt,
          createdById: actor.id,
        },
      });
      await tx.campaignMember.createMany({
        data: arms.map((a) => {
          const m = byId.get(a.memberId)!;
          return {
            campaignId: campaign.id,
            memberId: m.memberId,
            arm: a.arm === "treatment" ? "contact" : "holdout",
            scoreDecile: a.decile,
            score: m.score,
            mrrAtStartCents: m.mrrCents,
            tierAtStart: m.tier,
          };
        }),
      });
      const contact = arms.filter((a) => a.arm === "treatment");
      await tx.outreach.createMany({
        data: contact.map((a) => ({
          memberId: Number(a.memberId),
          campaignId: campaign.id,
          kind: design.goal,
          list: "campaign",
          status: "todo" as const,
          dueAt: new Date(launchedAt.getTime() + OUTREACH_DUE_DAYS * DAY_MS),
          note: `Campaign “${input.name}”`,
          createdById: actor.id,
        })),
      });
      return {
        id: campaign.id,
        members: arms.length,
        contact: contact.length,
        holdout: arms.length - contact.length,
        skippedActive: selection.skippedActive + takenIds.size,
        seed,
      };
    },
    { timeout: 60_000 },
  );

  await recordAudit(actor, "campaign.create", "campaign", launched.id, {
    name: input.name,
    goal: design.goal,
    sourceList: design.sourceList,
    snapshotAsOf: selection.snapshotAsOf,
    filters: {
      tier: design.tier ?? null,
      orgId: design.orgId ?? null,
      tag: design.tag ?? null,
      size: design.size,
    },
    horizonWeeks: design.horizonWeeks,
    holdoutShare: design.holdoutShare,
    seed,
    members: launched.members,
    contact: launched.contact,
    holdout: launched.holdout,
    skippedActive: launched.skippedActive,
    baseRate: { rate: baseRate.rate, source: baseRate.source },
  });
  return launched;
}

export async function closeCampaign(actor: Actor, id: number): Promise<{ id: number }> {
  const updated = await db.campaign.updateMany({
    where: { id, status: "active" },
    data: { status: "closed", closedAt: new Date() },
  });
  if (updated.count === 0) {
    const exists = await db.campaign.findUnique({ where: { id }, select: { id: true } });
    if (!exists) throw new NotFoundError("Campaign");
    throw new ConflictError("This campaign is already closed.");
  }
  await recordAudit(actor, "campaign.close", "campaign", id);
  return { id };
}

/** Closes active campaigns whose horizon has passed, dated at the horizon end; frees their members. */
export async function closeExpiredCampaigns(now = new Date()): Promise<number[]> {
  const rows = await db.$queryRaw<{ id: number }[]>`
    update campaigns set status = 'closed', closed_at = launched_at + make_interval(weeks => horizon_weeks)
     where status = 'active' and launched_at + make_interval(weeks => horizon_weeks) <= ${now}
     returning id`;
  for (const r of rows) await recordAudit("system", "campaign.expire", "campaign", r.id);
  return rows.map((r) => r.id);
}

/**
 * Records progress on a contacted member's campaign outreach. Holdout members have no outreach
 * row, so trying to contact one is refused rather than silently contaminating the holdout.
 */
export async function setCampaignOutreachStatus(
  actor: Actor,
  input: {
    campaignId: number;
    memberId: number;
    status: "contacted" | "replied" | "no_response" | "declined";
  },
): Promise<{ outreachId: number; status: string }> {
  const member = await db.campaignMember.findUnique({
    where: { campaignId_memberId: { campaignId: input.campaignId, memberId: input.memberId } },
  });
  if (!member) throw new NotFoundError("Campaign member");
  if (member.arm === "holdout")
    throw new UserFacingError(
      "This member is in the holdout group: do not contact them during the campaign.",
    );
  const row = await db.outreach.findFirst({
    where: { campaignId: input.campaignId, memberId: input.memberId },
    orderBy: { id: "desc" },
  });
  if (!row) throw new NotFoundError("Outreach for this member");
  // The outreach service owns status changes (versioning, contacted_at / outcome_at, audit).
  const updated = await updateOutreach(actor, { id: row.id, version: row.version, status: input.status });
  await recordAudit(actor, "campaign.outreach", "campaign", input.campaignId, {
    memberId: input.memberId,
    outreachId: row.id,
    from: row.status,
    to: input.status,
  });
  return { outreachId: row.id, status: updated.status };
}
