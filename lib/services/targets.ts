// Admin-set targets for the Overview's trend-to-target lines (contributors, MRR, paying and
// active members by a due date). Every change is audited.
import "server-only";
import { db } from "@/lib/db/client";
import type { SessionUser } from "@/lib/auth/roles";
import { recordAudit } from "@/lib/services/audit";
import { NotFoundError } from "@/lib/services/errors";
import type { TargetMetric } from "@/lib/validation/targets";

type Actor = Pick<SessionUser, "id" | "email">;

export async function addTarget(
  actor: Actor,
  input: { metric: TargetMetric; value: number; dueDate: string },
) {
  const target = await db.target.create({
    data: { metric: input.metric, value: input.value, dueDate: new Date(`${input.dueDate}T00:00:00Z`) },
  });
  await recordAudit(actor, "target.add", "target", target.id, {
    metric: input.metric,
    value: input.value,
    dueDate: input.dueDate,
  });
  return { id: target.id };
}

export async function deleteTarget(actor: Actor, id: number) {
  const found = await db.target.findUnique({ where: { id } });
  if (!found) throw new NotFoundError(`Target ${id} not found`);
  await db.target.delete({ where: { id } });
  await recordAudit(actor, "target.delete", "target", id, { metric: found.metric, value: found.value });
  return { id };
}
