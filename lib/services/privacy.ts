// Data-subject requests: export everything held about one member as JSON, and erase a member
// (identities, events, notes, billing history, scores, outreach) — both audited, admins only.
import "server-only";
import { db } from "@/lib/db/client";
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
  return JSON.parse(JSON.stringify({ exportedAt: new Date().toISOString(), member, events }, (_k, v) => (typeof v === "bigint" ? v.toString() : v)));
}

export async function eraseMember(actor: SessionUser, memberId: number): Promise<{ erased: true; events: number; identities: number }> {
  return db.$transaction(async (tx) => {
    const member = await tx.member.findUnique({ where: { id: memberId }, select: { id: true } });
    if (!member) throw new NotFoundError("Member");
    const events = await tx.activityEvent.deleteMany({ where: { memberId } });
    const identities = await tx.identity.count({ where: { memberId } });
    await tx.memberMerge.deleteMany({ where: { OR: [{ survivorId: memberId }, { mergedId: memberId }] } });
    await tx.alert.deleteMany({ where: { memberId } });
    await tx.member.delete({ where: { id: memberId } });
    // The audit entry records that an erasure happened, never what was erased.
    await tx.auditLog.create({ data: { actorId: actor.id, actorLabel: actor.email, action: "member.erase", entity: "member", entityId: String(memberId), details: { events: events.count, identities } } });
    return { erased: true as const, events: events.count, identities };
  });
}
