// Admin triage of the alert feed: dismiss, snooze for some days, or turn a member's alert into an
// outreach to-do on the member list (skipping do-not-contact members and members already open there).
import "server-only";
import { db } from "@/lib/db/client";
import type { SessionUser } from "@/lib/auth/roles";
import { recordAudit } from "./audit";
import { NotFoundError, UserFacingError } from "./errors";
import { outreachKindForList } from "@/lib/validation/outreach";
import { DAY_MS } from "@/lib/time";

type Actor = Pick<SessionUser, "id" | "email">;

export async function dismissAlerts(actor: Actor, ids: number[], now = new Date()): Promise<number> {
  const r = await db.alert.updateMany({
    where: { id: { in: ids }, dismissedAt: null },
    data: { dismissedAt: now, readAt: now },
  });
  for (const id of ids) await recordAudit(actor, "alert.dismiss", "alert", id, {});
  return r.count;
}

export async function snoozeAlerts(
  actor: Actor,
  ids: number[],
  days: number,
  now = new Date(),
): Promise<number> {
  const until = new Date(now.getTime() + days * DAY_MS);
  const r = await db.alert.updateMany({
    where: { id: { in: ids }, dismissedAt: null },
    data: { snoozedUntil: until },
  });
  for (const id of ids) await recordAudit(actor, "alert.snooze", "alert", id, { until: until.toISOString() });
  return r.count;
}

/** Brings dismissed or snoozed alerts back into the open feed. */
export async function restoreAlerts(actor: Actor, ids: number[]): Promise<number> {
  const r = await db.alert.updateMany({
    where: { id: { in: ids } },
    data: { dismissedAt: null, snoozedUntil: null },
  });
  for (const id of ids) await recordAudit(actor, "alert.restore", "alert", id, {});
  return r.count;
}

export type AlertOutreachResult =
  { status: "created"; outreachId: number } | { status: "already_open"; outreachId: number };

/** "Add to outreach" from a member's alert: a to-do on the member list with the alert as its note. */
export async function alertToOutreach(
  actor: Actor,
  alertId: number,
  now = new Date(),
): Promise<AlertOutreachResult> {
  const alert = await db.alert.findUnique({ where: { id: alertId } });
  if (!alert) throw new NotFoundError("Alert");
  if (!alert.memberId) throw new UserFacingError("Only alerts about a member can go to outreach.");
  const member = await db.member.findUnique({
    where: { id: alert.memberId },
    select: { id: true, displayName: true, doNotContact: true, currentTier: true },
  });
  if (!member) throw new NotFoundError("Member");
  if (member.doNotContact) throw new UserFacingError(`${member.displayName} asked not to be contacted.`);
  const open = await db.outreach.findFirst({
    where: { memberId: member.id, list: "member", status: { in: ["todo", "contacted", "replied"] } },
  });
  if (open) return { status: "already_open", outreachId: open.id };
  const row = await db.outreach.create({
    data: {
      memberId: member.id,
      kind: outreachKindForList("member", member.currentTier > 0),
      list: "member",
      status: "todo",
      note: alert.message,
      assigneeId: actor.id,
      createdById: actor.id,
    },
  });
  await db.alert.update({ where: { id: alertId }, data: { readAt: alert.readAt ?? now } });
  await recordAudit(actor, "outreach.add", "outreach", row.id, {
    memberId: member.id,
    list: "member",
    fromAlert: alertId,
  });
  return { status: "created", outreachId: row.id };
}
