// Server-only reads for the outreach tracker: the filtered list, the board by status, conversion
// rates by list and by assignee, and the admin users who can be assigned.
import "server-only";
import { readDb as db } from "@/lib/db/client";
import type { SortingEntry } from "@/lib/table-search-params";
import { Prisma } from "@/lib/generated/prisma/client";
import {
  OUTCOME_HORIZON_WEEKS,
  OUTREACH_STATUSES,
  type OutreachFilters,
  type OutreachStatusValue,
} from "@/lib/validation/outreach";

export interface OutreachRow {
  id: number;
  version: number;
  memberId: number;
  memberName: string;
  memberEmail: string | null;
  kind: string;
  list: string;
  channel: string | null;
  status: OutreachStatusValue;
  assigneeId: number | null;
  assigneeLabel: string | null;
  dueAt: string | null;
  note: string | null;
  outcome: string | null;
  contactedAt: string | null;
  outcomeAt: string | null;
  createdAt: string;
  updatedAt: string;
  /** Set to upgraded/renewed by hand while billing does not show it (yet): a claim, not a conversion. */
  claimed: boolean;
  /** Times the member was contacted on this record ("contact again" adds one). */
  contacts: number;
}

/**
 * Whether billing shows the outcome of outreach row `o` (joined to members `m`): a tier-up within the
 * horizon after contact for "upgraded"; no cancellation in the horizon and still paying at its end
 * (or now) for "renewed". Conversions count only these; the rest are claims.
 */
function billingConfirmsSql(): Prisma.Sql {
  const horizon = Prisma.sql`make_interval(weeks => ${OUTCOME_HORIZON_WEEKS}::int)`;
  return Prisma.sql`(o.contacted_at is not null and case o.status
    when 'upgraded' then exists (select 1 from subscription_changes c where c.member_id = o.member_id and c.to_tier > c.from_tier
                                   and c.occurred_at >= o.contacted_at and c.occurred_at < o.contacted_at + ${horizon})
    when 'renewed' then not exists (select 1 from subscription_changes c where c.member_id = o.member_id and c.to_tier = 0 and c.from_tier > 0
                                      and c.occurred_at >= o.contacted_at and c.occurred_at < o.contacted_at + ${horizon})
                    and coalesce((select c.to_tier from subscription_changes c where c.member_id = o.member_id
                                    and c.occurred_at <= least(o.contacted_at + ${horizon}, now()) order by c.occurred_at desc, c.id desc limit 1), m.current_tier) > 0
    else false end)`;
}

/** Of these outreach ids, the upgraded/renewed ones billing does not show: claims. */
async function claimedIds(ids: number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await db.$queryRaw<{ id: number }[]>`
    select o.id from outreach o join members m on m.id = o.member_id
     where o.id = any(${ids}::int[]) and o.status in ('upgraded', 'renewed') and not ${billingConfirmsSql()}`;
  return new Set(rows.map((r) => r.id));
}

async function contactCounts(ids: number[]): Promise<Map<number, number>> {
  if (ids.length === 0) return new Map();
  const rows = await db.outreachContact.groupBy({
    by: ["outreachId"],
    where: { outreachId: { in: ids } },
    _count: { _all: true },
  });
  return new Map(rows.map((r) => [r.outreachId, r._count._all]));
}

/** Rows with their claim flag and contact count, in two queries for the whole page. */
async function decorate(rows: RowWithRelations[]): Promise<OutreachRow[]> {
  const ids = rows.map((r) => r.id);
  const [claims, counts] = await Promise.all([
    claimedIds(rows.filter((r) => r.status === "upgraded" || r.status === "renewed").map((r) => r.id)),
    contactCounts(ids),
  ]);
  return rows.map((r) => ({ ...toRow(r), claimed: claims.has(r.id), contacts: counts.get(r.id) ?? 0 }));
}

function where(f: OutreachFilters): Prisma.OutreachWhereInput {
  return {
    ...(f.status ? { status: f.status } : {}),
    ...(f.assignee === "none" ? { assigneeId: null } : f.assignee ? { assigneeId: f.assignee } : {}),
    ...(f.list ? { list: f.list } : {}),
    ...(f.kind ? { kind: f.kind } : {}),
    ...(f.q
      ? {
          member: {
            OR: [
              { displayName: { contains: f.q, mode: "insensitive" } },
              { primaryEmail: { contains: f.q, mode: "insensitive" } },
            ],
          },
        }
      : {}),
  };
}

const SORT_FIELDS: Record<string, (dir: "asc" | "desc") => Prisma.OutreachOrderByWithRelationInput> = {
  created: (dir) => ({ createdAt: dir }),
  updated: (dir) => ({ updatedAt: dir }),
  due: (dir) => ({ dueAt: { sort: dir, nulls: "last" } }),
  contacted: (dir) => ({ contactedAt: { sort: dir, nulls: "last" } }),
  member: (dir) => ({ member: { displayName: dir } }),
  status: (dir) => ({ status: dir }),
};

function orderBy(sorting: SortingEntry[]): Prisma.OutreachOrderByWithRelationInput[] {
  const first = sorting[0];
  const make = first ? SORT_FIELDS[first.id] : undefined;
  return [make ? make(first.desc ? "desc" : "asc") : { updatedAt: "desc" }, { id: "desc" }];
}

const include = {
  member: { select: { displayName: true, primaryEmail: true } },
  assignee: { select: { name: true, email: true } },
} satisfies Prisma.OutreachInclude;

type RowWithRelations = Prisma.OutreachGetPayload<{ include: typeof include }>;
const iso = (d: Date | null) => (d ? d.toISOString() : null);

