// Splits one identity off its member into a member of its own, and undoes it: the identity's events and the billing it
// owns move in one transaction, and an identity_splits row keeps the two sides apart through every later import.
import "server-only";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { SessionUser } from "@/lib/auth/roles";
import { billingOwnedBy, splitMemberName, splitRefusal } from "@/lib/identity/split";
import { refreshMemberBilling } from "@/lib/ingest/persist/billing";
import { mergeMembersInTx } from "@/lib/ingest/persist/member-merge";
import { recordAudit } from "@/lib/services/audit";
import { ConflictError, NotFoundError, UserFacingError } from "@/lib/services/errors";
import { moveOwnedRows, rebuildRollupsOf } from "./split-rows";

type Tx = Prisma.TransactionClient;
type Actor = Pick<SessionUser, "id" | "email"> | null;

export interface SplitResult {
  splitId: number;
  fromMemberId: number;
  newMemberId: number;
  moved: Record<string, number>;
}

interface IdentityRow {
  id: number;
  member_id: number;
  source: string;
  external_id: string;
  display_name: string | null;
  handle: string | null;
  email: string | null;
  is_bot: boolean;
}

/** Locks the identity's member as a merge does (FOR UPDATE: importers holding it FOR KEY SHARE finish first). */
async function lockIdentity(tx: Tx, identityId: number): Promise<IdentityRow> {
  for (;;) {
    const [seen] = await tx.$queryRaw<
      { member_id: number }[]
    >`select member_id from identities where id = ${identityId}`;
    if (!seen) throw new NotFoundError("Identity");
    await tx.$queryRaw`select id from members where id = ${seen.member_id} for update`;
    const [row] = await tx.$queryRaw<IdentityRow[]>`
      select id, member_id, source, external_id, display_name, handle, email, is_bot from identities where id = ${identityId} for update`;
    if (!row) throw new NotFoundError("Identity");
    // A merge moved it while this waited for the lock: lock its new member instead.
    if (row.member_id === seen.member_id) return row;
  }
}

export async function splitIdentity(actor: Actor, identityId: number): Promise<SplitResult> {
  const result = await db.$transaction(
    async (tx) => {
      const identity = await lockIdentity(tx, identityId);
      const fromMemberId = identity.member_id;
      const others = (
        await tx.$queryRaw<{ id: number }[]>`
          select id from identities where member_id = ${fromMemberId} and id <> ${identityId} order by id`
      ).map((r) => r.id);
      const refusal = splitRefusal({ memberId: fromMemberId }, others.length + 1);
      if (refusal) throw new UserFacingError(refusal);
      const name = splitMemberName({
        source: identity.source,
        externalId: identity.external_id,
        displayName: identity.display_name,
        handle: identity.handle,
        email: identity.email,
      });
      const member = await tx.member.create({
        data: { displayName: name, primaryEmail: identity.email, isBot: identity.is_bot },
        select: { id: true },
      });
      const newMemberId = member.id;
      await tx.$executeRaw`
        update identities set member_id = ${newMemberId}, linked_by = ${`split off member #${fromMemberId} by an admin`}
         where id = ${identityId}`;
      const moved = await moveOwnedRows(tx, {
        identityId,
        email: identity.email,
        fromMemberId,
        newMemberId,
        billing: billingOwnedBy({ source: identity.source, externalId: identity.external_id }),
      });
      // The original member's primary address was this identity's: take a remaining identity's, if any.
      await tx.$executeRaw`
        update members m set primary_email = (select i.email from identities i where i.member_id = m.id and i.email is not null order by i.id limit 1),
               updated_at = now()
         where m.id = ${fromMemberId} and m.primary_email is not distinct from ${identity.email} and ${identity.email}::text is not null`;
      await rebuildRollupsOf(tx, [fromMemberId, newMemberId]);
      await refreshMemberBilling(tx, [fromMemberId, newMemberId]);
      const split = await tx.identitySplit.create({
        data: {
          identityId,
          fromMemberId,
          toMemberId: newMemberId,
          apartFrom: others,
          moved,
          actorId: actor?.id ?? null,
        },
        select: { id: true },
      });
      return { splitId: split.id, fromMemberId, newMemberId, moved };
    },
    { timeout: 120_000 },
  );
  await recordAudit(actor, "member.split", "member", result.fromMemberId, {
    splitId: result.splitId,
    identityId,
    newMemberId: result.newMemberId,
    moved: result.moved,
  });
  return result;
}

/**
 * Re-joins a split identity with the member it was split from: its member is merged back (an ordinary merge, which
 * /members/merge can undo) and the split stops keeping them apart. Refused when the split-off member has gathered
 * other identities since: merging it back would join those too, which is a decision for /members/merge.
 */
export async function undoSplit(
  actor: Actor,
  splitId: number,
): Promise<{ memberId: number; mergeId: number | null }> {
  const result = await db.$transaction(
    async (tx) => {
      const [split] = await tx.$queryRaw<
        { identity_id: number; from_member_id: number; undone_at: Date | null }[]
      >`select identity_id, from_member_id, undone_at from identity_splits where id = ${splitId} for update`;
      if (!split) throw new NotFoundError("Split");
      if (split.undone_at) throw new ConflictError("This split was already undone");
      const identity = await lockIdentity(tx, split.identity_id);
      await tx.$executeRaw`update identity_splits set undone_at = now() where id = ${splitId}`;
      if (identity.member_id === split.from_member_id) return { memberId: identity.member_id, mergeId: null };
      const [{ n }] = await tx.$queryRaw<{ n: number }[]>`
        select count(*)::int as n from identities where member_id = ${identity.member_id}`;
      if (n > 1)
        throw new ConflictError(
          "The split-off member has other identities now: merge the two members on /members/merge instead",
        );
      const done = await mergeMembersInTx(tx, {
        survivorId: split.from_member_id,
        mergedId: identity.member_id,
        reason: `undo split #${splitId}`,
        actorId: actor?.id ?? null,
      });
      if (!done) throw new ConflictError("The member it was split from is gone (merged or erased since)");
      await tx.$executeRaw`
        update identities set linked_by = ${`re-joined by an admin (undo split #${splitId})`} where id = ${split.identity_id}`;
      return { memberId: split.from_member_id, mergeId: done.mergeId };
    },
    { timeout: 120_000 },
  );
  await recordAudit(actor, "member.unsplit", "member", result.memberId, { splitId, mergeId: result.mergeId });
  return result;
}

/**
 * After an admin merges two members by hand, the splits whose two sides are now one member no longer keep anything
 * apart: they are marked undone, so the merge is the admin's last word (and its undo separates them as any undo does).
 */
export async function liftSplitsWithin(tx: Tx, memberId: number): Promise<number> {
  return tx.$executeRaw`
    update identity_splits s set undone_at = now()
     where s.undone_at is null
       and exists (select 1 from identities x where x.id = s.identity_id and x.member_id = ${memberId})
       and exists (select 1 from identities y where y.id = any(s.apart_from) and y.member_id = ${memberId})`;
}
