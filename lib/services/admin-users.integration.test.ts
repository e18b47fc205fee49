// Sign-in: the right password works, five wrong ones lock the account (even against the right
// password) until the lockout passes; passwords are stored as slow bcrypt hashes.
import { beforeEach, describe, expect, it } from "vitest";
import { truncateAll, useTestDatabase } from "@/lib/test/db";
import { authenticate, createAdminUser, ensureFirstAdmin, LOCKOUT_MINUTES, MAX_FAILED_LOGINS } from "./admin-users";

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

  it("locks an account after repeated failures, then lets it in again after the lockout", async () => {
    await createAdminUser(null, { email: "a@example.com", role: "admin", password: "correct horse battery" });
    const now = new Date("2026-01-01T10:00:00Z");
    for (let i = 1; i < MAX_FAILED_LOGINS; i++) expect(await authenticate("a@example.com", "wrong", now)).toEqual({ ok: false, reason: "invalid" });
    expect(await authenticate("a@example.com", "wrong", now)).toEqual({ ok: false, reason: "locked" });
    expect(await authenticate("a@example.com", "correct horse battery", now)).toEqual({ ok: false, reason: "locked" });
    const later = new Date(now.getTime() + (LOCKOUT_MINUTES + 1) * 60_000);
    const result = await authenticate("A@example.com ", "correct horse battery", later);
    expect(result.ok).toBe(true);
    expect(await db.auditLog.count({ where: { action: "admin.lockout" } })).toBe(1);
  }, 60_000);

  it("answers an unknown email like a wrong password", async () => {
    expect(await authenticate("nobody@example.com", "whatever")).toEqual({ ok: false, reason: "invalid" });
  });
});
