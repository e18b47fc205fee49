// Moves every row of one member to another inside the caller's transaction, keeping a JSON snapshot
// of exactly what moved in member_merges so the merge can be undone (lib/services/identity/merge.ts).
import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import { refreshMemberBilling } from "./billing";

type Tx = Prisma.TransactionClient;

/** Tables whose rows simply change member_id (no per-member uniqueness), with their id column. */
export const MOVABLE = [
  "identities",
  "activity_events",
  "subscriptions",
  "subscription_changes",
  "payments",
  "outreach",
  "member_notes",
  "alerts",
] as const;
export type Movable = (typeof MOVABLE)[number];

export interface MergeSnapshot {
  survivorBefore: Record<string, unknown>;
  merged: Record<string, unknown>;
  moved: Record<Movable, (number | string)[]> & { affiliations: number[]; campaignIds: number[] };
  /** Rows that could not move (the survivor already had the same one) and were removed with the merged member. */
  removed: {
    affiliations: unknown[];
    campaignMembers: unknown[];
    weekly: unknown[];
    scores: unknown[];
    outreach?: unknown[];
    outreachContacts?: unknown[];
  };
  survivorWeekly: unknown[];
}

export interface MergeInput {
  survivorId: number;
  mergedId: number;
  reason: string;
  /** The admin who asked for it; null when an import's evidence merged them. */
  actorId: number | null;
}

async function json<T>(tx: Tx, query: Prisma.Sql): Promise<T> {
  const rows = await tx.$queryRaw<{ v: T }[]>(query);
  return rows[0].v;
}

async function ids(tx: Tx, query: Prisma.Sql): Promise<(number | string)[]> {
  const rows = await tx.$queryRaw<{ id: number | bigint }[]>(query);
  return rows.map((r) => (typeof r.id === "bigint" ? r.id.toString() : r.id));
}

