// Who a new campaign would include (top N of the latest ranked snapshot, filtered, eligible),
// the outcome SQL every campaign read shares, and the pre-launch preview with its power check.
import "server-only";
import { readDb as db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import type { RankingKind } from "@/lib/scoring/types";
import { inRankOrder, isCurrentAffiliation, latestSnapshot } from "./sql";
import { campaignDetectableLift } from "@/lib/analytics/proportions";
import { resolveDesign, type CampaignDesign, type CampaignGoal } from "@/lib/validation/campaigns";

/**
 * SQL turning a `cohort` CTE (member_id, goal, tier_at_start, mrr_at_start, start_at, end_at)
 * into outcomes: a conversion is the goal's plan change in (start_at, end_at].
 * upgrade: reached a tier above tier_at_start; renewal: no cancel/downgrade and still on at
 * least tier_at_start at the end; reactivation: free at start and paying at some point.
 */
export const OUTCOMES_SQL = Prisma.sql`
  outcomes as (
    select c.*,
      coalesce(last_change.to_tier, c.tier_at_start) as tier_end,
      coalesce(last_change.mrr_after_cents, c.mrr_at_start) as mrr_end,
      case c.goal
        when 'upgrade' then coalesce(agg.max_tier, c.tier_at_start) > c.tier_at_start
        when 'renewal' then not coalesce(agg.lost, false) and coalesce(last_change.to_tier, c.tier_at_start) >= c.tier_at_start
        when 'reactivation' then c.tier_at_start = 0 and coalesce(agg.max_tier, 0) > 0
        else false
      end as converted
    from cohort c
    left join lateral (
      select sc.to_tier, sc.mrr_after_cents from subscription_changes sc
       where sc.member_id = c.member_id and sc.occurred_at > c.start_at and sc.occurred_at <= c.end_at
       order by sc.occurred_at desc, sc.id desc limit 1
    ) last_change on true
    left join lateral (
      select max(sc.to_tier) as max_tier, bool_or(sc.kind in ('cancel', 'downgrade')) as lost from subscription_changes sc
       where sc.member_id = c.member_id and sc.occurred_at > c.start_at and sc.occurred_at <= c.end_at
    ) agg on true
  )`;

/** Members never put in a campaign: staff (or staff organisations), bots, do-not-contact. */
const ELIGIBLE_MEMBER_SQL = Prisma.sql`not m.is_staff and not m.is_bot and not m.do_not_contact
  and not exists (select 1 from affiliations a join organizations o on o.id = a.org_id
                   where a.member_id = m.id and o.is_staff_org and ${isCurrentAffiliation("a")})`;

/** The design's organisation and tag filters on members `m` (the tier filter depends on when the tier is read). */
function orgAndTagFilter(design: CampaignDesign): Prisma.Sql {
  const org = design.orgId ?? null;
  const tag = design.tag ?? null;
  return Prisma.sql`(${org}::int is null or exists (select 1 from affiliations a
                                 where a.member_id = m.id and a.org_id = ${org} and ${isCurrentAffiliation("a")}))
    and (${tag}::text is null or ${tag} = any(m.tags))`;
}

export interface SelectedMember {
  memberId: number;
  score: number;
  rank: number;
  tier: number;
  mrrCents: number;
  openOutreach: boolean;
}

export interface CampaignSelection {
  snapshotAsOf: string | null;
  /** Eligible members taken from the top of the list (before skipping). */
  listed: number;
  /** Already in an active campaign, so left out. */
  skippedActive: number;
  members: SelectedMember[];
}

/** Top `size` eligible members of the latest snapshot of the list, minus those in an active campaign. */
export async function selectCampaignMembers(design: CampaignDesign): Promise<CampaignSelection> {
  const kind = design.sourceList;
  const tier = design.tier ?? null;
  const rows = await db.$queryRaw<
    {
      member_id: number;
      score: number;
      rank: number;
      tier: number;
      mrr: number;
      as_of: Date;
      in_active: boolean;
      open_outreach: boolean;
    }[]
  >`
    select s.member_id, s.score, s.rank, m.current_tier as tier, m.current_mrr_cents as mrr, s.as_of,
      exists (select 1 from campaign_members cm join campaigns c on c.id = cm.campaign_id
               where cm.member_id = m.id and c.status = 'active') as in_active,
      exists (select 1 from outreach o where o.member_id = m.id and o.status = 'todo') as open_outreach
    from ranked_score_snapshots s join members m on m.id = s.member_id
    where s.kind = ${kind} and s.as_of = ${latestSnapshot(kind)} and ${ELIGIBLE_MEMBER_SQL}
      and (${tier}::int is null or m.current_tier = ${tier}) and ${orgAndTagFilter(design)}
    order by ${inRankOrder("s")}
    limit ${design.size}`;
  const members = rows
    .filter((r) => !r.in_active)
    .map((r) => ({
      memberId: r.member_id,
      score: r.score,
      rank: r.rank,
      tier: r.tier,
      mrrCents: r.mrr,
      openOutreach: r.open_outreach,
    }));
  const asOf = rows[0]?.as_of ?? (await latestSnapshotDate(design.sourceList));
  return {
    snapshotAsOf: asOf ? asOf.toISOString().slice(0, 10) : null,
    listed: rows.length,
    skippedActive: rows.length - members.length,
    members,
  };
}

async function latestSnapshotDate(kind: RankingKind): Promise<Date | null> {
  const [row] = await db.$queryRaw<{ as_of: Date | null }[]>`select ${latestSnapshot(kind)} as as_of`;
  return row?.as_of ?? null;
}

export interface BaseRateEstimate {
  rate: number;
  source: "history" | "model" | "assumed";
  note: string;
}

/** Below this many members a historical rate is too noisy to plan with. */
const MIN_HISTORY_MEMBERS = 30;
const ASSUMED_BASE_RATE = 0.1;

/**
 * The conversion the same list reached over the same horizon in the past: the newest snapshot
 * at least one horizon old, same filters, same size, tiers as they were then.
 */
export async function historicalBaseRate(
  design: CampaignDesign,
  goal: CampaignGoal,
): Promise<{ rate: number; members: number; asOf: string } | null> {
  const kind = design.sourceList;
  const tier = design.tier ?? null;
  const weeks = design.horizonWeeks;
  const [row] = await db.$queryRaw<{ members: bigint; converted: bigint; as_of: Date | null }[]>`
    with past as (
       select max(as_of) as as_of from score_snapshots where kind = ${kind} and as_of <= current_date - (${weeks}::int * 7)
     ),
     ranked as (
       select s.member_id, s.raw_score, s.as_of,
         coalesce((select sc.to_tier from subscription_changes sc where sc.member_id = m.id and sc.occurred_at <= s.as_of
                    order by sc.occurred_at desc, sc.id desc limit 1), 0) as tier_then,
         coalesce((select sc.mrr_after_cents from subscription_changes sc where sc.member_id = m.id and sc.occurred_at <= s.as_of
                    order by sc.occurred_at desc, sc.id desc limit 1), 0) as mrr_then
       from score_snapshots s join past p on s.as_of = p.as_of join members m on m.id = s.member_id
       where s.kind = ${kind} and ${ELIGIBLE_MEMBER_SQL} and ${orgAndTagFilter(design)}
     ),
     cohort as (
       select member_id, ${goal}::text as goal, tier_then as tier_at_start, mrr_then as mrr_at_start,
              as_of::timestamptz as start_at, as_of::timestamptz + make_interval(weeks => ${weeks}::int) as end_at
       from ranked where (${tier}::int is null or tier_then = ${tier})
       order by raw_score desc, member_id asc limit ${design.size} -- rank order
     ),
     ${OUTCOMES_SQL}
     select count(*) as members, count(*) filter (where converted) as converted, (select as_of from past) as as_of from outcomes`;
  const members = Number(row?.members ?? 0);
  if (!row?.as_of || members < MIN_HISTORY_MEMBERS) return null;
  return { rate: Number(row.converted) / members, members, asOf: row.as_of.toISOString().slice(0, 10) };
}

/** History first; else the model's mean predicted probability; else a stated assumption. */
export async function estimateBaseRate(
  design: CampaignDesign,
  goal: CampaignGoal,
  selected: readonly SelectedMember[],
): Promise<BaseRateEstimate> {
  const history = await historicalBaseRate(design, goal);
  if (history) {
    return {
      rate: history.rate,
      source: "history",
      note: `historical: ${history.members} members at the top of the ${design.sourceList} list on ${history.asOf}, measured over the following ${design.horizonWeeks} weeks`,
    };
  }
  const meanScore = selected.length > 0 ? selected.reduce((s, m) => s + m.score, 0) / selected.length : null;
  const modelFits = design.sourceList === "candidates" ? goal !== "renewal" : goal === "renewal";
  if (meanScore !== null && modelFits && meanScore >= 0 && meanScore <= 1) {
    const rate = design.sourceList === "candidates" ? meanScore : 1 - meanScore;
    const what =
      design.sourceList === "candidates"
        ? "mean predicted upgrade probability"
        : "1 − mean predicted churn probability";
    return {
      rate,
      source: "model",
      note: `model: ${what} of the selected members (no snapshot at least ${design.horizonWeeks} weeks old to measure history)`,
    };
  }
  return {
    rate: ASSUMED_BASE_RATE,
    source: "assumed",
    note: `assumed ${ASSUMED_BASE_RATE * 100}%: neither history nor a matching model score is available`,
  };
}

export interface CampaignPreview {
  design: ReturnType<typeof resolveDesign>;
  snapshotAsOf: string | null;
  listed: number;
  skippedActive: number;
  members: number;
  contact: number;
  holdout: number;
  openOutreach: number;
  baseRate: BaseRateEstimate;
  minimumDetectableEffect: number | null;
  warnings: string[];
}

/** MDE above this (absolute) means the campaign cannot tell a useful effect from noise. */
export const MDE_WARNING = 0.1;
export const MIN_HOLDOUT = 30;

export function powerWarnings(mde: number | null, holdout: number, members: number): string[] {
  const warnings: string[] = [];
  if (members === 0) warnings.push("No eligible member matches this selection.");
  if (holdout < MIN_HOLDOUT)
    warnings.push(
      `Only ${holdout} members would be held out (fewer than ${MIN_HOLDOUT}): too few to learn anything.`,
    );
  if (mde === null)
    warnings.push("Even a jump to 100% conversion would not reliably show up with these group sizes.");
  else if (mde > MDE_WARNING)
    warnings.push(
      `Only a lift of ${(mde * 100).toFixed(1)} points or more would show up: too coarse to learn much. Add members or hold out more.`,
    );
  return warnings;
}

export async function previewCampaign(input: CampaignDesign): Promise<CampaignPreview> {
  const design = resolveDesign(input);
  const selection = await selectCampaignMembers(design);
  const n = selection.members.length;
  const holdout = Math.round(design.holdoutShare * n);
  const contact = n - holdout;
  const baseRate = await estimateBaseRate(design, design.goal, selection.members);
  const mde = campaignDetectableLift(baseRate.rate, contact, holdout);
  const warnings = powerWarnings(mde, holdout, n);
  if (!selection.snapshotAsOf)
    warnings.unshift(`There is no ${design.sourceList} snapshot yet: rankings have not been computed.`);
  const openOutreach = selection.members.filter((m) => m.openOutreach).length;
  if (openOutreach > 0) {
    warnings.push(
      `${openOutreach} selected members already have open outreach from another list; if held out and contacted anyway, the measured effect shrinks.`,
    );
  }
  return {
    design,
    snapshotAsOf: selection.snapshotAsOf,
    listed: selection.listed,
    skippedActive: selection.skippedActive,
    members: n,
    contact,
    holdout,
    openOutreach,
    baseRate,
    minimumDetectableEffect: mde,
    warnings,
  };
}
