// Outreach writes shared by the dashboard, the API, the CLI and jobs: mark done, bulk add, versioned
// updates (optimistic locking) and automatic outcomes from plan changes after contact.
import "server-only";
import { db } from "@/lib/db/client";
import type { SessionUser } from "@/lib/auth/roles";
import type { Prisma } from "@/lib/generated/prisma/client";
import { recordAudit } from "./audit";
import { ConflictError, NotFoundError, UserFacingError } from "./errors";
import {
  OPEN_OUTREACH_STATUSES,
  OUTCOME_HORIZON_WEEKS,
  RECENT_CONTACT_DAYS,
  outreachKindForList,
  type AddToOutreachInput,
  type MarkContactedBulkInput,
  type MarkOutreachDoneInput,
  type UpdateOutreachInput,
} from "@/lib/validation/outreach";
import { DAY_MS } from "@/lib/time";

type Actor = Pick<SessionUser, "id" | "email">;
export { OUTCOME_HORIZON_WEEKS };
const OPEN_STATUSES = OPEN_OUTREACH_STATUSES;

export type MarkOutreachDoneResult =
  | { status: "done"; outreachId: number; version: number }
  | { status: "warning"; message: string; lastContactedAt: string };

/** Latest contact of a member within the last RECENT_CONTACT_DAYS, or null. */
export async function recentContact(memberId: number, now = new Date()): Promise<Date | null> {
  const row = await db.outreach.findFirst({
    where: {
      memberId,
      contactedAt: { gte: new Date(now.getTime() - RECENT_CONTACT_DAYS * DAY_MS), lte: now },
    },
    orderBy: { contactedAt: "desc" },
    select: { contactedAt: true },
  });
  return row?.contactedAt ?? null;
}

/**
 * One-step "contacted": the member's open record for this list (to do, contacted or replied) gets
 * the contact, with a history row; only when none is open is a record created. So "contact again"
 * never makes a second open record (a partial unique index enforces it too). Returns a warning
 * instead (and writes nothing) when the member was contacted in the last 30 days and
 * `confirmRecent` is not set.
 */
export async function markOutreachDone(
  actor: Actor,
  input: MarkOutreachDoneInput,
  now = new Date(),
): Promise<MarkOutreachDoneResult> {
  const member = await db.member.findUnique({
    where: { id: input.memberId },
    select: { id: true, displayName: true, doNotContact: true, currentTier: true },
  });
  if (!member) throw new NotFoundError("Member");
  if (member.doNotContact) throw new UserFacingError(`${member.displayName} asked not to be contacted.`);
  const at = input.contactedAt ?? now;
  if (at.getTime() > now.getTime() + 60_000)
    throw new UserFacingError("The contact date cannot be in the future.");
  const recent = await recentContact(member.id, now);
  if (recent && !input.confirmRecent) {
    const days = Math.max(0, Math.floor((now.getTime() - recent.getTime()) / DAY_MS));
    return {
      status: "warning",
      lastContactedAt: recent.toISOString(),
      message: `${member.displayName} was contacted ${days === 0 ? "today" : `${days} day${days === 1 ? "" : "s"} ago`}. Contact again?`,
    };
  }
  const kind = outreachKindForList(input.list, member.currentTier > 0);
  for (let attempt = 0; attempt < 2; attempt++) {
    const open = await db.outreach.findFirst({
      where: { memberId: member.id, list: input.list, status: { in: [...OPEN_STATUSES] } },
    });
    if (open) {
      const updated = await db.$transaction(async (tx) => {
        const n = await tx.outreach.updateMany({
          where: { id: open.id, version: open.version },
          data: {
            status: open.status === "todo" ? "contacted" : open.status,
            contactedAt: open.contactedAt && open.contactedAt > at ? open.contactedAt : at,
            channel: input.channel ?? open.channel,
            assigneeId: open.assigneeId ?? actor.id,
            version: { increment: 1 },
          },
        });
        if (n.count === 1)
          await tx.outreachContact.create({
            data: {
              outreachId: open.id,
              contactedAt: at,
              channel: input.channel ?? null,
              note: input.note ?? null,
              byId: actor.id,
            },
          });
        return n.count;
      });
      if (updated === 0) throw new ConflictError();
      await recordAudit(actor, "outreach.contacted", "outreach", open.id, {
        memberId: member.id,
        list: input.list,
        from: open.status,
        contactedAt: at.toISOString(),
        again: open.status !== "todo",
      });
      return { status: "done", outreachId: open.id, version: open.version + 1 };
    }
    try {
      const created = await db.outreach.create({
        data: {
          memberId: member.id,
          kind,
          list: input.list,
          status: "contacted",
          contactedAt: at,
          channel: input.channel ?? null,
          note: input.note ?? null,
          assigneeId: actor.id,
          createdById: actor.id,
          contacts: {
            create: {
              contactedAt: at,
              channel: input.channel ?? null,
              note: input.note ?? null,
              byId: actor.id,
            },
          },
        },
      });
      await recordAudit(actor, "outreach.contacted", "outreach", created.id, {
        memberId: member.id,
        list: input.list,
        kind,
        recentContactConfirmed: Boolean(recent),
      });
      return { status: "done", outreachId: created.id, version: created.version };
    } catch (error) {
      // Another admin opened a record for this member and list meanwhile: add the contact to it.
      if (!isUniqueViolation(error) || attempt > 0) throw error;
    }
  }
  throw new ConflictError();
}

