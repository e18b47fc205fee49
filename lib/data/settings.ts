// Reads for the Settings page: users and API tokens (never token hashes or password hashes).
import "server-only";
import { db } from "@/lib/db/client";

export async function listAdminUsers() {
  return db.adminUser.findMany({
    select: { id: true, email: true, name: true, role: true, lastLoginAt: true, createdAt: true },
    orderBy: { createdAt: "asc" },
  });
}

export async function listApiTokens() {
  return db.apiToken.findMany({
    select: { id: true, name: true, prefix: true, scopes: true, createdAt: true, lastUsedAt: true, revokedAt: true, createdBy: { select: { email: true } } },
    orderBy: { createdAt: "desc" },
  });
}
