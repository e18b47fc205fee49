// Data-subject requests: export everything held about one member as JSON, and erase a member
// (identities, events, notes, billing history, scores, outreach) — both audited, admins only.
import "server-only";
import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { emailKey, identityKey, recordTombstones } from "@/lib/ingest/persist/erased";
import type { SessionUser } from "@/lib/auth/roles";
import { recordAudit } from "./audit";
import { NotFoundError } from "./errors";

export async function exportMemberData(actor: SessionUser, memberId: number) {
  const member = await db.member.findUnique({
    where: { id: memberId },
    include: {
      identities: true,
      affiliations: { include: { org: { select: { id: true, name: true } } } },
      subscriptions: true,
      changes: true,
      payments: true,
      scores: { orderBy: { asOf: "desc" }, take: 100 },
      outreach: true,
      notes: true,
      campaigns: true,
    },
  });
  if (!member) throw new NotFoundError("Member");
  const events = await db.activityEvent.findMany({ where: { memberId }, orderBy: { occurredAt: "asc" } });
  await recordAudit(actor, "member.export", "member", memberId, { events: events.length });
  return JSON.parse(
    JSON.stringify({ exportedAt: new Date().toISOString(), member, events }, (_k, v) =>
      typeof v === "bigint" ? v.toString() : v,
    ),
  );
}

/**
 * Erases a member: their rows go, audit entries about them keep only what happened (not the notes,
 * outcomes or names written into them), quarantined lines holding their email are blanked, and
 * salted hashes of their identities stay so a re-import of an old file does not bring them back.
 * Uploaded files are deleted when their import ends (lib/services/imports/run-queued.ts).
 */
export async function eraseMember(
  actor: SessionUser,
  memberId: number,
): Promise<{ erased: true; events: number; identities: number }> {
  return db.$transaction(
    async (tx) => {
      // Locked first: an import writing this member's events holds it (activity_events has no foreign key, see
      // IdentityResolver.holdMembers), so the erasure waits for it and then deletes its events too.
      await tx.$queryRaw`select id from members where id = ${memberId} for update`;
      const member = await tx.member.findUnique({
        where: { id: memberId },
        select: { id: true, primaryEmail: true },
      });
      if (!member) throw new NotFoundError("Member");
      const identityRows = await tx.identity.findMany({
        where: { memberId },
        select: { source: true, externalId: true, email: true },
      });
      const emails = [
        ...new Set(
          [member.primaryEmail, ...identityRows.map((i) => i.email)]
            .filter((e): e is string => !!e)
            .map((e) => e.toLowerCase()),
        ),
      ];
      await recordTombstones(tx, [
        ...identityRows.map((i) => identityKey(i.source, i.externalId)),
        ...emails.map(emailKey),
      ]);
      await redactAuditAbout(tx, memberId);
      for (const email of emails) {
        await tx.$executeRaw(
          Prisma.sql`UPDATE quarantined_rows SET raw = '[erased]', reason = '[erased]' WHERE strpos(lower(raw), ${email}) > 0`,
        );
      }
      const events = await tx.activityEvent.deleteMany({ where: { memberId } });
      await tx.memberMerge.deleteMany({ where: { OR: [{ survivorId: memberId }, { mergedId: memberId }] } });
      await tx.alert.deleteMany({ where: { memberId } });
      // The rankings' kept as-of inputs have no foreign key (bulk rewrites); the next run re-extracts everyone anyway.
      await tx.$executeRaw`delete from ranking_asof_rows where member_id = ${memberId}`;
      await tx.member.delete({ where: { id: memberId } });
      // The audit entry records that an erasure happened, never what was erased.
      await tx.auditLog.create({
        data: {
          actorId: actor.id,
          actorLabel: actor.email,
          action: "member.erase",
          entity: "member",
          entityId: String(memberId),
          details: { events: events.count, identities: identityRows.length },
        },
      });
      return { erased: true as const, events: events.count, identities: identityRows.length };
    },
    { timeout: 120_000 },
  );
}

/** Blanks the details (notes, outcomes, names) of every audit entry about the member, their outreach or affiliations. */
async function redactAuditAbout(tx: Prisma.TransactionClient, memberId: number): Promise<void> {
  const id = String(memberId);
  const outreachIds = (await tx.outreach.findMany({ where: { memberId }, select: { id: true } })).map((o) =>
    String(o.id),
  );
  const affiliationIds = (await tx.affiliation.findMany({ where: { memberId }, select: { id: true } })).map(
    (a) => String(a.id),
  );
  await tx.$executeRaw(Prisma.sql`
    UPDATE audit_log SET details = '{"redacted": "member erased"}'::jsonb
    WHERE (entity = 'member' AND entity_id = ${id})
       OR (entity = 'outreach' AND entity_id = ANY(${outreachIds}::text[]))
       OR (entity = 'affiliation' AND entity_id = ANY(${affiliationIds}::text[]))
       OR details ->> 'memberId' = ${id}
       OR details ->> 'mergedId' = ${id}`);
}

/** A member's consent flags: kept off the public report (public opt-out) and out of outreach (do not contact). */
export async function setMemberConsent(
  actor: SessionUser | null,
  memberId: number,
  flags: { publicOptOut?: boolean; doNotContact?: boolean },
) {
  const member = await db.member.findUnique({ where: { id: memberId }, select: { id: true } });
  if (!member) throw new NotFoundError("Member");
  const updated = await db.member.update({
    where: { id: memberId },
    data: flags,
    select: { id: true, publicOptOut: true, doNotContact: true },
  });
  await recordAudit(actor, "member.consent", "member", memberId, flags);
  return updated;
}