export interface MarkContactedBulkResult {
  contacted: number[];
  skippedDoNotContact: number[];
  skippedMissing: number[];
}

/** Bulk "Mark contacted (channel, date, note)": one contact per member, on their open record when there is one. */
export async function markContactedBulk(
  actor: Actor,
  input: MarkContactedBulkInput,
  now = new Date(),
): Promise<MarkContactedBulkResult> {
  const ids = [...new Set(input.memberIds)];
  const members = await db.member.findMany({
    where: { id: { in: ids } },
    select: { id: true, doNotContact: true },
  });
  const byId = new Map(members.map((m) => [m.id, m]));
  const result: MarkContactedBulkResult = { contacted: [], skippedDoNotContact: [], skippedMissing: [] };
  for (const id of ids) {
    const m = byId.get(id);
    if (!m) result.skippedMissing.push(id);
    else if (m.doNotContact) result.skippedDoNotContact.push(id);
    else {
      // The admin chose the date for the whole selection: no per-member "contacted recently" prompt.
      await markOutreachDone(
        actor,
        {
          memberId: id,
          list: input.list,
          channel: input.channel,
          contactedAt: input.contactedAt,
          note: input.note,
          confirmRecent: true,
        },
        now,
      );
      result.contacted.push(id);
    }
  }
  return result;
}

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; meta?: { driverAdapterError?: { cause?: { code?: string } } } } | null;
  return (
    e?.code === "P2002" ||
    e?.meta?.driverAdapterError?.cause?.code === "23505" ||
    /unique constraint/i.test(String((error as Error)?.message ?? ""))
  );
}

export interface AddToOutreachResult {
  created: number[];
  skippedDoNotContact: number[];
  skippedAlreadyOpen: number[];
  skippedMissing: number[];
}

