// Admin writes on a member: notes, tags and do-not-contact. Each change is audited; the CLI and jobs can
// call these directly (the server actions only add the session and the role check).
import "server-only";
import { db } from "@/lib/db/client";
import type { SessionUser } from "@/lib/auth/roles";
import { recordAudit } from "@/lib/services/audit";
import { NotFoundError } from "@/lib/services/errors";

type Actor = Pick<SessionUser, "id" | "email">;

async function assertMemberExists(memberId: number): Promise<void> {
  const found = await db.member.findUnique({ where: { id: memberId }, select: { id: true } });
  if (!found) throw new NotFoundError(`Member ${memberId} not found`);
}

export async function addMemberNote(actor: Actor, input: { memberId: number; body: string }) {
  await assertMemberExists(input.memberId);
  const note = await db.memberNote.create({
    data: { memberId: input.memberId, authorId: actor.id, body: input.body },
    select: { id: true, memberId: true, body: true, createdAt: true },
  });
  await recordAudit(actor, "member.note.add", "member", input.memberId, {
    noteId: note.id,
    length: input.body.length,
  });
  return note;
}

/** Replaces the member's tags; audits the tags added and removed. */
export async function setMemberTags(actor: Actor, input: { memberId: number; tags: string[] }) {
  const before = await db.member.findUnique({ where: { id: input.memberId }, select: { tags: true } });
  if (!before) throw new NotFoundError(`Member ${input.memberId} not found`);
  const tags = [...new Set(input.tags)].sort();
  await db.member.update({ where: { id: input.memberId }, data: { tags } });
  const added = tags.filter((t) => !before.tags.includes(t));
  const removed = before.tags.filter((t) => !tags.includes(t));
  if (added.length || removed.length)
    await recordAudit(actor, "member.tags.set", "member", input.memberId, { added, removed });
  return { memberId: input.memberId, tags };
}

/** Sets or clears "do not contact"; outreach and campaigns skip the member while it is set. Audited. */
export async function setDoNotContact(actor: Actor, input: { memberId: number; doNotContact: boolean }) {
  const before = await db.member.findUnique({
    where: { id: input.memberId },
    select: { doNotContact: true },
  });
  if (!before) throw new NotFoundError(`Member ${input.memberId} not found`);
  if (before.doNotContact === input.doNotContact)
    return { memberId: input.memberId, doNotContact: input.doNotContact };
  await db.member.update({ where: { id: input.memberId }, data: { doNotContact: input.doNotContact } });
  await recordAudit(actor, "member.do_not_contact", "member", input.memberId, {
    from: before.doNotContact,
    to: input.doNotContact,
  });
  return { memberId: input.memberId, doNotContact: input.doNotContact };
}
