// Merges two members into one person and undoes it: every row of the merged member moves to the
// survivor, and a member_merges row keeps a JSON snapshot of exactly what moved, so unmerge puts it back.
import "server-only";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { SessionUser } from "@/lib/auth/roles";
import { refreshMemberBilling } from "@/lib/ingest/persist/billing";
import { recordAudit } from "@/lib/services/audit";
import { ConflictError, NotFoundError, UserFacingError } from "@/lib/services/errors";

type Tx = Prisma.TransactionClient;
type Actor = Pick<SessionUser, "id" | "email"> | null;

/** Tables whose rows simply change member_id (no per-member uniqueness), with their id column. */
const MOVABLE = ["identities", "activity_events", "subscriptions", "subscription_changes", "payments", "outreach", "member_notes", "alerts"] as const;
type Movable = (typeof MOVABLE)[number];

export interface MergeSnapshot {
  survivorBefore: Record<string, unknown>;
  merged: Record<string, unknown>;
  moved: Record<Movable, (number | string)[]> & { affiliations: number[]; campaignIds: number[] };
  /** Rows that could not move (the survivor already had the same one) and were removed with the merged member. */
  removed: { affiliations: unknown[]; campaignMembers: unknown[]; weekly: unknown[]; scores: unknown[] };
  survivorWeekly: unknown[];
}

export interface MergeResult {
  mergeId: number;
  survivorId: number;
  mergedId: number;
  moved: Record<string, number>;
}

async function json<T>(tx: Tx, sql: string, ...params: unknown[]): Promise<T> {
  const rows = await tx.$queryRawUnsafe<{ v: T }[]>(sql, ...params);
  return rows[0].v;
}

async function ids(tx: Tx, sql: string, ...params: unknown[]): Promise<(number | string)[]> {
  const rows = await tx.$queryRawUnsafe<{ id: number | bigint }[]>(sql, ...params);
  return rows.map((r) => (typeof r.id === "bigint" ? r.id.toString() : r.id));
}

export async function mergeMembers(actor: Actor, input: { survivorId: number; mergedId: number; reason: string }): Promise<MergeResult> {
  const { survivorId, mergedId } = input;
  if (survivorId === mergedId) throw new UserFacingError("A member cannot be merged into itself");
  const result = await db.$transaction(
    async (tx) => {
      const locked = await tx.$queryRawUnsafe<{ id: number }[]>(`select id from members where id = any($1::int[]) order by id for update`, [survivorId, mergedId]);
      if (locked.length !== 2) throw new NotFoundError("Member");
      const survivorBefore = await json<Record<string, unknown>>(tx, `select to_jsonb(m) as v from members m where id = $1`, survivorId);
      const merged = await json<Record<string, unknown>>(tx, `select to_jsonb(m) as v from members m where id = $1`, mergedId);
      const survivorWeekly = await json<unknown[]>(tx, `select coalesce(jsonb_agg(to_jsonb(w)), '[]') as v from weekly_activity w where member_id = $1`, survivorId);
      const removedWeekly = await json<unknown[]>(tx, `select coalesce(jsonb_agg(to_jsonb(w)), '[]') as v from weekly_activity w where member_id = $1`, mergedId);
      const removedScores = await json<unknown[]>(tx, `select coalesce(jsonb_agg(to_jsonb(s)), '[]') as v from score_snapshots s where member_id = $1`, mergedId);

      const moved = {} as MergeSnapshot["moved"];
      for (const table of MOVABLE) {
        moved[table] = await ids(tx, `update ${table} set member_id = $1 where member_id = $2 returning id`, survivorId, mergedId);
      }
      moved.affiliations = (await ids(
        tx,
        `update affiliations a set member_id = $1 where a.member_id = $2
            and not exists (select 1 from affiliations s where s.member_id = $1 and s.org_id = a.org_id and s.starts_at = a.starts_at)
          returning id`,
        survivorId,
        mergedId,
      )) as number[];
      const removedAffiliations = await json<unknown[]>(tx, `select coalesce(jsonb_agg(to_jsonb(a)), '[]') as v from affiliations a where member_id = $1`, mergedId);
      moved.campaignIds = (
        await tx.$queryRawUnsafe<{ id: number }[]>(
          `update campaign_members c set member_id = $1 where c.member_id = $2
              and not exists (select 1 from campaign_members s where s.member_id = $1 and s.campaign_id = c.campaign_id)
            returning campaign_id as id`,
          survivorId,
          mergedId,
        )
      ).map((r) => r.id);
      const removedCampaign = await json<unknown[]>(tx, `select coalesce(jsonb_agg(to_jsonb(c)), '[]') as v from campaign_members c where member_id = $1`, mergedId);
      // Rollups are derived: add the merged member's weeks to the survivor's until the next recompute rebuilds them.
      await tx.$executeRawUnsafe(
        `insert into weekly_activity (member_id, week_start, source, events, weight, contributions, channels)
         select $1, week_start, source, events, weight, contributions, channels from weekly_activity where member_id = $2
         on conflict (member_id, week_start, source) do update set events = weekly_activity.events + excluded.events,
            weight = weekly_activity.weight + excluded.weight, contributions = weekly_activity.contributions + excluded.contributions,
            channels = greatest(weekly_activity.channels, excluded.channels)`,
        survivorId,
        mergedId,
      );
      await tx.$executeRawUnsafe(
        `update members s set primary_email = coalesce(s.primary_email, m.primary_email), country = coalesce(s.country, m.country),
            joined_at = least(s.joined_at, m.joined_at), last_active_at = greatest(s.last_active_at, m.last_active_at),
            is_staff = s.is_staff or m.is_staff, do_not_contact = s.do_not_contact or m.do_not_contact,
            public_opt_out = s.public_opt_out or m.public_opt_out,
            tags = array(select distinct unnest(s.tags || m.tags)), updated_at = now()
           from members m where s.id = $1 and m.id = $2`,
        survivorId,
        mergedId,
      );
      await tx.$executeRawUnsafe(`delete from members where id = $1`, mergedId);
      await refreshMemberBilling(tx, [survivorId]);
      const snapshot: MergeSnapshot = {
        survivorBefore,
        merged,
        moved,
        removed: { affiliations: removedAffiliations, campaignMembers: removedCampaign, weekly: removedWeekly, scores: removedScores },
        survivorWeekly,
      };
      const row = await tx.memberMerge.create({
        data: { survivorId, mergedId, reason: input.reason.slice(0, 500), actorId: actor?.id ?? null, snapshot: snapshot as unknown as Prisma.InputJsonValue },
      });
      const counts = Object.fromEntries(Object.entries(moved).map(([k, v]) => [k, v.length]));
      return { mergeId: row.id, survivorId, mergedId, moved: counts };
    },
    { timeout: 120_000 },
  );
  await recordAudit(actor, "member.merge", "member", survivorId, { mergeId: result.mergeId, mergedId, reason: input.reason, moved: result.moved });
  return result;
}

