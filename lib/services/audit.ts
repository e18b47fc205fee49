// The audit log: every change an admin, a token or the system makes, with who and what.
import "server-only";
import { db } from "@/lib/db/client";
import type { SessionUser } from "@/lib/auth/roles";
import type { Prisma } from "@/lib/generated/prisma/client";

export async function recordAudit(
  actor: Pick<SessionUser, "id" | "email"> | string | null,
  action: string,
  entity: string,
  entityId: string | number | null,
  details?: Prisma.InputJsonValue,
): Promise<void> {
  const actorId = actor && typeof actor === "object" ? actor.id : null;
  const actorLabel = actor === null ? "system" : typeof actor === "string" ? actor : actor.email;
  await db.auditLog.create({
    data: {
      actorId,
      actorLabel,
      action,
      entity,
      entityId: entityId === null ? null : String(entityId),
      details,
    },
  });
}
