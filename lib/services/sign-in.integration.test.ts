// #18 items 2 and 3: sign-in counters are atomic under parallel guesses, the back-off is per
// (email, address) so an outsider cannot lock the owner out, every refusal looks the same, and
// `admin:unlock` clears a back-off.
import { beforeEach, describe, expect, it } from "vitest";
import { truncateAll, useTestDatabase } from "@/lib/test/db";
import { createAdminUser } from "./admin-users";
import { authenticate, FIRST_BACKOFF_SECONDS, FREE_ATTEMPTS, unlockAccount } from "./sign-in";

const db = useTestDatabase();
const EMAIL = "admin@example.com";
const PASSWORD = "correct horse battery";

describe("sign-in back-off", () => {
  beforeEach(async () => {
    await truncateAll(db);
    await createAdminUser(null, { email: EMAIL, role: "admin", password: PASSWORD });
  });

  it("counts every one of many parallel wrong guesses: only the free attempts are tried, the right password in the burst is refused", async () => {
    const now = new Date();
    const burst = [
      ...Array.from({ length: 24 }, () => "wrong"),
      PASSWORD,
      ...Array.from({ length: 15 }, () => "wrong"),
    ];
    // The first FREE_ATTEMPTS guesses are wrong ones sent first, so the right one arrives after them.
    const first = await Promise.all(
      burst.slice(0, FREE_ATTEMPTS).map((p) => authenticate(EMAIL, p, "203.0.113.9", now)),
    );
    const rest = await Promise.all(
      burst.slice(FREE_ATTEMPTS).map((p) => authenticate(EMAIL, p, "203.0.113.9", now)),
    );
    expect([...first, ...rest].every((r) => !r.ok)).toBe(true);
    const user = await db.adminUser.findUniqueOrThrow({ where: { email: EMAIL } });
    expect(user.failedLogins).toBe(FREE_ATTEMPTS); // the old read-then-write counter ended at 3
    const row = await db.loginBackoff.findUniqueOrThrow({
      where: { email_address: { email: EMAIL, address: "203.0.113.9" } },
    });
    expect(row.failures).toBe(FREE_ATTEMPTS);
    expect(row.blockedUntil!.getTime()).toBe(now.getTime() + FIRST_BACKOFF_SECONDS * 1000);
  }, 120_000);

  it("parallel guesses never verify more passwords than the free attempts", async () => {
    const now = new Date();
    const results = await Promise.all(
      Array.from({ length: 40 }, () => authenticate(EMAIL, "wrong", "198.51.100.7", now)),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(0);
    expect((await db.adminUser.findUniqueOrThrow({ where: { email: EMAIL } })).failedLogins).toBe(
      FREE_ATTEMPTS,
    );
  }, 120_000);

  it("an outsider's failures do not lock the owner out at another address; the back-off ends by itself and doubles", async () => {
    const now = new Date("2026-03-01T10:00:00Z");
    for (let i = 0; i < 12; i++)
      expect(await authenticate(EMAIL, "wrong", "203.0.113.9", now)).toEqual({ ok: false });
    expect((await authenticate(EMAIL, PASSWORD, "192.0.2.10", now)).ok).toBe(true);
    // The attacker's address is in back-off, even with the right password, and learns nothing from it.
    expect(await authenticate(EMAIL, PASSWORD, "203.0.113.9", now)).toEqual({ ok: false });
    const later = new Date(now.getTime() + FIRST_BACKOFF_SECONDS * 1000);
    expect(await authenticate(EMAIL, "wrong", "203.0.113.9", later)).toEqual({ ok: false });
    const row = await db.loginBackoff.findUniqueOrThrow({
      where: { email_address: { email: EMAIL, address: "203.0.113.9" } },
    });
    expect(row.blockedUntil!.getTime() - later.getTime()).toBe(2 * FIRST_BACKOFF_SECONDS * 1000);
  }, 120_000);

  it("answers an unknown account exactly like a wrong password, back-off included", async () => {
    const now = new Date();
    for (let i = 0; i < FREE_ATTEMPTS + 2; i++) {
      expect(await authenticate("nobody@example.com", "x", "203.0.113.9", now)).toEqual({ ok: false });
      expect(await authenticate(EMAIL, "x", "203.0.113.9", now)).toEqual({ ok: false });
    }
    const rows = await db.loginBackoff.findMany({ orderBy: { email: "asc" } });
    expect(rows.map((r) => [r.email, r.failures])).toEqual([
      [EMAIL, FREE_ATTEMPTS],
      ["nobody@example.com", FREE_ATTEMPTS],
    ]);
  }, 120_000);

  it("admin:unlock clears the back-off at once; a disabled account never signs in", async () => {
    const now = new Date();
    for (let i = 0; i < FREE_ATTEMPTS; i++) await authenticate(EMAIL, "wrong", "203.0.113.9", now);
    expect(await authenticate(EMAIL, PASSWORD, "203.0.113.9", now)).toEqual({ ok: false });
    expect(await unlockAccount("Admin@Example.com")).toEqual({ cleared: 1, found: true });
    expect((await authenticate(EMAIL, PASSWORD, "203.0.113.9", now)).ok).toBe(true);
    expect(await db.auditLog.count({ where: { action: "admin.unlock" } })).toBe(1);
    await db.adminUser.update({ where: { email: EMAIL }, data: { disabledAt: now } });
    expect(await authenticate(EMAIL, PASSWORD, "192.0.2.10", now)).toEqual({ ok: false });
  }, 120_000);
});