export async function unmergeMembers(actor: Actor, mergeId: number): Promise<{ survivorId: number; mergedId: number }> {
  const result = await db.$transaction(
    async (tx) => {
      const rows = await tx.$queryRawUnsafe<{ id: number }[]>(`select id from member_merges where id = $1 for update`, mergeId);
      if (!rows.length) throw new NotFoundError("Merge");
      const merge = await tx.memberMerge.findUniqueOrThrow({ where: { id: mergeId } });
      if (merge.undoneAt) throw new ConflictError("This merge was already undone");
      const survivor = await tx.$queryRawUnsafe<{ id: number }[]>(`select id from members where id = $1 for update`, merge.survivorId);
      if (!survivor.length) throw new ConflictError("The surviving member was itself merged or deleted since: undo that first");
      const snap = merge.snapshot as unknown as MergeSnapshot;
      const { survivorId, mergedId } = merge;
      await tx.$executeRawUnsafe(`insert into members select * from jsonb_populate_record(null::members, $1::jsonb)`, JSON.stringify(snap.merged));
      for (const table of MOVABLE) {
        const list = snap.moved[table] ?? [];
        if (!list.length) continue;
        const cast = table === "activity_events" ? "bigint[]" : "int[]";
        await tx.$executeRawUnsafe(`update ${table} set member_id = $1 where member_id = $2 and id = any($3::${cast})`, mergedId, survivorId, list.map(String));
      }
      if (snap.moved.affiliations.length) {
        await tx.$executeRawUnsafe(`update affiliations set member_id = $1 where member_id = $2 and id = any($3::int[])`, mergedId, survivorId, snap.moved.affiliations);
      }
      if (snap.moved.campaignIds.length) {
        await tx.$executeRawUnsafe(`update campaign_members set member_id = $1 where member_id = $2 and campaign_id = any($3::int[])`, mergedId, survivorId, snap.moved.campaignIds);
      }
      const restore = async (table: string, list: unknown[]) => {
        if (list.length) await tx.$executeRawUnsafe(`insert into ${table} select * from jsonb_populate_recordset(null::${table}, $1::jsonb) on conflict do nothing`, JSON.stringify(list));
      };
      await restore("affiliations", snap.removed.affiliations);
      await restore("campaign_members", snap.removed.campaignMembers);
      await restore("score_snapshots", snap.removed.scores);
      await tx.$executeRawUnsafe(`delete from weekly_activity where member_id = $1`, survivorId);
      await restore("weekly_activity", snap.survivorWeekly);
      await restore("weekly_activity", snap.removed.weekly);
      await tx.$executeRawUnsafe(
        `update members s set primary_email = b.primary_email, country = b.country, joined_at = b.joined_at, last_active_at = b.last_active_at,
            is_staff = b.is_staff, do_not_contact = b.do_not_contact, public_opt_out = b.public_opt_out, tags = b.tags, updated_at = now()
           from jsonb_populate_record(null::members, $1::jsonb) b where s.id = b.id`,
        JSON.stringify(snap.survivorBefore),
      );
      await refreshMemberBilling(tx, [survivorId, mergedId]);
      await tx.memberMerge.update({ where: { id: mergeId }, data: { undoneAt: new Date() } });
      return { survivorId, mergedId };
    },
    { timeout: 120_000 },
  );
  await recordAudit(actor, "member.unmerge", "member", result.survivorId, { mergeId, mergedId: result.mergedId });
  return result;
}
