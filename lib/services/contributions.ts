// What counts as a contribution: activity types' flag and weight (admin-chosen), and contributions
// credited by hand to a member (an activity event with source 'manual'). Both audited.
import "server-only";
import { randomUUID } from "node:crypto";
import type { z } from "zod";
import { db } from "@/lib/db/client";
import type { SessionUser } from "@/lib/auth/roles";
import { recordAudit } from "./audit";
import { NotFoundError } from "./errors";
import { ensureDefaultActivityTypes } from "./activity-types";
import { invalidateRollups, rebuildWeeklyActivity } from "./rollups";
import { requestRecompute } from "@/lib/jobs/queue";
import type {
  creditManualContributionSchema,
  updateActivityTypeSchema,
} from "@/lib/validation/organizations";

type Actor = Pick<SessionUser, "id" | "email"> | string | null;

/**
 * Sets a type's weight and whether it counts. Events that still carry the old default weight take
 * the new one (weights a source sent explicitly are kept); rollups must be recomputed afterwards.
 */
export async function updateActivityType(actor: Actor, input: z.infer<typeof updateActivityTypeSchema>) {
  await ensureDefaultActivityTypes();
  const before = await db.activityType.findUnique({ where: { type: input.type } });
  const after = await db.activityType.upsert({
    where: { type: input.type },
    create: {
      type: input.type,
      label: input.type,
      weight: input.weight,
      isContribution: input.isContribution,
    },
    update: { weight: input.weight, isContribution: input.isContribution },
  });
  let reweighted = 0;
  if (before && before.weight !== after.weight) {
    reweighted =
      await db.$executeRaw`update activity_events set weight = ${after.weight}::real where type = ${after.type} and weight = ${before.weight}::real`;
  }
  // Weekly weights and contribution counts now differ from the rollups: rebuild them in the worker.
  await invalidateRollups();
  await requestRecompute("activity type changed").catch((error) =>
    console.error("[contributions] recompute request failed", error),
  );
  await recordAudit(actor, "activity_type.update", "activity_type", input.type, {
    before: before ? { weight: before.weight, isContribution: before.isContribution } : null,
    after: { weight: after.weight, isContribution: after.isContribution },
    reweighted,
  });
  return { type: after.type, reweighted };
}

/** Credits a contribution done outside the tracked tools (a talk, a sponsorship of time, ...). */
export async function creditManualContribution(
  actor: Actor,
  input: z.infer<typeof creditManualContributionSchema>,
) {
  await ensureDefaultActivityTypes();
  const type = await db.activityType.findUnique({ where: { type: "manual_contribution" } });
  // activity_events has no foreign key to members: the member is locked while its event is written, so an
  // erasure or merge running meanwhile waits and then takes this event along.
  const event = await db.$transaction(async (tx) => {
    const member = await tx.$queryRaw<{ id: number }[]>`
      select id from members where id = ${input.memberId} for key share`;
    if (!member.length) throw new NotFoundError("Member");
    return tx.activityEvent.create({
      data: {
        memberId: input.memberId,
        source: "manual",
        externalId: randomUUID(),
        type: "manual_contribution",
        occurredAt: input.occurredAt,
        weight: type?.weight ?? 1,
        properties: { note: input.note },
      },
    });
  });
  await rebuildWeeklyActivity({ from: input.occurredAt });
  await recordAudit(actor, "contribution.manual", "member", input.memberId, {
    eventId: event.id.toString(),
    occurredAt: input.occurredAt.toISOString(),
    note: input.note,
  });
  return { eventId: event.id.toString() };
}
