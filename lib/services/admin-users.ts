// Admin accounts: the first admin at start-up, sign-in with lockout after repeated failures.
import "server-only";
import { db } from "@/lib/db/client";
import { generatePassword, hashPassword, verifyPassword } from "@/lib/auth/password";
import type { Role, SessionUser } from "@/lib/auth/roles";
import { recordAudit } from "./audit";

export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MINUTES = 15;

/** Creates the first admin when there is none; returns the password only when it generated one. */
export async function ensureFirstAdmin(email?: string, password?: string): Promise<{ email: string; password: string | null } | null> {
  if ((await db.adminUser.count()) > 0) return null;
  const adminEmail = (email ?? "admin@groundswell.local").toLowerCase();
  const adminPassword = password ?? generatePassword();
  await db.adminUser.create({
    data: { email: adminEmail, name: "Admin", role: "admin", passwordHash: await hashPassword(adminPassword) },
  });
  await recordAudit(null, "admin.create", "admin_user", adminEmail, { reason: "first start" });
  return { email: adminEmail, password: password ? null : adminPassword };
}

export async function createAdminUser(actor: SessionUser | null, input: { email: string; name?: string; role: Role; password: string }) {
  const user = await db.adminUser.create({
    data: { email: input.email.toLowerCase(), name: input.name ?? null, role: input.role, passwordHash: await hashPassword(input.password) },
  });
  await recordAudit(actor, "admin.create", "admin_user", String(user.id), { email: user.email, role: user.role });
  return { id: user.id, email: user.email, role: user.role };
}

export type SignInResult = { ok: true; user: SessionUser } | { ok: false; reason: "invalid" | "locked" };

/** Checks a password; five failures lock the account for 15 minutes (even with the right password). */
export async function authenticate(email: string, password: string, now = new Date()): Promise<SignInResult> {
  const user = await db.adminUser.findUnique({ where: { email: email.trim().toLowerCase() } });
  if (!user) {
    await verifyPassword(password, "$2b$12$invalidinvalidinvalidinvalidinvalidinvalidinvalidinva"); // same cost either way
    return { ok: false, reason: "invalid" };
  }
  if (user.lockedUntil && user.lockedUntil > now) return { ok: false, reason: "locked" };
  if (!(await verifyPassword(password, user.passwordHash))) {
    const failed = user.failedLogins + 1;
    const lock = failed >= MAX_FAILED_LOGINS;
    await db.adminUser.update({
      where: { id: user.id },
      data: { failedLogins: lock ? 0 : failed, lockedUntil: lock ? new Date(now.getTime() + LOCKOUT_MINUTES * 60_000) : user.lockedUntil },
    });
    if (lock) await recordAudit(null, "admin.lockout", "admin_user", String(user.id), { failed });
    return { ok: false, reason: lock ? "locked" : "invalid" };
  }
  await db.adminUser.update({ where: { id: user.id }, data: { failedLogins: 0, lockedUntil: null, lastLoginAt: now } });
  return { ok: true, user: toSessionUser(user) };
}

export async function findSessionUser(id: number): Promise<SessionUser | null> {
  const user = await db.adminUser.findUnique({ where: { id } });
  return user ? toSessionUser(user) : null;
}

function toSessionUser(user: { id: number; email: string; name: string | null; role: Role; timeZone: string }): SessionUser {
  return { id: user.id, email: user.email, name: user.name, role: user.role, timeZone: user.timeZone };
}

/** A user's own display preference: dates across the dashboard are shown in this time zone. */
export async function setOwnTimeZone(user: SessionUser, timeZone: string): Promise<void> {
  await db.adminUser.update({ where: { id: user.id }, data: { timeZone } });
  await recordAudit(user, "admin.time_zone", "admin_user", user.id, { timeZone });
}
