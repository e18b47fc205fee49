// Sign-in with per-(email, address) back-off: every attempt is counted by one atomic statement
// before the password is checked, so parallel guesses cannot outrun the counter.
import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db/client";
import { verifyPassword } from "@/lib/auth/password";
import type { SessionUser } from "@/lib/auth/roles";
import { recordAudit } from "./audit";

/** Attempts allowed before the back-off starts; then 30 s, doubling to 15 minutes. */
export const FREE_ATTEMPTS = 5;
export const FIRST_BACKOFF_SECONDS = 30;
export const MAX_BACKOFF_MINUTES = 15;
/** Failures older than this are forgotten at the next attempt. */
const FORGET_AFTER_HOURS = 24;
// A real bcrypt hash (cost 12) of a random string: unknown accounts cost the same time.
const DUMMY_HASH = "$2b$12$x05QPy2Pz3ztG9eHzxDfg.QAbjvMZWsnYaulyAMsGQpmRnJKYRvyC";

/**
 * The only outcome a caller learns is ok or not: a wrong password, an unknown account, a disabled
 * account and a back-off all look the same, so sign-in reveals neither accounts nor lock state.
 */
export type SignInResult = { ok: true; user: SessionUser & { sessionVersion: number } } | { ok: false };

export async function authenticate(
  email: string,
  password: string,
  address: string,
  now = new Date(),
): Promise<SignInResult> {
  const key = email.trim().toLowerCase();
  const failures = await reserveAttempt(key, address, now);
  if (failures === null) return { ok: false };
  const user = await db.adminUser.findUnique({ where: { email: key } });
  const matches = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
  if (!user || !matches || user.disabledAt) {
    if (user) {
      await db.$executeRaw(
        Prisma.sql`UPDATE admin_users SET failed_logins = failed_logins + 1 WHERE id = ${user.id}`,
      );
      if (failures === FREE_ATTEMPTS)
        await recordAudit(null, "admin.sign_in_backoff", "admin_user", String(user.id), { address });
    }
    return { ok: false };
  }
  await db.loginBackoff.deleteMany({ where: { email: key, address } });
  await db.adminUser.update({ where: { id: user.id }, data: { failedLogins: 0, lastLoginAt: now } });
  return {
    ok: true,
    user: {
      id: user.id,
      email: user.email,
      name: user.name,
      role: user.role,
      timeZone: user.timeZone,
      sessionVersion: user.sessionVersion,
    },
  };
}

/**
 * Counts one attempt for (email, address) and starts or extends the back-off once the free
 * attempts are used; null when a back-off is running (the attempt is refused and not counted).
 */
async function reserveAttempt(email: string, address: string, now: Date): Promise<number | null> {
  const forgetBefore = new Date(now.getTime() - FORGET_AFTER_HOURS * 3600_000);
  const rows = await db.$queryRaw<{ failures: number }[]>(Prisma.sql`
    INSERT INTO login_backoff AS b (email, address, failures, blocked_until, updated_at)
    VALUES (${email}, ${address}, 1, NULL, ${now})
    ON CONFLICT (email, address) DO UPDATE SET
      failures = CASE WHEN b.updated_at < ${forgetBefore} THEN 1 ELSE b.failures + 1 END,
      blocked_until = CASE WHEN b.updated_at >= ${forgetBefore} AND b.failures + 1 >= ${FREE_ATTEMPTS}
        THEN ${now}::timestamptz + least(make_interval(secs => ${FIRST_BACKOFF_SECONDS} * power(2, b.failures + 1 - ${FREE_ATTEMPTS})), make_interval(mins => ${MAX_BACKOFF_MINUTES}))
        ELSE NULL END,
      updated_at = ${now}
    WHERE b.blocked_until IS NULL OR b.blocked_until <= ${now}
    RETURNING failures`);
  return rows.length ? Number(rows[0].failures) : null;
}

/** `npm run cli -- admin:unlock EMAIL`: clears every back-off on the account, from any address. */
export async function unlockAccount(email: string): Promise<{ cleared: number; found: boolean }> {
  const key = email.trim().toLowerCase();
  const cleared = await db.loginBackoff.deleteMany({ where: { email: key } });
  const user = await db.adminUser.findUnique({ where: { email: key }, select: { id: true } });
  if (user) {
    await db.adminUser.update({ where: { id: user.id }, data: { failedLogins: 0 } });
    await recordAudit(null, "admin.unlock", "admin_user", String(user.id), { cleared: cleared.count });
  }
  return { cleared: cleared.count, found: !!user };
}
