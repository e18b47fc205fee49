// Alert triage against a real PostgreSQL: dismissed and snoozed alerts leave the open feed and come
// back when restored or when the snooze ends; a member's alert becomes one outreach to-do.
import { beforeEach, describe, expect, it } from "vitest";
import { truncateAll, useTestDatabase } from "@/lib/test/db";
import { listAlerts } from "@/lib/data/alerts";
import { alertToOutreach, dismissAlerts, restoreAlerts, snoozeAlerts } from "./alert-triage";

const db = useTestDatabase();
beforeEach(() => truncateAll(db));

async function setup() {
  const admin = await db.adminUser.create({ data: { email: "a@x.test", passwordHash: "x", role: "admin" } });
  const member = await db.member.create({ data: { displayName: "Quiet Quinn", currentTier: 1 } });
  const week = new Date("2026-11-23T00:00:00Z");
  const alerts = await Promise.all(
    ["quiet", "drop", "welcome_back"].map((kind, i) =>
      db.alert.create({
        data: {
          kind,
          memberId: member.id,
          message: `${kind} alert`,
          dedupeKey: `${kind}:${i}`,
          occurredAt: week,
        },
      }),
    ),
  );
  return { admin, member, alerts, week };
}

describe("alert triage", () => {
  it("dismisses, snoozes and restores, and dates alerts by the week they are about", async () => {
    const { admin, alerts, week } = await setup();
    const open = await listAlerts({ limit: 10 });
    expect(open).toHaveLength(3);
    expect(open.every((a) => a.occurredAt.toISOString() === week.toISOString())).toBe(true);
    await dismissAlerts(admin, [alerts[0].id]);
    await snoozeAlerts(admin, [alerts[1].id], 7);
    expect((await listAlerts({ limit: 10 })).map((a) => a.id)).toEqual([alerts[2].id]);
    expect((await listAlerts({ limit: 10, state: "dismissed" })).map((a) => a.id)).toEqual([alerts[0].id]);
    expect((await listAlerts({ limit: 10, state: "snoozed" })).map((a) => a.id)).toEqual([alerts[1].id]);
    // A snooze that has ended puts the alert back in the open feed.
    await db.alert.update({
      where: { id: alerts[1].id },
      data: { snoozedUntil: new Date(Date.now() - 1000) },
    });
    expect((await listAlerts({ limit: 10 })).map((a) => a.id).sort()).toEqual(
      [alerts[1].id, alerts[2].id].sort(),
    );
    await restoreAlerts(admin, [alerts[0].id]);
    expect(await listAlerts({ limit: 10 })).toHaveLength(3);
    expect(await db.auditLog.count({ where: { entity: "alert" } })).toBe(3);
  });

  it("turns a member's alert into one outreach to-do with the alert as its note", async () => {
    const { admin, member, alerts } = await setup();
    const first = await alertToOutreach(admin, alerts[0].id);
    const second = await alertToOutreach(admin, alerts[1].id);
    expect(first.status).toBe("created");
    expect(second).toEqual({ status: "already_open", outreachId: first.outreachId });
    const rows = await db.outreach.findMany({ where: { memberId: member.id } });
    expect(rows.map((r) => [r.list, r.kind, r.status, r.note])).toEqual([
      ["member", "renewal", "todo", "quiet alert"],
    ]);
    await db.member.update({ where: { id: member.id }, data: { doNotContact: true } });
    await db.outreach.deleteMany({});
    await expect(alertToOutreach(admin, alerts[2].id)).rejects.toThrow(/not to be contacted/);
  });
});
