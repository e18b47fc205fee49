// Exporting everything about one member, and erasing them: their rows go, other members stay,
// and the audit log records the erasure without the erased data.
import { beforeEach, describe, expect, it } from "vitest";
import { truncateAll, useTestDatabase } from "@/lib/test/db";
import { eraseMember, exportMemberData } from "./privacy";

const db = useTestDatabase();
const admin = { id: 0, email: "admin@example.com", name: null, role: "admin" as const, timeZone: "UTC" };

async function memberWithHistory(name: string, email: string) {
  const member = await db.member.create({ data: { displayName: name, primaryEmail: email } });
  const identity = await db.identity.create({
    data: { memberId: member.id, source: "slack", externalId: `U-${name}`, email },
  });
  await db.activityEvent.createMany({
    data: [1, 2, 3].map((i) => ({
      memberId: member.id,
      identityId: identity.id,
      source: "slack",
      externalId: `${name}-${i}`,
      type: "message",
      occurredAt: new Date(Date.UTC(2026, 0, i)),
    })),
  });
  await db.memberNote.create({ data: { memberId: member.id, body: `${name} asked about invoices` } });
  return member;
}

describe("privacy", () => {
  beforeEach(async () => {
    await truncateAll(db);
    admin.id = (
      await db.adminUser.create({ data: { email: admin.email, passwordHash: "x", role: "admin" } })
    ).id;
  });

  it("exports the member's profile, identities, events and notes", async () => {
    const alice = await memberWithHistory("alice", "alice@example.com");
    const data = await exportMemberData(admin, alice.id);
    expect(data.member.primaryEmail).toBe("alice@example.com");
    expect(data.member.identities).toHaveLength(1);
    expect(data.events).toHaveLength(3);
    expect(data.member.notes[0].body).toContain("invoices");
    expect(await db.auditLog.count({ where: { action: "member.export", entityId: String(alice.id) } })).toBe(
      1,
    );
  });

  it("erases one member entirely and leaves the others", async () => {
    const alice = await memberWithHistory("alice", "alice@example.com");
    const bob = await memberWithHistory("bob", "bob@example.com");
    expect(await eraseMember(admin, alice.id)).toEqual({ erased: true, events: 3, identities: 1 });
    expect(await db.member.count({ where: { id: alice.id } })).toBe(0);
    expect(await db.identity.count({ where: { memberId: alice.id } })).toBe(0);
    expect(await db.activityEvent.count({ where: { memberId: alice.id } })).toBe(0);
    expect(await db.memberNote.count({ where: { memberId: alice.id } })).toBe(0);
    expect(await db.activityEvent.count({ where: { memberId: bob.id } })).toBe(3);
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: "member.erase" } });
    expect(JSON.stringify(audit.details)).not.toContain("alice");
  });
});
