// Server-only reads of the alert feed (drops, quiet members, welcome-backs), newest first, with
// the member or organisation each alert is about so the feed can link to it.
import "server-only";
import { readDb as db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { ALERT_STATES, type AlertState } from "@/lib/validation/alerts";

export interface AlertRow {
  id: number;
  kind: string;
  message: string;
  createdAt: Date;
  /** When what it is about happened (the week evaluated); created_at is only when it was computed. */
  occurredAt: Date;
  readAt: Date | null;
  dismissedAt: Date | null;
  snoozedUntil: Date | null;
  memberId: number | null;
  memberName: string | null;
  orgId: number | null;
  orgName: string | null;
  /** Where to act on it: the member's or the organisation's page. */
  href: string | null;
}

export { ALERT_STATES, type AlertState };

/** open = neither dismissed nor snoozed into the future (the default feed). */
function stateSql(state: AlertState) {
  if (state === "dismissed") return Prisma.sql`a.dismissed_at is not null`;
  if (state === "snoozed") return Prisma.sql`a.dismissed_at is null and a.snoozed_until > now()`;
  return Prisma.sql`a.dismissed_at is null and (a.snoozed_until is null or a.snoozed_until <= now())`;
}

export async function listAlerts(opts: {
  kind?: string;
  state?: AlertState;
  limit: number;
  offset?: number;
}): Promise<AlertRow[]> {
  const rows = await db.$queryRaw<
    {
      id: number;
      kind: string;
      message: string;
      created_at: Date;
      occurred_at: Date | null;
      read_at: Date | null;
      dismissed_at: Date | null;
      snoozed_until: Date | null;
      member_id: number | null;
      member_name: string | null;
      org_id: number | null;
      org_name: string | null;
    }[]
  >`
    select a.id, a.kind, a.message, a.created_at, a.occurred_at, a.read_at, a.dismissed_at, a.snoozed_until, a.member_id, m.display_name as member_name, a.org_id, o.name as org_name
      from alerts a
      left join members m on m.id = a.member_id
      left join organizations o on o.id = a.org_id
     where (${opts.kind ?? null}::text is null or a.kind = ${opts.kind ?? null}) and ${stateSql(opts.state ?? "open")}
     order by coalesce(a.occurred_at, a.created_at) desc, a.id desc
     limit ${opts.limit} offset ${opts.offset ?? 0}`;
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    message: r.message,
    createdAt: r.created_at,
    occurredAt: r.occurred_at ?? r.created_at,
    readAt: r.read_at,
    dismissedAt: r.dismissed_at,
    snoozedUntil: r.snoozed_until,
    memberId: r.member_id,
    memberName: r.member_name,
    orgId: r.org_id,
    orgName: r.org_name,
    href: r.member_id ? `/members/${r.member_id}` : r.org_id ? `/organizations/${r.org_id}` : null,
  }));
}

/** For the Overview: the latest alerts. */
export async function recentAlerts(limit = 10): Promise<AlertRow[]> {
  return listAlerts({ limit });
}

/** Per kind: alerts in the given state and how many of them are unread. */
export async function alertCounts(
  state: AlertState = "open",
): Promise<{ kind: string; total: number; unread: number }[]> {
  const rows = await db.$queryRaw<{ kind: string; total: bigint; unread: bigint }[]>`
    select a.kind, count(*) as total, count(*) filter (where a.read_at is null) as unread from alerts a where ${stateSql(state)} group by a.kind order by a.kind`;
  return rows.map((r) => ({ kind: r.kind, total: Number(r.total), unread: Number(r.unread) }));
}
