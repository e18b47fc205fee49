// Accounts: the first admin, passwords stored as slow bcrypt hashes, and the lifecycle of #15 item 5
// / #18 item 8 — password change, role change, disable, delete, and sessions revoked by version.
import { beforeEach, describe, expect, it } from "vitest";
import { truncateAll, useTestDatabase } from "@/lib/test/db";
import {
  changeOwnPassword,
  createAdminUser,
  deleteAdminUser,
  ensureFirstAdmin,
  findSessionUser,
  revokeSession,
  revokeSessions,
  updateAdminUser,
} from "./admin-users";
import { authenticate } from "./sign-in";
import type { SessionUser } from "@/lib/auth/roles";

const db = useTestDatabase();

describe("admin users", () => {
  beforeEach(() => truncateAll(db));

  it("creates the first admin once, with a generated password shown once", async () => {
    const first = await ensureFirstAdmin("Boss@Example.com");
    expect(first?.email).toBe("boss@example.com");
    expect(first?.password).toMatch(/^[A-Za-z0-9]{20}$/);
    expect(await ensureFirstAdmin("other@example.com")).toBeNull();
    const stored = await db.adminUser.findFirstOrThrow();
    expect(stored.passwordHash).toMatch(/^\$2[aby]\$12\$/);
    expect(stored.passwordHash).not.toContain(first!.password!);
  });

  async function admins() {
    const a = await createAdminUser(null, {
      email: "a@example.com",
      role: "admin",
      password: "first password 1",
    });
    const b = await createAdminUser(null, {
      email: "b@example.com",
      role: "viewer",
      password: "second password 2",
    });
    const actor: SessionUser = {
      id: a.id,
      email: "a@example.com",
      name: null,
      role: "admin",
      timeZone: "UTC",
    };
    return { a, b, actor };
  }

  it("a session signed out, or issued before a password change or 'sign out everywhere', stops working", async () => {
    const { a, actor } = await admins();
    const signIn = await authenticate("a@example.com", "first password 1", "192.0.2.1");
    if (!signIn.ok) throw new Error("sign-in failed");
    const copiedCookieVersion = signIn.user.sessionVersion;
    // Signing out one session (its id): a copy of that cookie stops working, another device's does not.
    expect(await findSessionUser(a.id, copiedCookieVersion, "session-1")).not.toBeNull();
    await revokeSession("session-1", new Date(Date.now() + 3600_000));
    expect(await findSessionUser(a.id, copiedCookieVersion, "session-1")).toBeNull();
    expect(await findSessionUser(a.id, copiedCookieVersion, "session-2")).not.toBeNull();
    // "Sign out everywhere": every session of the account.
    await revokeSessions(null, a.id);
    expect(await findSessionUser(a.id, copiedCookieVersion, "session-2")).toBeNull();

    await expect(changeOwnPassword(actor, "not it", "new password 99")).rejects.toThrow(/current password/);
    const before = (await db.adminUser.findUniqueOrThrow({ where: { id: a.id } })).sessionVersion;
    await changeOwnPassword(actor, "first password 1", "new password 99");
    expect(await findSessionUser(a.id, before)).toBeNull();
    expect((await authenticate("a@example.com", "first password 1", "192.0.2.1")).ok).toBe(false);
    expect((await authenticate("a@example.com", "new password 99", "192.0.2.1")).ok).toBe(true);
    expect(
      await db.auditLog.count({ where: { action: "admin.password_change", entityId: String(a.id) } }),
    ).toBe(1);
  }, 120_000);

  it("role change and disable end the user's sessions; the last active admin cannot be demoted, disabled or deleted", async () => {
    const { a, b, actor } = await admins();
    await expect(updateAdminUser(actor, a.id, { role: "viewer" })).rejects.toThrow(
      /at least one active admin/,
    );
    await expect(updateAdminUser(actor, a.id, { disabled: true })).rejects.toThrow(
      /at least one active admin/,
    );
    await expect(deleteAdminUser(actor, a.id)).rejects.toThrow(/at least one active admin/);

    const bVersion = (await db.adminUser.findUniqueOrThrow({ where: { id: b.id } })).sessionVersion;
    await updateAdminUser(actor, b.id, { role: "admin" });
    expect(await findSessionUser(b.id, bVersion)).toBeNull();
    const promoted = await db.adminUser.findUniqueOrThrow({ where: { id: b.id } });
    expect(promoted.role).toBe("admin");
    expect((await findSessionUser(b.id, promoted.sessionVersion))?.role).toBe("admin");

    await updateAdminUser(actor, b.id, { disabled: true });
    const disabled = await db.adminUser.findUniqueOrThrow({ where: { id: b.id } });
    expect(disabled.disabledAt).not.toBeNull();
    expect(await findSessionUser(b.id, disabled.sessionVersion)).toBeNull();
    await updateAdminUser(actor, b.id, { disabled: false });
    await deleteAdminUser(actor, b.id);
    expect(await db.adminUser.count({ where: { id: b.id } })).toBe(0);
    expect(await db.auditLog.count({ where: { action: { in: ["admin.update", "admin.delete"] } } })).toBe(4);
  }, 120_000);
});