/** Bulk "Add to outreach" as to-dos; skips do-not-contact members and members already open on the same list. */
export async function addToOutreach(actor: Actor, input: AddToOutreachInput): Promise<AddToOutreachResult> {
  const ids = [...new Set(input.memberIds)];
  const [members, open] = await Promise.all([
    db.member.findMany({ where: { id: { in: ids } }, select: { id: true, doNotContact: true } }),
    db.outreach.findMany({
      where: { memberId: { in: ids }, list: input.list, status: { in: [...OPEN_STATUSES] } },
      select: { memberId: true },
    }),
  ]);
  const byId = new Map(members.map((m) => [m.id, m]));
  const openIds = new Set(open.map((o) => o.memberId));
  const result: AddToOutreachResult = {
    created: [],
    skippedDoNotContact: [],
    skippedAlreadyOpen: [],
    skippedMissing: [],
  };
  const kind = outreachKindForList(input.list);
  for (const id of ids) {
    const member = byId.get(id);
    if (!member) result.skippedMissing.push(id);
    else if (member.doNotContact) result.skippedDoNotContact.push(id);
    else if (openIds.has(id)) result.skippedAlreadyOpen.push(id);
    else {
      let row;
      try {
        row = await db.outreach.create({
          data: {
            memberId: id,
            kind,
            list: input.list,
            status: "todo",
            assigneeId: input.assigneeId ?? null,
            dueAt: input.dueAt ?? null,
            createdById: actor.id,
          },
        });
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        result.skippedAlreadyOpen.push(id);
        continue;
      }
      result.created.push(row.id);
      await recordAudit(actor, "outreach.add", "outreach", row.id, { memberId: id, list: input.list, kind });
    }
  }
  return result;
}

/**
 * Versioned update: succeeds only if the record still has the version the editor read, so two admins
 * cannot silently overwrite each other. Fills contacted_at / outcome_at when the status implies them.
 */
export async function updateOutreach(actor: Actor | string, input: UpdateOutreachInput, now = new Date()) {
  const current = await db.outreach.findUnique({ where: { id: input.id } });
  if (!current) throw new NotFoundError("Outreach record");
  if (current.version !== input.version) throw new ConflictError();
  const data: Prisma.OutreachUpdateManyMutationInput = { version: { increment: 1 } };
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  const set = <K extends "status" | "assigneeId" | "dueAt" | "channel" | "note" | "outcome">(
    key: K,
    value: UpdateOutreachInput[K],
  ) => {
    if (value === undefined) return;
    const before = current[key] instanceof Date ? (current[key] as Date).toISOString() : current[key];
    const after = value instanceof Date ? value.toISOString() : value;
    if (before === after) return;
    (data as Record<string, unknown>)[key] = value;
    changes[key] = { from: before, to: after };
  };
  set("status", input.status);
  if (input.assigneeId) {
    const assignee = await db.adminUser.findUnique({
      where: { id: input.assigneeId },
      select: { role: true },
    });
    if (!assignee || assignee.role !== "admin")
      throw new UserFacingError("The assignee must be an admin user.");
  }
  set("assigneeId", input.assigneeId);
  set("dueAt", input.dueAt);
  set("channel", input.channel);
  set("note", input.note);
  set("outcome", input.outcome);
  if (input.status && input.status !== "todo" && !current.contactedAt) data.contactedAt = now;
  const isOutcome = input.status && !(OPEN_STATUSES as readonly string[]).includes(input.status);
  if (isOutcome && input.status !== current.status) data.outcomeAt = now;
  if (input.status && (OPEN_STATUSES as readonly string[]).includes(input.status) && current.outcomeAt)
    data.outcomeAt = null;
  let updated;
  try {
    updated = await db.outreach.updateMany({ where: { id: input.id, version: input.version }, data });
  } catch (error) {
    if (isUniqueViolation(error))
      throw new UserFacingError(
        "This member already has an open outreach record on this list: update that one instead.",
      );
    throw error;
  }
  if (updated.count === 0) throw new ConflictError();
  await recordAudit(actor, "outreach.update", "outreach", input.id, {
    version: input.version + 1,
    changes,
  } as Prisma.InputJsonValue);
  return db.outreach.findUniqueOrThrow({ where: { id: input.id } });
}

export interface ResolveOutcomesResult {
  upgraded: number;
  renewed: number;
  declined: number;
}

