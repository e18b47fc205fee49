// Reads for the Settings page: users and API tokens (never token hashes or password hashes).
import "server-only";
import { readDb as db } from "@/lib/db/client";

export async function listAdminUsers() {
  return db.adminUser.findMany({
    select: {
      id: true,
      email: true,
      name: true,
      role: true,
      lastLoginAt: true,
      createdAt: true,
      disabledAt: true,
    },
    orderBy: { createdAt: "asc" },
  });
}

export async function listApiTokens() {
  return db.apiToken.findMany({
    select: {
      id: true,
      name: true,
      prefix: true,
      scopes: true,
      createdAt: true,
      lastUsedAt: true,
      revokedAt: true,
      createdBy: { select: { email: true } },
    },
    orderBy: { createdAt: "desc" },
  });
}

/** The whole audit log, newest first, in batches by id (its CSV export). */
export async function* auditLogInBatches(size = 2000) {
  let before: bigint | undefined;
  for (;;) {
    const rows = await db.auditLog.findMany({
      where: before === undefined ? {} : { id: { lt: before } },
      orderBy: { id: "desc" },
      take: size,
      select: {
        id: true,
        actorLabel: true,
        action: true,
        entity: true,
        entityId: true,
        details: true,
        createdAt: true,
      },
    });
    if (rows.length) yield rows;
    if (rows.length < size) return;
    before = rows[rows.length - 1].id;
  }
}

/** The newest audit entries (who changed what), for the Settings page. */
export async function recentAuditEntries(limit = 50) {
  const rows = await db.auditLog.findMany({
    orderBy: { createdAt: "desc" },
    take: limit,
    select: { id: true, actorLabel: true, action: true, entity: true, entityId: true, createdAt: true },
  });
  return rows.map((r) => ({ ...r, id: String(r.id) }));
}
