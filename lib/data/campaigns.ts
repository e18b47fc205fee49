// Server-only reads for campaigns: the list with verdicts, one campaign's uplift by arm and
// decile, pooled results by goal, and the member table / CSV with arm, decile and outcome.
import "server-only";
import { readDb as db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { campaignVerdict, type CampaignVerdict } from "@/lib/analytics/campaign-verdict";
import { campaignDetectableLift } from "@/lib/analytics/proportions";
import { formatDate } from "@/lib/format/numbers";
import {
  summariseCampaign,
  summarisePooledCampaigns,
  type ArmDecileRow,
  type CampaignResult,
} from "@/lib/analytics/uplift";
import { GOAL_OUTCOME_NOUN, type CampaignGoal } from "@/lib/validation/campaigns";
import { OUTCOMES_SQL } from "./campaign-selection";
import { WEEK_MS } from "@/lib/time";

export interface CampaignInfo {
  id: number;
  name: string;
  goal: CampaignGoal;
  sourceList: string;
  horizonWeeks: number;
  holdoutShare: number;
  seed: number;
  status: "active" | "closed";
  baseRate: number | null;
  launchedAt: string;
  closedAt: string | null;
  horizonEndsAt: string;
  /** The horizon has passed: outcomes are final. */
  isFinal: boolean;
}

export interface CampaignSummary extends CampaignInfo {
  contact: number;
  holdout: number;
  result: CampaignResult;
  verdict: CampaignVerdict;
}

type CampaignRow = Awaited<ReturnType<typeof db.campaign.findMany>>[number];

function info(c: CampaignRow, now = Date.now()): CampaignInfo {
  const end = c.launchedAt.getTime() + c.horizonWeeks * WEEK_MS;
  return {
    id: c.id,
    name: c.name,
    goal: c.goal as CampaignGoal,
    sourceList: c.sourceList,
    horizonWeeks: c.horizonWeeks,
    holdoutShare: c.holdoutShare,
    seed: c.seed,
    status: c.status === "closed" ? "closed" : "active",
    baseRate: c.baseRate,
    launchedAt: c.launchedAt.toISOString(),
    closedAt: c.closedAt?.toISOString() ?? null,
    horizonEndsAt: new Date(end).toISOString(),
    isFinal: now >= end,
  };
}

const campaignCohort = (ids: number[]) => Prisma.sql`
  cohort as (
    select cm.campaign_id, cm.member_id, cm.arm, cm.score_decile, cm.score, c.goal, cm.tier_at_start,
           cm.mrr_at_start_cents as mrr_at_start, c.launched_at as start_at,
           c.launched_at + make_interval(weeks => c.horizon_weeks) as end_at
    from campaign_members cm join campaigns c on c.id = cm.campaign_id
    where cm.campaign_id = any(${ids}::int[])
  )`;

/** MRR a conversion is worth: the rise for upgrades, the kept MRR for renewals, the new MRR for reactivations. */
const CONVERSION_VALUE_SQL = Prisma.sql`case goal when 'upgrade' then greatest(mrr_end - mrr_at_start, 0) when 'renewal' then mrr_at_start else mrr_end end`;

interface ArmStats {
  rows: ArmDecileRow[];
  valueCents: number;
  conversions: number;
}

/** (decile, arm) tallies per campaign, grouped in SQL. The DB's 'contact' arm is the analytics' 'treatment'. */
export async function campaignArmRows(ids: number[]): Promise<Map<number, ArmStats>> {
  const out = new Map<number, ArmStats>();
  if (ids.length === 0) return out;
  const rows = await db.$queryRaw<
    {
      campaign_id: number;
      decile: number;
      arm: string;
      members: bigint;
      conversions: bigint;
      value: bigint | null;
    }[]
  >`
    with ${campaignCohort(ids)}, ${OUTCOMES_SQL}
    select campaign_id, score_decile as decile, arm, count(*) as members, count(*) filter (where converted) as conversions,
           sum(case when converted then ${CONVERSION_VALUE_SQL} else 0 end) as value
    from outcomes group by 1, 2, 3 order by 1, 2, 3`;
  for (const id of ids) out.set(id, { rows: [], valueCents: 0, conversions: 0 });
  for (const r of rows) {
    const stats = out.get(r.campaign_id)!;
    const conversions = Number(r.conversions);
    stats.rows.push({
      decile: r.decile,
      arm: r.arm === "contact" ? "treatment" : "holdout",
      members: Number(r.members),
      conversions,
    });
    stats.conversions += conversions;
    stats.valueCents += Number(r.value ?? 0);
  }
  return out;
}

function summarise(campaign: CampaignInfo, stats: ArmStats): CampaignSummary {
  const avg = stats.conversions > 0 ? stats.valueCents / stats.conversions : null;
  const result = summariseCampaign(stats.rows, {
    goal: GOAL_OUTCOME_NOUN[campaign.goal],
    avgMrrPerConversionCents: avg,
  });
  // One smallest detectable lift everywhere: the preview's formula with the base rate planned at launch
  // and the actual group sizes (the observed holdout rate only when no plan was recorded).
  result.minimumDetectableEffect = campaignDetectableLift(
    campaign.baseRate ?? result.holdout.rate,
    result.treatment.members,
    result.holdout.members,
  );
  if (!campaign.isFinal)
    result.assumptions.push(
      `the horizon ends ${campaign.horizonEndsAt.slice(0, 10)}: these are interim figures, and outcomes still arriving can change them`,
    );
  const verdict = campaignVerdict(result, {
    firstReadOn: campaign.isFinal ? null : formatDate(campaign.horizonEndsAt),
  });
  return { ...campaign, contact: result.treatment.members, holdout: result.holdout.members, result, verdict };
}

export async function listCampaigns(): Promise<CampaignSummary[]> {
  const campaigns = (await db.campaign.findMany({ orderBy: [{ launchedAt: "desc" }, { id: "desc" }] })).map(
    (c) => info(c),
  );
  const stats = await campaignArmRows(campaigns.map((c) => c.id));
  return campaigns.map((c) => summarise(c, stats.get(c.id)!));
}

export async function getCampaignSummary(id: number): Promise<CampaignSummary | null> {
  const campaign = await db.campaign.findUnique({ where: { id } });
  if (!campaign) return null;
  const stats = await campaignArmRows([id]);
  return summarise(info(campaign), stats.get(id)!);
}

export interface PooledGoalResult {
  goal: CampaignGoal;
  campaignIds: number[];
  result: CampaignResult;
  verdict: CampaignVerdict;
}

/** Campaigns launched within `months`, pooled by goal (summed decile by decile). */
export async function pooledCampaignResults(months: number): Promise<PooledGoalResult[]> {
  const since = new Date();
  since.setUTCMonth(since.getUTCMonth() - months);
  const campaigns = (
    await db.campaign.findMany({ where: { launchedAt: { gte: since } }, orderBy: { id: "asc" } })
  ).map((c) => info(c));
  const stats = await campaignArmRows(campaigns.map((c) => c.id));
  const goals = [...new Set(campaigns.map((c) => c.goal))].sort();
  return goals.map((goal) => {
    const group = campaigns.filter((c) => c.goal === goal);
    const all = group.map((c) => stats.get(c.id)!);
    const conversions = all.reduce((s, a) => s + a.conversions, 0);
    const value = all.reduce((s, a) => s + a.valueCents, 0);
    const result = summarisePooledCampaigns(
      all.map((a) => a.rows),
      {
        goal: GOAL_OUTCOME_NOUN[goal],
        avgMrrPerConversionCents: conversions > 0 ? value / conversions : null,
      },
    );
    if (group.some((c) => !c.isFinal))
      result.assumptions.push(
        "some pooled campaigns are still within their horizon, so their outcomes are interim",
      );
    return { goal, campaignIds: group.map((c) => c.id), result, verdict: campaignVerdict(result) };
  });
}

export interface CampaignMemberRow {
  memberId: number;
  name: string;
  arm: "contact" | "holdout";
  decile: number;
  score: number;
  tierAtStart: number;
  tierEnd: number;
  mrrAtStartCents: number;
  converted: boolean;
  outreachStatus: string | null;
}

export const CAMPAIGN_MEMBER_SORT_SQL: Record<string, string> = {
  decile: "score_decile",
  score: "score",
  arm: "arm",
  name: "display_name",
  outcome: "converted",
};

export interface CampaignMemberQuery {
  arm?: "contact" | "holdout";
  converted?: "yes" | "no";
  sort?: { id: string; desc: boolean };
  limit?: number;
  offset?: number;
}

/** One page (or, without limit, all) of a campaign's members with their outcome so far. */
export async function listCampaignMembers(
  campaignId: number,
  q: CampaignMemberQuery = {},
): Promise<{ rows: CampaignMemberRow[]; total: number }> {
  const column =
    (q.sort && Object.hasOwn(CAMPAIGN_MEMBER_SORT_SQL, q.sort.id) && CAMPAIGN_MEMBER_SORT_SQL[q.sort.id]) ||
    "score_decile";
  const direction = q.sort ? (q.sort.desc ? "desc" : "asc") : "desc";
  const arm = q.arm ?? null;
  const converted = q.converted === undefined ? null : q.converted === "yes";
  // The sort column and direction come from the whitelist above, never from the request as such.
  const order = Prisma.raw(`${column} ${direction}`);
  const rows = await db.$queryRaw<
    {
      member_id: number;
      display_name: string;
      arm: string;
      score_decile: number;
      score: number;
      tier_at_start: number;
      tier_end: number;
      mrr_at_start: number;
      converted: boolean;
      outreach_status: string | null;
      total: bigint;
    }[]
  >`
    with ${campaignCohort([campaignId])}, ${OUTCOMES_SQL}
    select o.member_id, m.display_name, o.arm, o.score_decile, o.score, o.tier_at_start, o.tier_end, o.mrr_at_start, o.converted,
      (select r.status::text from outreach r where r.campaign_id = o.campaign_id and r.member_id = o.member_id order by r.id desc limit 1) as outreach_status,
      count(*) over () as total
    from outcomes o join members m on m.id = o.member_id
    where (${arm}::text is null or o.arm = ${arm}) and (${converted}::boolean is null or o.converted = ${converted})
    order by ${order}, o.score desc, o.member_id asc
    limit ${q.limit ?? null} offset ${q.offset ?? 0}`;
  return {
    total: Number(rows[0]?.total ?? 0),
    rows: rows.map((r) => ({
      memberId: r.member_id,
      name: r.display_name,
      arm: r.arm === "holdout" ? "holdout" : "contact",
      decile: r.score_decile,
      score: r.score,
      tierAtStart: r.tier_at_start,
      tierEnd: r.tier_end,
      mrrAtStartCents: r.mrr_at_start,
      converted: r.converted,
      outreachStatus: r.outreach_status,
    })),
  };
}

export interface CampaignFilterOptions {
  organizations: { id: number; name: string }[];
  tags: string[];
}

/** Choices for the preview form's organisation and tag filters. */
export async function campaignFilterOptions(): Promise<CampaignFilterOptions> {
  const [organizations, tags] = await Promise.all([
    db.organization.findMany({
      where: { mergedIntoId: null, isStaffOrg: false },
      select: { id: true, name: true },
      orderBy: { name: "asc" },
      take: 500,
    }),
    db.$queryRaw<{ tag: string }[]>`select distinct unnest(tags) as tag from members order by 1 limit 200`,
  ]);
  return { organizations, tags: tags.map((t) => t.tag) };
}