/**
 * Fills outcomes for contacted (or replied) outreach from billing history within the horizon after contact:
 * upgrade asks → `upgraded` at the first tier-up, else `declined` once the horizon has passed;
 * renewal check-ins → `declined` at the first cancel, else `renewed` when still paying at the horizon end.
 * Reactivation asks count a tier-up from free as `upgraded`. Updates are versioned, so a concurrent
 * admin edit wins and the record is retried on the next run.
 */
export async function resolveOutreachOutcomes(
  now = new Date(),
  horizonWeeks = OUTCOME_HORIZON_WEEKS,
): Promise<ResolveOutcomesResult> {
  const rows = await db.$queryRaw<
    {
      id: number;
      version: number;
      kind: string;
      horizon_end: Date;
      up_at: Date | null;
      up_plan: string | null;
      cancel_at: Date | null;
      tier_at_end: number;
    }[]
  >`
    with open as (
      select o.id, o.version, o.kind, o.member_id, o.contacted_at,
             o.contacted_at + make_interval(weeks => ${horizonWeeks}::int) as horizon_end
        from outreach o
       where o.status in ('contacted', 'replied') and o.contacted_at is not null and o.contacted_at <= ${now}
    )
    select o.id, o.version, o.kind, o.horizon_end,
      up.occurred_at as up_at, up.to_plan_key as up_plan,
      (select c.occurred_at from subscription_changes c
        where c.member_id = o.member_id and c.to_tier = 0 and c.from_tier > 0
          and c.occurred_at >= o.contacted_at and c.occurred_at < o.horizon_end and c.occurred_at <= ${now}
        order by c.occurred_at limit 1) as cancel_at,
      coalesce((select c.to_tier from subscription_changes c
                 where c.member_id = o.member_id and c.occurred_at <= least(o.horizon_end, ${now})
                 order by c.occurred_at desc, c.id desc limit 1), m.current_tier) as tier_at_end
    from open o
    join members m on m.id = o.member_id
    left join lateral (
      select c.occurred_at, c.to_plan_key from subscription_changes c
       where c.member_id = o.member_id and c.to_tier > c.from_tier
         and c.occurred_at >= o.contacted_at and c.occurred_at < o.horizon_end and c.occurred_at <= ${now}
       order by c.occurred_at limit 1
    ) up on true`;
  const result: ResolveOutcomesResult = { upgraded: 0, renewed: 0, declined: 0 };
  for (const r of rows) {
    const horizonPassed = r.horizon_end.getTime() <= now.getTime();
    let next: { status: "upgraded" | "renewed" | "declined"; at: Date; outcome: string } | null = null;
    if (r.kind === "upgrade" || r.kind === "reactivation") {
      if (r.up_at)
        next = { status: "upgraded", at: r.up_at, outcome: r.up_plan ? `Moved to ${r.up_plan}` : "Upgraded" };
      else if (horizonPassed && r.kind === "upgrade")
        next = {
          status: "declined",
          at: r.horizon_end,
          outcome: `No upgrade within ${horizonWeeks} weeks of contact`,
        };
    } else if (r.kind === "renewal") {
      if (r.cancel_at)
        next = { status: "declined", at: r.cancel_at, outcome: "Cancelled after the check-in" };
      else if (horizonPassed && r.tier_at_end > 0)
        next = {
          status: "renewed",
          at: r.horizon_end,
          outcome: `Still paying ${horizonWeeks} weeks after contact`,
        };
    }
    if (!next) continue;
    const updated = await db.outreach.updateMany({
      where: { id: r.id, version: r.version },
      data: { status: next.status, outcomeAt: next.at, outcome: next.outcome, version: { increment: 1 } },
    });
    if (updated.count === 0) continue;
    result[next.status] += 1;
    await recordAudit("system:outreach-outcomes", "outreach.outcome", "outreach", r.id, {
      status: next.status,
      outcomeAt: next.at.toISOString(),
    });
  }
  return result;
}
