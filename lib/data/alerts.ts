// Server-only reads of the alert feed (drops, quiet members, welcome-backs), newest first, with
// the member or organisation each alert is about so the feed can link to it.
import "server-only";
import { readDb as db } from "@/lib/db/client";

export interface AlertRow {
  id: number;
  kind: string;
  message: string;
  createdAt: Date;
  readAt: Date | null;
  memberId: number | null;
  memberName: string | null;
  orgId: number | null;
  orgName: string | null;
  /** Where to act on it: the member's or the organisation's page. */
  href: string | null;
}

export async function listAlerts(opts: { kind?: string; limit: number; offset?: number }): Promise<AlertRow[]> {
  const rows = await db.$queryRaw<{ id: number; kind: string; message: string; created_at: Date; read_at: Date | null; member_id: number | null; member_name: string | null; org_id: number | null; org_name: string | null }[]>`
    select a.id, a.kind, a.message, a.created_at, a.read_at, a.member_id, m.display_name as member_name, a.org_id, o.name as org_name
      from alerts a
      left join members m on m.id = a.member_id
      left join organizations o on o.id = a.org_id
     where ${opts.kind ?? null}::text is null or a.kind = ${opts.kind ?? null}
     order by a.created_at desc, a.id desc
     limit ${opts.limit} offset ${opts.offset ?? 0}`;
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    message: r.message,
    createdAt: r.created_at,
    readAt: r.read_at,
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

export async function alertCounts(): Promise<{ kind: string; total: number; unread: number }[]> {
  const rows = await db.$queryRaw<{ kind: string; total: bigint; unread: bigint }[]>`
    select kind, count(*) as total, count(*) filter (where read_at is null) as unread from alerts group by kind order by kind`;
  return rows.map((r) => ({ kind: r.kind, total: Number(r.total), unread: Number(r.unread) }));
}
