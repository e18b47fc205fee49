// Merges two members into one person and undoes it: every row of the merged member moves to the
// survivor, and a member_merges row keeps a JSON snapshot of exactly what moved, so unmerge puts it back.
import "server-only";
import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import type { SessionUser } from "@/lib/auth/roles";
import { refreshMemberBilling } from "@/lib/ingest/persist/billing";
import { mergeMembersInTx, MOVABLE } from "@/lib/ingest/persist/member-merge";
import { recordAudit } from "@/lib/services/audit";
import { rebuildMemberMonthsOf } from "@/lib/services/member-months";
import { rebuildMemberDaysOf } from "@/lib/services/member-days";
import { liftSplitsWithin } from "./split";
import { mergeSnapshotSchema } from "@/lib/validation/identity";
import { ConflictError, NotFoundError, UserFacingError } from "@/lib/services/errors";

type Actor = Pick<SessionUser, "id" | "email"> | null;
type RestorableTable =
  | "affiliations"
  | "campaign_members"
  | "score_snapshots"
  | "outreach"
  | "outreach_contacts"
  | "weekly_activity";

export interface MergeResult {
  mergeId: number;
  survivorId: number;
  mergedId: number;
  moved: Record<string, number>;
}

export async function mergeMembers(
  actor: Actor,
  input: { survivorId: number; mergedId: number; reason: string },
): Promise<MergeResult> {
  const { survivorId, mergedId } = input;
  if (survivorId === mergedId) throw new UserFacingError("A member cannot be merged into itself");
  const result = await db.$transaction(
    async (tx) => {
      const done = await mergeMembersInTx(tx, {
        survivorId,
        mergedId,
        reason: input.reason,
        actorId: actor?.id ?? null,
      });
      if (!done) throw new NotFoundError("Member");
      // The admin joined them by hand: a split that kept these two apart is lifted.
      await liftSplitsWithin(tx, survivorId);
      return { mergeId: done.mergeId, survivorId, mergedId, moved: done.moved };
    },
    { timeout: 120_000 },
  );
  await recordAudit(actor, "member.merge", "member", survivorId, {
    mergeId: result.mergeId,
    mergedId,
    reason: input.reason,
    moved: result.moved,
  });
  return result;
}

export async function unmergeMembers(
  actor: Actor,
  mergeId: number,
): Promise<{ survivorId: number; mergedId: number }> {
  const result = await db.$transaction(
    async (tx) => {
      const rows = await tx.$queryRaw<
        { id: number }[]
      >`select id from member_merges where id = ${mergeId} for update`;
      if (!rows.length) throw new NotFoundError("Merge");
      const merge = await tx.memberMerge.findUniqueOrThrow({ where: { id: mergeId } });
      if (merge.undoneAt) throw new ConflictError("This merge was already undone");
      const survivor = await tx.$queryRaw<{ id: number }[]>`
        select id from members where id = ${merge.survivorId} for update`;
      if (!survivor.length)
        throw new ConflictError("The surviving member was itself merged or deleted since: undo that first");
      const parsed = mergeSnapshotSchema.safeParse(merge.snapshot);
      if (!parsed.success)
        throw new ConflictError("This merge's record is unreadable, so it cannot be undone");
      const snap = parsed.data;
      const { survivorId, mergedId } = merge;
      await tx.$executeRaw`
        insert into members select * from jsonb_populate_record(null::members, ${JSON.stringify(snap.merged)}::jsonb)`;
      // Table names below come from code (MOVABLE and the restore list), never from the snapshot.
      for (const table of MOVABLE) {
        const list = snap.moved[table] ?? [];
        if (!list.length) continue;
        const ids =
          table === "activity_events"
            ? Prisma.sql`${list.map(String)}::bigint[]`
            : Prisma.sql`${list.map(String)}::int[]`;
        await tx.$executeRaw`
          update ${Prisma.raw(table)} set member_id = ${mergedId} where member_id = ${survivorId} and id = any(${ids})`;
      }
      if (snap.moved.affiliations.length) {
        await tx.$executeRaw`
          update affiliations set member_id = ${mergedId}
           where member_id = ${survivorId} and id = any(${snap.moved.affiliations}::int[])`;
      }
      if (snap.moved.campaignIds.length) {
        await tx.$executeRaw`
          update campaign_members set member_id = ${mergedId}
           where member_id = ${survivorId} and campaign_id = any(${snap.moved.campaignIds}::int[])`;
      }
      const restore = async (table: RestorableTable, list: unknown[]) => {
        if (!list.length) return;
        const t = Prisma.raw(table);
        await tx.$executeRaw`
          insert into ${t} select * from jsonb_populate_recordset(null::${t}, ${JSON.stringify(list)}::jsonb) on conflict do nothing`;
      };
      await restore("affiliations", snap.removed.affiliations);
      await restore("campaign_members", snap.removed.campaignMembers);
      // Rows kept before raw scores were stored carry their rank: −rank is the order key the migration gave
      // their day's other rows (rank itself is derived at read now).
      await restore(
        "score_snapshots",
        (snap.removed.scores as { raw_score?: number | null; rank?: number }[]).map((r) =>
          r.raw_score == null && r.rank != null ? { ...r, raw_score: -r.rank } : r,
        ),
      );
      await restore("outreach", snap.removed.outreach ?? []);
      await restore("outreach_contacts", snap.removed.outreachContacts ?? []);
      await tx.$executeRaw`delete from weekly_activity where member_id = ${survivorId}`;
      await restore("weekly_activity", snap.survivorWeekly);
      await restore("weekly_activity", snap.removed.weekly);
      await tx.$executeRaw`
        update members s set primary_email = b.primary_email, country = b.country, joined_at = b.joined_at, last_active_at = b.last_active_at,
            is_staff = b.is_staff, do_not_contact = b.do_not_contact, public_opt_out = b.public_opt_out, tags = b.tags, updated_at = now()
          from jsonb_populate_record(null::members, ${JSON.stringify(snap.survivorBefore)}::jsonb) b where s.id = b.id`;
      await refreshMemberBilling(tx, [survivorId, mergedId]);
      await rebuildMemberMonthsOf(tx, [survivorId, mergedId]);
      await rebuildMemberDaysOf(tx, [survivorId, mergedId]);
      await tx.memberMerge.update({ where: { id: mergeId }, data: { undoneAt: new Date() } });
      return { survivorId, mergedId };
    },
    { timeout: 120_000 },
  );
  await recordAudit(actor, "member.unmerge", "member", result.survivorId, {
    mergeId,
    mergedId: result.mergedId,
  });
  return result;
}
