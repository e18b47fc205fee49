// Admin accounts: the first admin at start-up and the account lifecycle (password, role, disable,
// delete, revoke sessions). Sign-in and its back-off live in ./sign-in.ts.
import "server-only";
import { db } from "@/lib/db/client";
import { generatePassword, hashPassword, verifyPassword } from "@/lib/auth/password";
import { Prisma } from "@/lib/generated/prisma/client";
import type { Role, SessionUser } from "@/lib/auth/roles";
import { recordAudit } from "./audit";
import { NotFoundError, UserFacingError } from "./errors";

/** Creates the first admin when there is none; returns the password only when it generated one. */
export async function ensureFirstAdmin(
  email?: string,
  password?: string,
): Promise<{ email: string; password: string | null } | null> {
  if ((await db.adminUser.count()) > 0) return null;
  const adminEmail = (email ?? "admin@groundswell.local").toLowerCase();
  const adminPassword = password ?? generatePassword();
  await db.adminUser.create({
    data: {
      email: adminEmail,
      name: "Admin",
      role: "admin",
      passwordHash: await hashPassword(adminPassword),
    },
  });
  await recordAudit(null, "admin.create", "admin_user", adminEmail, { reason: "first start" });
  return { email: adminEmail, password: password ? null : adminPassword };
}

export async function createAdminUser(
  actor: SessionUser | null,
  input: { email: string; name?: string; role: Role; password: string },
) {
  const user = await db.adminUser.create({
    data: {
      email: input.email.toLowerCase(),
      name: input.name ?? null,
      role: input.role,
      passwordHash: await hashPassword(input.password),
    },
  });
  await recordAudit(actor, "admin.create", "admin_user", String(user.id), {
    email: user.email,
    role: user.role,
  });
  return { id: user.id, email: user.email, role: user.role };
}

/**
 * The user behind a session, or null when the account is gone, disabled, or its session version
 * moved on since the session was issued (password or role change, "sign out everywhere"), or the
 * session itself was signed out.
 */
export async function findSessionUser(
  id: number,
  sessionVersion: number,
  sessionId?: string,
): Promise<SessionUser | null> {
  const [user, revoked] = await Promise.all([
    db.adminUser.findUnique({ where: { id } }),
    sessionId ? db.revokedSession.findUnique({ where: { sid: sessionId }, select: { sid: true } }) : null,
  ]);
  if (!user || user.disabledAt || user.sessionVersion !== sessionVersion || revoked) return null;
  return toSessionUser(user);
}

/** Sign-out: this session's id is refused until it would have expired (expired ones are swept here). */
export async function revokeSession(sessionId: string, expiresAt: Date): Promise<void> {
  await db.revokedSession.deleteMany({ where: { expiresAt: { lt: new Date() } } });
  await db.revokedSession.upsert({
    where: { sid: sessionId },
    create: { sid: sessionId, expiresAt },
    update: {},
  });
}

/** Ends every session of the account (each device signs in again). */
export async function revokeSessions(actor: SessionUser | null, userId: number): Promise<void> {
  await db.$executeRaw(
    Prisma.sql`UPDATE admin_users SET session_version = session_version + 1 WHERE id = ${userId}`,
  );
  await recordAudit(actor, "admin.revoke_sessions", "admin_user", String(userId), {});
}

/** A user's own password: needs the current one; every other session of the account ends. */
export async function changeOwnPassword(
  user: SessionUser,
  current: string,
  next: string,
): Promise<{ sessionVersion: number }> {
  const row = await db.adminUser.findUnique({ where: { id: user.id } });
  if (!row) throw new NotFoundError("User");
  if (!(await verifyPassword(current, row.passwordHash)))
    throw new UserFacingError("The current password is not right.");
  if (current === next) throw new UserFacingError("Choose a password different from the current one.");
  const updated = await db.adminUser.update({
    where: { id: user.id },
    data: { passwordHash: await hashPassword(next), sessionVersion: { increment: 1 } },
    select: { sessionVersion: true },
  });
  await recordAudit(user, "admin.password_change", "admin_user", String(user.id), {});
  return updated;
}

/** Role change, disable/enable and delete by an admin; never leaves the instance without an active admin. */
export async function updateAdminUser(
  actor: SessionUser,
  id: number,
  change: { role?: Role; disabled?: boolean },
): Promise<void> {
  await db.$transaction(async (tx) => {
    // Serialise lifecycle changes so two admins cannot demote each other at the same moment.
    await tx.$executeRaw(Prisma.sql`SELECT pg_advisory_xact_lock(hashtext('admin_users.lifecycle'))`);
    const user = await tx.adminUser.findUnique({ where: { id } });
    if (!user) throw new NotFoundError("User");
    const role = change.role ?? user.role;
    const disabledAt =
      change.disabled === undefined
        ? user.disabledAt
        : change.disabled
          ? (user.disabledAt ?? new Date())
          : null;
    if (user.role === "admin" && !user.disabledAt && (role !== "admin" || disabledAt))
      await assertAnotherActiveAdmin(tx, id);
    await tx.adminUser.update({
      where: { id },
      data: { role, disabledAt, sessionVersion: { increment: 1 } },
    });
    await tx.auditLog.create({
      data: {
        actorId: actor.id,
        actorLabel: actor.email,
        action: "admin.update",
        entity: "admin_user",
        entityId: String(id),
        details: { role, disabled: !!disabledAt },
      },
    });
  });
}

export async function deleteAdminUser(actor: SessionUser, id: number): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.$executeRaw(Prisma.sql`SELECT pg_advisory_xact_lock(hashtext('admin_users.lifecycle'))`);
    const user = await tx.adminUser.findUnique({ where: { id } });
    if (!user) throw new NotFoundError("User");
    if (user.role === "admin" && !user.disabledAt) await assertAnotherActiveAdmin(tx, id);
    // Tokens the user created stop with the account (they cascade); outreach assignments are kept unassigned.
    await tx.adminUser.delete({ where: { id } });
    await tx.auditLog.create({
      data: {
        actorId: actor.id,
        actorLabel: actor.email,
        action: "admin.delete",
        entity: "admin_user",
        entityId: String(id),
        details: { role: user.role },
      },
    });
  });
}

async function assertAnotherActiveAdmin(tx: Prisma.TransactionClient, exceptId: number): Promise<void> {
  const others = await tx.adminUser.count({
    where: { role: "admin", disabledAt: null, id: { not: exceptId } },
  });
  if (others === 0) throw new UserFacingError("Keep at least one active admin: promote someone else first.");
}

function toSessionUser(user: {
  id: number;
  email: string;
  name: string | null;
  role: Role;
  timeZone: string;
}): SessionUser {
  return { id: user.id, email: user.email, name: user.name, role: user.role, timeZone: user.timeZone };
}

/** A user's own display preference: dates across the dashboard are shown in this time zone. */
export async function setOwnTimeZone(user: SessionUser, timeZone: string): Promise<void> {
  await db.adminUser.update({ where: { id: user.id }, data: { timeZone } });
  await recordAudit(user, "admin.time_zone", "admin_user", user.id, { timeZone });
}
