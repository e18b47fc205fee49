// SQL pieces shared by the lib/data readers, defined once so a member shows the same plan and the
// same organisation on every page. Tagged Prisma.sql fragments: values are parameters, and the only
// raw text is a column reference written in code (never user input).
import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import type { RankingKind } from "@/lib/scoring/types";
import { ACTIVE_STATUSES } from "@/lib/ingest/persist/billing";

/** Escapes LIKE wildcards so a search for "50%" means the text "50%". */
export function likePattern(text: string, prefixOnly = false): string {
  const escaped = text.replace(/[\\%_]/g, (c) => `\\${c}`);
  return prefixOnly ? `${escaped}%` : `%${escaped}%`;
}

/** A qualified column written in code, such as "m.current_tier". */
type Column = `${string}.${string}`;

/** Cents as en-US money with two decimals ("$12.00", "€9.50"; other currencies "CHF 12.00"), in SQL. */
function moneySql(cents: Prisma.Sql, currency: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`(case lower(${currency}) when 'usd' then '$' when 'eur' then '€' when 'gbp' then '£'
    else upper(${currency}) || ' ' end || to_char(${cents} / 100.0, 'FM999,999,990.00'))`;
}

/**
 * A plan's name as every page shows it: the name an admin gave it in Settings; else a readable default from what
 * the data holds: Stripe's own name for the price (its nickname or product name, kept in the subscription's state),
 * "Open Collective · $12.00/month" from an Open Collective key (oc:<interval>:<cents>), "Stripe · $20.00/month"
 * for a Stripe price id with a known amount; else the key. A plan is created named by its key (lib/ingest), so a
 * name equal to the key is no name. `plan`: the plans row's alias (may be null from a left join); `key`: the plan
 * key; `sub`: the subscription's alias, when there is one.
 */
export function planName(plan: string, key: Prisma.Sql, sub?: string): Prisma.Sql {
  const p = Prisma.raw(plan);
  const s = sub ? Prisma.raw(sub) : null;
  const currency = s
    ? Prisma.sql`coalesce(${p}.currency, ${s}.currency, 'usd')`
    : Prisma.sql`coalesce(${p}.currency, 'usd')`;
  const monthly = s
    ? Prisma.sql`coalesce(nullif(${p}.monthly_amount_cents, 0), nullif(${s}.mrr_cents, 0))`
    : Prisma.sql`nullif(${p}.monthly_amount_cents, 0)`;
  return Prisma.sql`coalesce(
    nullif(${p}.name, ${p}.key),
    ${s ? Prisma.sql`case when ${s}.state->>'planKey' = ${key} then nullif(${s}.state->>'planName', '') end` : Prisma.sql`null`},
    case when ${key} ~ '^oc:(month|year):[0-9]+$' then 'Open Collective · '
      || ${moneySql(Prisma.sql`split_part(${key}, ':', 3)::bigint`, currency)} || '/' || split_part(${key}, ':', 2) end,
    case when ${key} ~ '^(price|plan)_' and ${monthly} is not null then 'Stripe · ' || ${moneySql(monthly, currency)} || '/month' end,
    ${key})`;
}

/**
 * A member's billing as the pages show it, from their active subscriptions (a lateral subquery; columns
 * plan_name, stopped_source, stopped_mrr_cents). The plan is the one the subscription names, matched by its own
 * plan key, so an Open Collective backer never shows the name of a Stripe plan that shares the tier number (the
 * old look-up by tier rank alone did); a subscription with no known plan shows its plan key, and a member with
 * no active subscription shows null (callers say "Free" or "Tier N", `tierLabel`). `stopped`: billing sources
 * that stopped long ago (`stoppedBillingSources`); their plan is named only when no live source has one, and
 * `stopped_source` is set when the member pays only through them (not counted as paying, as on the Overview),
 * `stopped_mrr_cents` being what the Overview leaves out of the member's MRR.
 */
export function memberBilling(memberId: Column, tier: Column, stopped: string[] = []): Prisma.Sql {
  const id = Prisma.raw(memberId);
  const isStopped = Prisma.sql`s.source = any(${stopped}::text[])`;
  return Prisma.sql`(
    select (array_agg(${planName("p", Prisma.sql`s.plan_key`, "s")} order by ${isStopped}, s.tier_rank desc, s.mrr_cents desc, s.id))[1] as plan_name,
           case when ${Prisma.raw(tier)} > 0 and bool_and(${isStopped}) then min(s.source) end as stopped_source,
           case when ${Prisma.raw(tier)} > 0 then coalesce(sum(s.mrr_cents) filter (where ${isStopped}), 0) else 0 end::int as stopped_mrr_cents
      from subscriptions s left join plans p on p.key = s.plan_key
     where s.member_id = ${id} and s.status = any(${ACTIVE_STATUSES}::text[]))`;
}

/**
 * `memberBilling` for a whole page of members in one statement: the active subscriptions of `memberIds` (an int[]
 * expression) read by one index scan over the array and grouped per member, instead of a lateral look-up per
 * member. Columns member_id, plan_name, only_stopped_source (set when every active subscription is from a stopped
 * source) and stopped_mrr_cents; the caller applies the member's tier, as memberBilling does (tests compare both).
 */
export function billingOfMembers(memberIds: Prisma.Sql, stopped: string[] = []): Prisma.Sql {
  const isStopped = Prisma.sql`s.source = any(${stopped}::text[])`;
  return Prisma.sql`(
    select s.member_id,
           (array_agg(${planName("p", Prisma.sql`s.plan_key`, "s")} order by ${isStopped}, s.tier_rank desc, s.mrr_cents desc, s.id))[1] as plan_name,
           case when bool_and(${isStopped}) then min(s.source) end as only_stopped_source,
           coalesce(sum(s.mrr_cents) filter (where ${isStopped}), 0)::int as stopped_mrr_cents
      from subscriptions s left join plans p on p.key = s.plan_key
     where s.member_id = any(${memberIds}) and s.status = any(${ACTIVE_STATUSES}::text[])
     group by s.member_id)`;
}

/** The plan name alone (`memberBilling`), as a scalar expression. */
export function memberPlanName(memberId: Column, tier: Column): Prisma.Sql {
  return Prisma.sql`(select b.plan_name from ${memberBilling(memberId, tier)} b)`;
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