/** Both members must exist and be locked by the caller (or this call locks them). Returns the member_merges id and counts. */
export async function mergeMembersInTx(
  tx: Tx,
  input: MergeInput,
): Promise<{ mergeId: number; moved: Record<string, number> } | null> {
  const { survivorId, mergedId } = input;
  const locked = await tx.$queryRaw<
    { id: number }[]
  >`select id from members where id = any(${[survivorId, mergedId]}::int[]) order by id for update`;
  if (locked.length !== 2) return null;
  const survivorBefore = await json<Record<string, unknown>>(
    tx,
    Prisma.sql`select to_jsonb(m) as v from members m where id = ${survivorId}`,
  );
  const merged = await json<Record<string, unknown>>(
    tx,
    Prisma.sql`select to_jsonb(m) as v from members m where id = ${mergedId}`,
  );
  const survivorWeekly = await json<unknown[]>(
    tx,
    Prisma.sql`select coalesce(jsonb_agg(to_jsonb(w)), '[]') as v from weekly_activity w where member_id = ${survivorId}`,
  );
  const removedWeekly = await json<unknown[]>(
    tx,
    Prisma.sql`select coalesce(jsonb_agg(to_jsonb(w)), '[]') as v from weekly_activity w where member_id = ${mergedId}`,
  );
  const removedScores = await json<unknown[]>(
    tx,
    Prisma.sql`select coalesce(jsonb_agg(to_jsonb(s)), '[]') as v from score_snapshots s where member_id = ${mergedId}`,
  );

  // One open outreach per member and list: where both have one open in the same list, the survivor's
  // stays and the merged member's (with its contact history) is kept in the snapshot for an undo.
  const conflictingOutreach = Prisma.sql`
    select o.id from outreach o
     where o.member_id = ${mergedId} and o.status in ('todo', 'contacted', 'replied') and o.list <> 'campaign'
       and exists (select 1 from outreach s where s.member_id = ${survivorId} and s.list = o.list and s.status in ('todo', 'contacted', 'replied'))`;
  const removedOutreach = await json<unknown[]>(
    tx,
    Prisma.sql`select coalesce(jsonb_agg(to_jsonb(o)), '[]') as v from outreach o where o.id in (${conflictingOutreach})`,
  );
  const removedOutreachContacts = await json<unknown[]>(
    tx,
    Prisma.sql`select coalesce(jsonb_agg(to_jsonb(c)), '[]') as v from outreach_contacts c where c.outreach_id in (${conflictingOutreach})`,
  );
  await tx.$executeRaw`delete from outreach where id in (${conflictingOutreach})`;

  const moved = {} as MergeSnapshot["moved"];
  for (const table of MOVABLE) {
    moved[table] = await ids(
      tx,
      Prisma.sql`update ${Prisma.raw(table)} set member_id = ${survivorId} where member_id = ${mergedId} returning id`,
    );
  }
  moved.affiliations = (await ids(
    tx,
    Prisma.sql`update affiliations a set member_id = ${survivorId} where a.member_id = ${mergedId}
        and not exists (select 1 from affiliations s where s.member_id = ${survivorId} and s.org_id = a.org_id and s.starts_at = a.starts_at)
      returning id`,
  )) as number[];
  const removedAffiliations = await json<unknown[]>(
    tx,
    Prisma.sql`select coalesce(jsonb_agg(to_jsonb(a)), '[]') as v from affiliations a where member_id = ${mergedId}`,
  );
  moved.campaignIds = (
    await tx.$queryRaw<{ id: number }[]>`
      update campaign_members c set member_id = ${survivorId} where c.member_id = ${mergedId}
          and not exists (select 1 from campaign_members s where s.member_id = ${survivorId} and s.campaign_id = c.campaign_id)
        returning campaign_id as id`
  ).map((r) => r.id);
  const removedCampaign = await json<unknown[]>(
    tx,
    Prisma.sql`select coalesce(jsonb_agg(to_jsonb(c)), '[]') as v from campaign_members c where member_id = ${mergedId}`,
  );
  // Rollups are derived: add the merged member's weeks to the survivor's until the next recompute rebuilds them.
  await tx.$executeRaw`
    insert into weekly_activity (member_id, week_start, source, events, weight, contributions, channels, last_at)
    select ${survivorId}, week_start, source, events, weight, contributions, channels, last_at from weekly_activity where member_id = ${mergedId}
    on conflict (member_id, week_start, source) do update set events = weekly_activity.events + excluded.events,
       weight = weekly_activity.weight + excluded.weight, contributions = weekly_activity.contributions + excluded.contributions,
       channels = greatest(weekly_activity.channels, excluded.channels), last_at = greatest(weekly_activity.last_at, excluded.last_at)`;
  // Its months and recent days too (the monthly report's), and the earlier of the two first contributions: all its events move.
  await tx.$executeRaw`
    insert into member_month_activity (member_id, month, contributions, others)
    select ${survivorId}, month, contributions, others from member_month_activity where member_id = ${mergedId}
    on conflict (member_id, month) do update set contributions = member_month_activity.contributions + excluded.contributions,
       others = member_month_activity.others + excluded.others`;
  await tx.$executeRaw`
    insert into member_day_activity (member_id, day, contributions, others)
    select ${survivorId}, day, contributions, others from member_day_activity where member_id = ${mergedId}
    on conflict (member_id, day) do update set contributions = member_day_activity.contributions + excluded.contributions,
       others = member_day_activity.others + excluded.others`;
  await tx.$executeRaw`
    update members s set first_contribution_at = least(s.first_contribution_at, m.first_contribution_at)
      from members m where s.id = ${survivorId} and m.id = ${mergedId}`;
  await tx.$executeRaw`
    update members s set primary_email = coalesce(s.primary_email, m.primary_email), country = coalesce(s.country, m.country),
        joined_at = least(s.joined_at, m.joined_at), last_active_at = greatest(s.last_active_at, m.last_active_at),
        is_staff = s.is_staff or m.is_staff, do_not_contact = s.do_not_contact or m.do_not_contact,
        public_opt_out = s.public_opt_out or m.public_opt_out,
        tags = array(select distinct unnest(s.tags || m.tags)), updated_at = now()
      from members m where s.id = ${survivorId} and m.id = ${mergedId}`;
  await tx.$executeRaw`delete from members where id = ${mergedId}`;
  await refreshMemberBilling(tx, [survivorId]);
  const snapshot: MergeSnapshot = {
    survivorBefore,
    merged,
    moved,
    removed: {
      affiliations: removedAffiliations,
      campaignMembers: removedCampaign,
      weekly: removedWeekly,
      scores: removedScores,
      outreach: removedOutreach,
      outreachContacts: removedOutreachContacts,
    },
    survivorWeekly,
  };
  const row = await tx.memberMerge.create({
    data: {
      survivorId,
      mergedId,
      reason: input.reason.slice(0, 500),
      actorId: input.actorId,
      snapshot: snapshot as unknown as Prisma.InputJsonValue,
    },
  });
  return { mergeId: row.id, moved: Object.fromEntries(Object.entries(moved).map(([k, v]) => [k, v.length])) };
}
