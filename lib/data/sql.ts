// SQL pieces shared by the lib/data readers, defined once so a member shows the same plan and the
// same organisation on every page. Tagged Prisma.sql fragments: values are parameters, and the only
// raw text is a column reference written in code (never user input).
import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import type { RankingKind } from "@/lib/scoring/types";

/** A qualified column written in code, such as "m.current_tier". */
type Column = `${string}.${string}`;

/**
 * The plan name shown for a tier. Several plans can share a tier rank (tiers are ranked by
 * monthly price, so they share it only at the same price, e.g. a monthly and a yearly plan, or a
 * renamed plan kept for old subscribers): the cheapest, then the first by name, so the choice is
 * deterministic. Ascending was already what the ranked lists showed; the Members list used
 * descending with no tie-break, so the same member could show two plan names.
 */
export function planNameForTier(tier: Column): Prisma.Sql {
  return Prisma.sql`(select p.name from plans p where p.tier_rank = ${Prisma.raw(tier)} order by p.monthly_amount_cents, p.name limit 1)`;
}

/**
 * An affiliation that holds now: open-ended, or ending in the future. (`ends_at is null` alone,
 * used by the Members list before, dropped people whose affiliation has a known future end.)
 */
export function isCurrentAffiliation(alias: string): Prisma.Sql {
  const a = Prisma.raw(alias);
  return Prisma.sql`(${a}.ends_at is null or ${a}.ends_at > now())`;
}

/** A member's current organisation (the most recently started current affiliation): columns org_id, org_name. */
export function currentOrganization(memberId: Column): Prisma.Sql {
  return Prisma.sql`(
    select o.id as org_id, o.name as org_name
      from affiliations a join organizations o on o.id = a.org_id
     where a.member_id = ${Prisma.raw(memberId)} and ${isCurrentAffiliation("a")}
     order by a.starts_at desc, a.id desc limit 1)`;
}

/**
 * The day of the newest ranking snapshot of a kind (a date expression; null when there is none). A snapshot
 * run that ranked nobody (an at-risk list with no current billing source) still counts, known by its model
 * run: the newest ranking is then empty, and no reader falls back to an older, stale list.
 */
export function latestSnapshot(kind: RankingKind): Prisma.Sql {
  return Prisma.sql`(select greatest(
      (select max(as_of) from score_snapshots where kind = ${kind}),
      (select max(as_of) from model_runs where kind = ${kind} and backtest->>'source' = 'snapshot')))`;
}

/**
 * Snapshot rows read with their rank come from the view `ranked_score_snapshots` (rank derived at read: the
 * position in the ranking's day by raw score descending, ties by member id), with `kind` and `as_of` fixed. To
 * order by rank, order by this instead: the same order, which the planner knows the view's index yields, so a
 * page of the list stops after its rows rather than numbering and sorting the whole day first.
 */
export function inRankOrder(alias: string, dir: "asc" | "desc" = "asc"): Prisma.Sql {
  const s = Prisma.raw(alias);
  return dir === "asc"
    ? Prisma.sql`${s}.raw_score desc, ${s}.member_id asc`
    : Prisma.sql`${s}.raw_score asc, ${s}.member_id desc`;
}
