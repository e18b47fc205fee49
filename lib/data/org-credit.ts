// Shared reads for crediting work and money to organisations: the per-event credit rule, monthly
// credited counts, the payments that count as an organisation's own sponsorship, and PPP rates.
//
// CREDIT RULE: an event counts for the org of a member's affiliation whose dates cover it (starts_at ≤
// occurred_at < ends_at, open-ended when ends_at is null), followed through merges (merged_into_id).
// When several cover it, the one whose domains match the email domain of the identity that produced
// the event wins (a commit from an @acquia.com address is Acquia's), then manual over profile/import
// over email-domain, then the latest start. One org or none per event, so nothing counts twice, and
// work for a former employer stays theirs because the old affiliation still covers those dates.
import "server-only";
import { readDb as db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { DEFAULT_PPP_RATES } from "@/lib/partners";

/**
 * A `credited` CTE body (`with credited as (${creditedEvents(from, to)})`) over events in [from, to):
 * id, member_id, occurred_at, is_contribution, org_id (null when unaffiliated). Bots are left out.
 * With `onlyOrgIds`, only events of members ever affiliated with one of those organisations are read:
 * no other event can be credited to them, and one organisation's page then reads its members' events
 * by index instead of every event of the period.
 */
export function creditedEvents(from: Date, to: Date, onlyOrgIds?: number[]): Prisma.Sql {
  const onlyTheirMembers = (alias: "a" | "e") =>
    onlyOrgIds
      ? Prisma.sql`and ${Prisma.raw(alias)}.member_id in (
          select a.member_id from affiliations a join organizations o on o.id = a.org_id
           where coalesce(o.merged_into_id, o.id) = any(${onlyOrgIds}::int[]))`
      : Prisma.empty;
  // Most members have at most one affiliation: theirs is a plain hash join. For members with several,
  // the choice (domain match, then origin, then the latest start) is made once per identity and
  // "segment" (the span between two consecutive starts/ends of their affiliations, inside which the
  // covering affiliations do not change) instead of once per event: a few thousand choices instead of
  // one per event (a correlated subquery per event: 2.1 s for 34k events of a 5k-member bench).
  return Prisma.sql`
    with ${creditCtes(from, to, onlyTheirMembers("a"))}
    select e.id, e.member_id, e.occurred_at, coalesce(t.is_contribution, false) as is_contribution,
           case
             when ma.n = 1 then case when ma.starts_at <= e.occurred_at and (ma.ends_at is null or ma.ends_at > e.occurred_at) then ma.org_id end
             -- The event's identity's choice; an identity that is not the member's (moved by a merge) reads as none.
             when ma.n > 1 then case when c.member_id is not null then c.org_id else c0.org_id end
           end as org_id
      from activity_events e
      join members m on m.id = e.member_id and not m.is_bot
      left join activity_types t on t.type = e.type
      left join member_affiliation_counts ma on ma.member_id = e.member_id
      left join credit_choices c
        on c.member_id = e.member_id and c.identity_key = coalesce(e.identity_id, 0)
       and c.seg_from <= e.occurred_at and (c.seg_to is null or c.seg_to > e.occurred_at)
      left join credit_choices c0
        on c0.member_id = e.member_id and c0.identity_key = 0
       and c0.seg_from <= e.occurred_at and (c0.seg_to is null or c0.seg_to > e.occurred_at)
     where e.occurred_at >= ${from} and e.occurred_at < ${to} ${onlyTheirMembers("e")}`;
}

/** The per-member affiliation counts and the per-identity, per-segment choices creditedEvents reads. */
function creditCtes(from: Date, to: Date, onlyTheirMembers: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    member_affiliation_counts as materialized (
      select a.member_id, count(*)::int as n, min(coalesce(o.merged_into_id, o.id)) as org_id,
             min(a.starts_at) as starts_at, max(a.ends_at) as ends_at
        from affiliations a join organizations o on o.id = a.org_id
       group by a.member_id),
    credit_bounds as (
      select a.member_id, b.at
        from affiliations a
        join member_affiliation_counts ma on ma.member_id = a.member_id and ma.n > 1
        cross join lateral (values (a.starts_at), (a.ends_at)) b(at)
       where b.at is not null ${onlyTheirMembers}
         -- Only members with events in the period: a day's tail then costs a day's members.
         and a.member_id in (select e.member_id from activity_events e where e.occurred_at >= ${from} and e.occurred_at < ${to})
       group by 1, 2),
    credit_segments as (
      select member_id, at as seg_from, lead(at) over (partition by member_id order by at) as seg_to
        from credit_bounds),
    credit_choices as materialized (
      select distinct on (s.member_id, identity_key, s.seg_from)
             s.member_id, coalesce(i.id, 0) as identity_key, s.seg_from, s.seg_to,
             coalesce(o.merged_into_id, o.id) as org_id
        from credit_segments s
        -- Every identity of the member, and "none" for events without one (identity_key 0).
        cross join lateral (select i.id, i.profile, i.email from identities i where i.member_id = s.member_id
                            union all select null::int, null::jsonb, null::text) i
        join affiliations a on a.member_id = s.member_id and a.starts_at <= s.seg_from and (a.ends_at is null or a.ends_at > s.seg_from)
        join organizations o on o.id = a.org_id
       order by s.member_id, identity_key, s.seg_from,
                exists (
                  select 1 from organization_domains d
                   where d.org_id = coalesce(o.merged_into_id, o.id)
                     and (d.domain = i.profile->>'organizationDomain'
                          or d.domain = split_part(i.email, '@', 2)
                          or split_part(i.email, '@', 2) like '%.' || d.domain)
                ) desc,
                case a.origin when 'manual' then 0 when 'email-domain' then 2 else 1 end,
                a.starts_at desc, a.id)`;
}

export interface OrgFinancialContribution {
  orgId: number;
  id: number;
  source: string;
  amountCents: number;
  currency: string;
  kind: string;
  occurredAt: Date;
  /** "org": the payment names the organisation; "backer": its Open Collective backer member paid. */
  via: "org" | "backer";
}

/**
 * Payments in [from, to) that count as an organisation's own sponsorship (all organisations, or
 * `orgIds`): linked by org_id, or made by a member affiliated with it whose Open Collective identity
 * bears the organisation's name (its backer account). Members' own subscriptions never count.
 */
export async function orgFinancialContributions(
  orgIds: number[] | null,
  from: Date,
  to: Date,
): Promise<OrgFinancialContribution[]> {
  const direct = orgIds ? Prisma.sql`and p.org_id = any(${orgIds}::int[])` : Prisma.empty;
  const viaBacker = orgIds ? Prisma.sql`and a.org_id = any(${orgIds}::int[])` : Prisma.empty;
  const rows = await db.$queryRaw<
    {
      org_id: number;
      id: number;
      source: string;
      amount_cents: number;
      currency: string;
      kind: string;
      occurred_at: Date;
      via: "org" | "backer";
    }[]
  >`
    select p.org_id, p.id, p.source, p.amount_cents, p.currency, p.kind, p.occurred_at, 'org' as via
      from payments p
     where p.org_id is not null ${direct}
       and p.status in ('paid', 'succeeded') and p.occurred_at >= ${from} and p.occurred_at < ${to}
    union
    -- From the few Open Collective identities, not from every payment (a probe per payment of 100k
    -- members took 0.15–0.5 s); a member matched twice gives the same row, which union drops.
    select a.org_id, p.id, p.source, p.amount_cents, p.currency, p.kind, p.occurred_at, 'backer' as via
      from identities i
      join organizations o on lower(o.name) = lower(i.display_name)
      join affiliations a on a.member_id = i.member_id and a.org_id = coalesce(o.merged_into_id, o.id)
      join payments p on p.member_id = i.member_id
     where i.source = 'opencollective' and p.org_id is null ${viaBacker}
       and p.status in ('paid', 'succeeded') and p.occurred_at >= ${from} and p.occurred_at < ${to}
     order by occurred_at desc, id`;
  return rows.map((p) => ({
    orgId: p.org_id,
    id: p.id,
    source: p.source,
    amountCents: p.amount_cents,
    currency: p.currency,
    kind: p.kind,
    occurredAt: p.occurred_at,
    via: p.via,
  }));
}

export async function pppRateTable(): Promise<Record<string, number>> {
  const rows = await db.pppRate.findMany({ orderBy: { country: "asc" } });
  return rows.length ? Object.fromEntries(rows.map((r) => [r.country, r.factor])) : { ...DEFAULT_PPP_RATES };
}