function toRow(o: RowWithRelations): Omit<OutreachRow, "claimed" | "contacts"> {
  return {
    id: o.id,
    version: o.version,
    memberId: o.memberId,
    memberName: o.member.displayName,
    memberEmail: o.member.primaryEmail,
    kind: o.kind,
    list: o.list,
    channel: o.channel,
    status: o.status,
    assigneeId: o.assigneeId,
    assigneeLabel: o.assignee ? (o.assignee.name ?? o.assignee.email) : null,
    dueAt: iso(o.dueAt),
    note: o.note,
    outcome: o.outcome,
    contactedAt: iso(o.contactedAt),
    outcomeAt: iso(o.outcomeAt),
    createdAt: o.createdAt.toISOString(),
    updatedAt: o.updatedAt.toISOString(),
  };
}

export async function outreachPage(
  filters: OutreachFilters,
  paging: { pageIndex: number; pageSize: number; sorting: SortingEntry[] },
) {
  const w = where(filters);
  const [rows, total] = await Promise.all([
    db.outreach.findMany({
      where: w,
      include,
      orderBy: orderBy(paging.sorting),
      skip: paging.pageIndex * paging.pageSize,
      take: paging.pageSize,
    }),
    db.outreach.count({ where: w }),
  ]);
  return { rows: await decorate(rows), total };
}

export async function outreachById(id: number): Promise<OutreachRow | null> {
  const row = await db.outreach.findUnique({ where: { id }, include });
  return row ? (await decorate([row]))[0] : null;
}

export interface BoardColumn {
  status: OutreachStatusValue;
  total: number;
  cards: OutreachRow[];
}

/** One column per status (in pipeline order), the most recently changed `perColumn` cards in each. */
export async function outreachBoard(
  filters: Omit<OutreachFilters, "status">,
  perColumn = 50,
): Promise<BoardColumn[]> {
  const base = where({ ...filters, status: undefined });
  return Promise.all(
    OUTREACH_STATUSES.map(async (status) => {
      const w = { ...base, status };
      const [cards, total] = await Promise.all([
        db.outreach.findMany({
          where: w,
          include,
          orderBy: [{ updatedAt: "desc" }, { id: "desc" }],
          take: perColumn,
        }),
        db.outreach.count({ where: w }),
      ]);
      return { status, total, cards: await decorate(cards) };
    }),
  );
}

/** Whole filtered list for CSV export, in batches. */
export async function* outreachForExport(
  filters: OutreachFilters,
  sorting: SortingEntry[],
  chunkSize = 1000,
): AsyncGenerator<OutreachRow[]> {
  const w = where(filters);
  for (let skip = 0; ; skip += chunkSize) {
    const rows = await db.outreach.findMany({
      where: w,
      include,
      orderBy: orderBy(sorting),
      skip,
      take: chunkSize,
    });
    if (rows.length > 0) yield await decorate(rows);
    if (rows.length < chunkSize) return;
  }
}

export interface ConversionRow {
  key: string;
  label: string;
  contacted: number;
  /** Resolved either way (upgraded, renewed, declined, no response). */
  resolved: number;
  /** Upgraded or renewed as billing shows it. */
  converted: number;
  /** Marked upgraded or renewed by hand, not (yet) in billing: shown, never counted. */
  claimed: number;
  /** converted / contacted, or null with nobody contacted. */
  rate: number | null;
}

async function conversionBy(groupSql: "list" | "assignee"): Promise<ConversionRow[]> {
  const confirmed = billingConfirmsSql();
  const counts = Prisma.sql`count(*) as contacted,
                 count(*) filter (where o.status in ('upgraded', 'renewed', 'declined', 'no_response')) as resolved,
                 count(*) filter (where o.status in ('upgraded', 'renewed') and ${confirmed}) as converted,
                 count(*) filter (where o.status in ('upgraded', 'renewed') and not ${confirmed}) as claimed`;
  type Row = {
    key: string;
    label: string;
    contacted: bigint;
    resolved: bigint;
    converted: bigint;
    claimed: bigint;
  };
  const rows =
    groupSql === "list"
      ? await db.$queryRaw<Row[]>`
          select o.list as key, o.list as label, ${counts}
            from outreach o join members m on m.id = o.member_id where o.contacted_at is not null
           group by o.list order by o.list`
      : await db.$queryRaw<Row[]>`
          select coalesce(o.assignee_id::text, 'none') as key, coalesce(u.name, u.email, 'Unassigned') as label, ${counts}
            from outreach o join members m on m.id = o.member_id left join admin_users u on u.id = o.assignee_id
           where o.contacted_at is not null
           group by 1, 2 order by 2`;
  return rows.map((r) => {
    const contacted = Number(r.contacted);
    const converted = Number(r.converted);
    return {
      key: r.key,
      label: r.label,
      contacted,
      resolved: Number(r.resolved),
      converted,
      claimed: Number(r.claimed),
      rate: contacted > 0 ? converted / contacted : null,
    };
  });
}

/** Conversion of contacted members (upgraded or renewed) per source list. */
export const conversionByList = () => conversionBy("list");
/** Conversion of contacted members per assignee ("Unassigned" for none). */
export const conversionByAssignee = () => conversionBy("assignee");

/** Admin users (the only ones who can be assigned outreach). */
export async function outreachAssignees(): Promise<{ id: number; label: string }[]> {
  const users = await db.adminUser.findMany({
    where: { role: "admin" },
    select: { id: true, name: true, email: true },
    orderBy: { email: "asc" },
  });
  return users.map((u) => ({ id: u.id, label: u.name ?? u.email }));
}
