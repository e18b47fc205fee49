// Server-only reads for the Organisations area: the list with monthly credited contributions and
// partner status, one organisation's detail (domains, affiliations, payments, flags, 12-month series,
// partner eligibility). The credit rule itself is in ./org-credit.
import "server-only";
import { readDb as db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { isCurrentAffiliation } from "./sql";
import { stoppedBillingSources } from "./overview";
import { ACTIVE_STATUSES } from "@/lib/ingest/persist/billing";
import { addMonths, monthRange, monthStart, type MonthKey } from "@/lib/analytics/months";
import { lastCompleteMonth, monthWindow } from "@/lib/analytics/periods";
import type { PartnerEligibility, PartnerStatus } from "@/lib/partners";
import { orgFinancialContributions, pppRateTable, type OrgFinancialContribution } from "./org-credit";
import { orgCountsBetween, orgMonthlyCounts, storedCreditsCoverTo } from "./org-credit-days";
import { ELIGIBILITY_HISTORY_MONTHS, judgePartner, partnerStatuses } from "./partner-status";

export { creditedEvents, pppRateTable } from "./org-credit";
export { orgMonthlyCounts, type OrgMonthCounts } from "./org-credit-days";
import type { SortingEntry } from "@/lib/table-search-params";

export const ORGANIZATION_SORTS = [
  "name",
  "contributions",
  "activity",
  "members",
  "change",
  "paying",
  "mrr",
] as const;

export interface OrganizationListParams {
  q?: string;
  month: MonthKey;
  staff?: "exclude" | "include" | "only";
  /** Where the activity data ends (read when absent); decides whether the month is in progress. */
  dataThrough?: Date;
  /** Only organisations with at least one paying member now. */
  payingOnly?: boolean;
  /** Only organisations with this partner status for `month`. */
  partner?: PartnerStatus;
  sorting: SortingEntry[];
  pageIndex: number;
  pageSize: number;
}

export interface OrganizationRow {
  id: number;
  name: string;
  slug: string;
  country: string | null;
  isStaffOrg: boolean;
  domains: string[];
  members: number;
  /** Current members paying now, and their own subscriptions' MRR (bots excluded). */
  payingMembers: number;
  mrrCents: number;
  contributions: number;
  previousContributions: number;
  activity: number;
  partnerStatus: PartnerStatus;
}

/** A billing source that stopped long ago (`stoppedBillingSources`), with where its data ends. */
export interface StoppedSource {
  source: string;
  dataThrough: Date | null;
}

const stoppedSourceList = (m: Map<string, Date | null>): StoppedSource[] =>
  [...m].map(([source, dataThrough]) => ({ source, dataThrough }));

/**
 * The paying members as the Overview counts them (columns id, mrr): current tier above 0, not a bot, and not paying
 * only through billing sources that stopped long ago; their MRR without those sources' active subscriptions.
 */
function countedPaying(stopped: string[]): Prisma.Sql {
  if (stopped.length === 0)
    return Prisma.sql`(select id, current_mrr_cents as mrr from members where current_tier > 0 and not is_bot)`;
  return Prisma.sql`(
    select m.id, m.current_mrr_cents - coalesce(b.stopped_mrr, 0) as mrr
      from members m
      left join (select s.member_id, bool_and(s.source = any(${stopped}::text[])) as only_stopped,
                        sum(s.mrr_cents) filter (where s.source = any(${stopped}::text[])) as stopped_mrr
                   from subscriptions s where s.status = any(${ACTIVE_STATUSES}::text[]) group by s.member_id) b
        on b.member_id = m.id
     where m.current_tier > 0 and not m.is_bot and not coalesce(b.only_stopped, false))`;
}

const ORDER: Record<(typeof ORGANIZATION_SORTS)[number], string> = {
  name: "lower(o.name)",
  contributions: "coalesce(c.contributions, 0)",
  activity: "coalesce(c.activity, 0)",
  members: "coalesce(mc.members, 0)",
  paying: "coalesce(mc.paying, 0)",
  mrr: "coalesce(mc.mrr, 0)",
  change: "coalesce(c.contributions, 0) - coalesce(c.previous, 0)",
};

/** One page of organisations (merged ones hidden) with this month's and last month's credited counts. */
export async function listOrganizations(
  params: OrganizationListParams,
  paginate = true,
): Promise<{ rows: OrganizationRow[]; total: number; notCounted: StoppedSource[] }> {
  const sort = params.sorting[0] ?? { id: "contributions", desc: true };
  const order = ORDER[sort.id as keyof typeof ORDER] ?? ORDER.contributions;
  const staff = params.staff ?? "include";
  // An in-progress month counts to the end of the data and compares with the same days before it.
  const window = monthWindow(params.month, params.dataThrough ?? (await activityDataThrough()));
  const q = params.q?.trim() || null;
  const payingOnly = params.payingOnly ?? false;
  // Both windows from the stored daily credits plus a live tail (lib/data/org-credit-days).
  const [coverTo, stoppedDays] = await Promise.all([storedCreditsCoverTo(), stoppedBillingSources()]);
  const stopped = [...stoppedDays.keys()];
  const [statuses, current, previous] = await Promise.all([
    partnerStatuses(params.month, coverTo),
    orgCountsBetween(window.from, window.to, "all", undefined, coverTo),
    orgCountsBetween(window.previousFrom, window.previousTo, "all", undefined, coverTo),
  ]);
  const counted = [
    ...current.map((c) => ({ ...c, window: "current" })),
    ...previous.map((c) => ({ ...c, window: "previous" })),
  ];
  const idsWith = (status: PartnerStatus) => [...statuses].filter(([, s]) => s === status).map(([id]) => id);
  const partner = params.partner ?? null;
  const rows = await db.$queryRaw<
    (Omit<
      OrganizationRow,
      | "members"
      | "payingMembers"
      | "mrrCents"
      | "contributions"
      | "previousContributions"
      | "activity"
      | "isStaffOrg"
    > & {
      is_staff_org: boolean;
      members: bigint | null;
      paying: bigint | null;
      mrr: bigint | null;
      contributions: bigint | null;
      previous: bigint | null;
      activity: bigint | null;
      total: bigint;
    })[]
  >`
    with c as (
       select org_id, sum(contributions) filter (where w = 'current') as contributions,
              sum(contributions) filter (where w = 'previous') as previous,
              sum(activity) filter (where w = 'current') as activity
         from unnest(${counted.map((c) => c.orgId)}::int[], ${counted.map((c) => c.window)}::text[],
                     ${counted.map((c) => c.contributions)}::int[], ${counted.map((c) => c.activity)}::int[])
              as x(org_id, w, contributions, activity)
        group by org_id),
     -- Only paying members are looked up (a tenth of them, by the tier index): joining all 100k
     -- members to count the affiliated ones cost 0.4 s of each read. Counted as on the organisation's own page
     -- (current affiliations followed through merges, as credits are: each member once) and as the Overview
     -- counts paying members.
     mc as (select x.org_id, count(*) as members, count(p.id) as paying, sum(p.mrr) as mrr
              from (select distinct coalesce(o.merged_into_id, o.id) as org_id, a.member_id
                      from affiliations a join organizations o on o.id = a.org_id
                     where ${isCurrentAffiliation("a")} and a.member_id not in (select id from members where is_bot)) x
              left join ${countedPaying(stopped)} p on p.id = x.member_id
             group by 1)
     select o.id, o.name, o.slug, o.country, o.is_staff_org,
            coalesce((select array_agg(d.domain order by d.domain) from organization_domains d where d.org_id = o.id), '{}') as domains,
            mc.members, mc.paying, mc.mrr, c.contributions, c.previous, c.activity, count(*) over () as total
       from organizations o
       left join c on c.org_id = o.id
       left join mc on mc.org_id = o.id
      where o.merged_into_id is null
        and (${q}::text is null or o.name ilike '%' || ${q}::text || '%' or o.slug ilike '%' || ${q}::text || '%')
        and (${staff}::text = 'include' or (${staff}::text = 'exclude' and not o.is_staff_org) or (${staff}::text = 'only' and o.is_staff_org))
        and (not ${payingOnly}::boolean or coalesce(mc.paying, 0) > 0)
        and (${partner}::text is null
             or (${partner}::text = 'not_yet' and not (o.id = any(${[...statuses.keys()]}::int[])))
             or (${partner}::text <> 'not_yet' and o.id = any(${partner ? idsWith(partner) : []}::int[])))
      order by ${Prisma.raw(order)} ${Prisma.raw(sort.desc ? "desc" : "asc")}, o.id
      ${paginate ? Prisma.sql`limit ${params.pageSize} offset ${params.pageIndex * params.pageSize}` : Prisma.empty}`;
  return {
    total: Number(rows[0]?.total ?? 0),
    notCounted: stoppedSourceList(stoppedDays),
    rows: rows.map((r) => ({
      id: r.id,
      name: r.name,
      slug: r.slug,
      country: r.country,
      isStaffOrg: r.is_staff_org,
      domains: r.domains,
      members: Number(r.members ?? 0),
      payingMembers: Number(r.paying ?? 0),
      mrrCents: Number(r.mrr ?? 0),
      contributions: Number(r.contributions ?? 0),
      previousContributions: Number(r.previous ?? 0),
      activity: Number(r.activity ?? 0),
      partnerStatus: statuses.get(r.id) ?? "not_yet",
    })),
  };
}

/** Organisations to pick from (merge, affiliation forms): live ones only. */
export async function organizationOptions() {
  return db.organization.findMany({
    where: { mergedIntoId: null },
    select: { id: true, name: true },
    orderBy: { name: "asc" },
  });
}

export async function activityTypeTable() {
  return db.activityType.findMany({ orderBy: [{ isContribution: "desc" }, { type: "asc" }] });
}

export interface OrganizationDetail {
  org: {
    id: number;
    name: string;
    slug: string;
    country: string | null;
    isStaffOrg: boolean;
    mergedIntoId: number | null;
    createdAt: Date;
  };
  domains: string[];
  /** One page (AFFILIATIONS_PER_PAGE) of affiliations, newest first; affiliationTotal counts them all. */
  affiliations: {
    id: number;
    memberId: number;
    memberName: string;
    startsAt: Date;
    endsAt: Date | null;
    origin: string;
  }[];
  affiliationTotal: number;
  /** Members affiliated now, those paying, and their own subscriptions' MRR. */
  currentMembers: number;
  payingMembers: number;
  membersMrrCents: number;
  payments: Omit<OrgFinancialContribution, "orgId">[];
  cocFlags: { id: number; occurredAt: Date; note: string }[];
  series: { month: MonthKey; contributions: number; activity: number }[];
  eligibility: PartnerEligibility;
  /** Billing sources that stopped long ago: members paying only through them are not counted as paying. */
  notCounted: StoppedSource[];
}

export const AFFILIATIONS_PER_PAGE = 50;

/**
 * An organisation's affiliations followed through merges, as credits are (lib/data/org-credit): its own and any
 * still on an organisation merged into it (a merge moves them, but an import racing the merge can leave one).
 */
function affiliationsOf(orgId: number) {
  return { OR: [{ orgId }, { org: { mergedIntoId: orgId } }] };
}

/** `take` of an organisation's affiliations from `skip`, as its page lists them: current first, newest first. */
export async function organizationAffiliations(
  orgId: number,
  skip: number,
  take: number,
): Promise<OrganizationDetail["affiliations"]> {
  const rows = await db.affiliation.findMany({
    where: affiliationsOf(orgId),
    include: { member: { select: { displayName: true } } },
    orderBy: [{ endsAt: { sort: "desc", nulls: "first" } }, { startsAt: "desc" }, { id: "asc" }],
    skip,
    take,
  });
  return rows.map((a) => ({
    id: a.id,
    memberId: a.memberId,
    memberName: a.member.displayName,
    startsAt: a.startsAt,
    endsAt: a.endsAt,
    origin: a.origin,
  }));
}

export async function organizationDetail(
  id: number,
  month: MonthKey,
  affiliationPage = 0,
): Promise<OrganizationDetail | null> {
  const org = await db.organization.findUnique({
    where: { id },
    select: {
      id: true,
      name: true,
      slug: true,
      country: true,
      isStaffOrg: true,
      mergedIntoId: true,
      createdAt: true,
      domains: { select: { domain: true } },
    },
  });
  if (!org) return null;
  const stoppedDays = await stoppedBillingSources();
  const stopped = [...stoppedDays.keys()];
  const historyFrom = addMonths(month, -ELIGIBILITY_HISTORY_MONTHS);
  const [affiliations, affiliationTotal, [members], counts, payments, cocFlags, rates] = await Promise.all([
    organizationAffiliations(id, affiliationPage * AFFILIATIONS_PER_PAGE, AFFILIATIONS_PER_PAGE),
    db.affiliation.count({ where: affiliationsOf(id) }),
    // Current members' own subscriptions: shown as the account's value, not counted toward the minimum. Paying
    // and MRR as the Overview counts them (without what only a stopped billing source says).
    db.$queryRaw<{ current: bigint; paying: bigint; mrr: bigint | null }[]>`
      select count(*) as current, count(p.id) as paying, sum(p.mrr) as mrr
        from (select distinct a.member_id from affiliations a join organizations o on o.id = a.org_id
               where ${id} in (o.id, o.merged_into_id) and ${isCurrentAffiliation("a")}) a
        join members m on m.id = a.member_id and not m.is_bot
        left join ${countedPaying(stopped)} p on p.id = m.id`,
    orgMonthlyCounts(historyFrom, month, [id]),
    orgFinancialContributions([id], monthStart(historyFrom), monthStart(addMonths(month, 1))),
    db.cocFlag.findMany({ where: { orgId: id }, orderBy: { occurredAt: "desc" } }),
    pppRateTable(),
  ]);
  const byMonth = Object.fromEntries(counts.map((c) => [c.month, c.contributions]));
  const activityByMonth = Object.fromEntries(counts.map((c) => [c.month, c.activity]));
  const eligibility = judgePartner(
    month,
    { contributionsByMonth: byMonth, payments, cocFlags, country: org.country },
    rates,
  );
  return {
    org: {
      id: org.id,
      name: org.name,
      slug: org.slug,
      country: org.country,
      isStaffOrg: org.isStaffOrg,
      mergedIntoId: org.mergedIntoId,
      createdAt: org.createdAt,
    },
    domains: org.domains.map((d) => d.domain),
    affiliations,
    affiliationTotal,
    currentMembers: Number(members?.current ?? 0),
    payingMembers: Number(members?.paying ?? 0),
    membersMrrCents: Number(members?.mrr ?? 0),
    payments: payments.map(({ orgId: _orgId, ...p }) => p),
    cocFlags: cocFlags.map((f) => ({ id: f.id, occurredAt: f.occurredAt, note: f.note })),
    series: monthRange(addMonths(month, -11), month).map((m) => ({
      month: m,
      contributions: byMonth[m] ?? 0,
      activity: activityByMonth[m] ?? 0,
    })),
    eligibility,
    notCounted: stoppedSourceList(stoppedDays),
  };
}

/** The instant the activity data reaches: min(now, latest event), or now when there is none. */
export async function activityDataThrough(): Promise<Date> {
  const [row] = await db.$queryRaw<{ at: Date }[]>`
    select coalesce(max(occurred_at), now()) as at from activity_events where occurred_at <= now()`;
  return row.at;
}

/** The last month the data covers completely: the default for the report and the lists. */
export async function lastCompleteActivityMonth(): Promise<MonthKey> {
  return lastCompleteMonth(await activityDataThrough());
}

/** The month of the latest activity (or the current month): the newest month a picker offers. */
export async function latestActivityMonth(): Promise<MonthKey> {
  const [row] = await db.$queryRaw<{ m: string }[]>`
    select to_char(date_trunc('month', coalesce(max(occurred_at), now()) at time zone 'UTC'), 'YYYY-MM') as m
      from activity_events where occurred_at <= now()`;
  return row.m;
}

/** An organisation's slug (for a file name), or null when there is no such organisation. */
export async function organizationSlug(id: number): Promise<string | null> {
  const org = await db.organization.findUnique({ where: { id }, select: { slug: true } });
  return org?.slug ?? null;
}
