// Outreach services against a real PostgreSQL: optimistic locking, bulk add, the 30-day warning,
// outcome resolution from a crafted billing history, and the ranked-list reads they feed.
import { beforeEach, describe, expect, it } from "vitest";
import { truncateAll, useTestDatabase } from "@/lib/test/db";
import { ConflictError, UserFacingError } from "./errors";
import {
  addToOutreach,
  markContactedBulk,
  markOutreachDone,
  resolveOutreachOutcomes,
  updateOutreach,
} from "./outreach";
import { rankedListForExport, rankedListPage } from "@/lib/data/ranked-lists";
import { conversionByList, outreachBoard, outreachPage } from "@/lib/data/outreach";

const db = useTestDatabase();
const DAY = 86_400_000;
const NOW = new Date("2025-06-02T12:00:00Z");
const daysAgo = (d: number) => new Date(NOW.getTime() - d * DAY);

async function admin(email = "a@x.test", role: "admin" | "viewer" = "admin") {
  return db.adminUser.create({ data: { email, passwordHash: "x", role } });
}
async function member(
  name: string,
  extra: { doNotContact?: boolean; currentTier?: number; tags?: string[] } = {},
) {
  return db.member.create({
    data: { displayName: name, primaryEmail: `${name.toLowerCase()}@m.test`, ...extra },
  });
}
async function planChange(
  memberId: number,
  fromTier: number,
  toTier: number,
  at: Date,
  key = `c${Math.random()}`,
) {
  const sub = await db.subscription.upsert({
    where: { source_externalId: { source: "test", externalId: `sub-${memberId}` } },
    create: {
      memberId,
      source: "test",
      externalId: `sub-${memberId}`,
      status: "active",
      startedAt: daysAgo(400),
    },
    update: {},
  });
  const kind =
    toTier === 0 ? "cancel" : toTier > fromTier ? (fromTier === 0 ? "new" : "upgrade") : "downgrade";
  await db.subscriptionChange.create({
    data: {
      subscriptionId: sub.id,
      memberId,
      source: "test",
      externalId: key,
      kind,
      fromTier,
      toTier,
      toPlanKey: toTier ? `plan${toTier}` : null,
      occurredAt: at,
    },
  });
}

beforeEach(() => truncateAll(db));

describe("updateOutreach (optimistic locking)", () => {
  it("lets the first of two edits with the same version win and rejects the second", async () => {
    const a = await admin();
    const m = await member("Ada");
    const row = await db.outreach.create({ data: { memberId: m.id, kind: "upgrade", list: "candidates" } });
    const first = await updateOutreach(
      a,
      { id: row.id, version: row.version, note: "first", status: "contacted" },
      NOW,
    );
    expect(first.version).toBe(row.version + 1);
    expect(first.contactedAt?.toISOString()).toBe(NOW.toISOString());
    await expect(
      updateOutreach(a, { id: row.id, version: row.version, note: "second" }, NOW),
    ).rejects.toBeInstanceOf(ConflictError);
    const stored = await db.outreach.findUniqueOrThrow({ where: { id: row.id } });
    expect(stored.note).toBe("first");
    expect(stored.version).toBe(2);
    const audits = await db.auditLog.findMany({ where: { entity: "outreach", entityId: String(row.id) } });
    expect(audits).toHaveLength(1);
    expect(audits[0].action).toBe("outreach.update");
  });

  it("sets outcome_at on an outcome status and refuses a viewer as assignee", async () => {
    const a = await admin();
    const v = await admin("v@x.test", "viewer");
    const m = await member("Bo");
    const row = await db.outreach.create({
      data: {
        memberId: m.id,
        kind: "upgrade",
        list: "candidates",
        status: "contacted",
        contactedAt: daysAgo(3),
      },
    });
    const moved = await updateOutreach(a, { id: row.id, version: 1, status: "upgraded" }, NOW);
    expect(moved.status).toBe("upgraded");
    expect(moved.outcomeAt?.toISOString()).toBe(NOW.toISOString());
    expect(moved.contactedAt?.toISOString()).toBe(daysAgo(3).toISOString());
    await expect(updateOutreach(a, { id: row.id, version: 2, assigneeId: v.id })).rejects.toBeInstanceOf(
      UserFacingError,
    );
  });
});

describe("addToOutreach", () => {
  it("creates to-dos, skipping do-not-contact members and members already open on the list", async () => {
    const a = await admin();
    const ok = await member("Cy");
    const dnc = await member("Di", { doNotContact: true });
    const open = await member("Ed");
    await db.outreach.create({
      data: { memberId: open.id, kind: "upgrade", list: "candidates", status: "contacted" },
    });
    const result = await addToOutreach(a, {
      memberIds: [ok.id, dnc.id, open.id, 999_999],
      list: "candidates",
    });
    expect(result.created).toHaveLength(1);
    expect(result.skippedDoNotContact).toEqual([dnc.id]);
    expect(result.skippedAlreadyOpen).toEqual([open.id]);
    expect(result.skippedMissing).toEqual([999_999]);
    const rows = await db.outreach.findMany({ where: { memberId: { in: [ok.id, dnc.id] } } });
    expect(rows.map((r) => [r.memberId, r.status, r.kind])).toEqual([[ok.id, "todo", "upgrade"]]);
  });
});

describe("markOutreachDone", () => {
  it("warns before contacting someone contacted in the last 30 days, then records on confirmation", async () => {
    const a = await admin();
    const m = await member("Flo", { currentTier: 1 });
    await db.outreach.create({
      data: {
        memberId: m.id,
        kind: "renewal",
        list: "at-risk",
        status: "no_response",
        contactedAt: daysAgo(10),
      },
    });
    const warned = await markOutreachDone(a, { memberId: m.id, list: "at-risk", confirmRecent: false }, NOW);
    expect(warned.status).toBe("warning");
    if (warned.status === "warning") expect(warned.message).toMatch(/10 days ago/);
    expect(await db.outreach.count({ where: { memberId: m.id } })).toBe(1);

    const done = await markOutreachDone(a, { memberId: m.id, list: "at-risk", confirmRecent: true }, NOW);
    expect(done.status).toBe("done");
    const rows = await db.outreach.findMany({ where: { memberId: m.id }, orderBy: { id: "asc" } });
    expect(rows).toHaveLength(2);
    expect(rows[1]).toMatchObject({
      status: "contacted",
      list: "at-risk",
      kind: "renewal",
      assigneeId: a.id,
    });
  });

  it("does not warn after 30 days, turns an open to-do into contacted and refuses do-not-contact", async () => {
    const a = await admin();
    const m = await member("Gus");
    await db.outreach.create({
      data: {
        memberId: m.id,
        kind: "upgrade",
        list: "candidates",
        status: "declined",
        contactedAt: daysAgo(45),
      },
    });
    const todo = await db.outreach.create({
      data: { memberId: m.id, kind: "upgrade", list: "candidates", status: "todo" },
    });
    const done = await markOutreachDone(a, { memberId: m.id, list: "candidates", confirmRecent: false }, NOW);
    expect(done).toMatchObject({ status: "done", outreachId: todo.id, version: 2 });
    expect((await db.outreach.findUniqueOrThrow({ where: { id: todo.id } })).status).toBe("contacted");
    const dnc = await member("Hal", { doNotContact: true });
    await expect(
      markOutreachDone(a, { memberId: dnc.id, list: "candidates", confirmRecent: true }, NOW),
    ).rejects.toThrow(/not to be contacted/);
  });
});

describe("one open outreach per member and list", () => {
  it("'Contact again' adds a contact to the open record instead of a second record, and conversion counts the member once", async () => {
    const a = await admin();
    const m = await member("Ivy", { currentTier: 0 });
    const first = await markOutreachDone(
      a,
      { memberId: m.id, list: "candidates", confirmRecent: false, channel: "email" },
      daysAgo(5),
    );
    const again = await markOutreachDone(
      a,
      { memberId: m.id, list: "candidates", confirmRecent: true, channel: "call", note: "follow-up" },
      NOW,
    );
    expect(first.status).toBe("done");
    expect(again.status === "done" && first.status === "done" && again.outreachId === first.outreachId).toBe(
      true,
    );
    const rows = await db.outreach.findMany({ where: { memberId: m.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: "contacted", channel: "call" });
    expect(rows[0].contactedAt?.toISOString()).toBe(NOW.toISOString());
    const contacts = await db.outreachContact.findMany({
      where: { outreachId: rows[0].id },
      orderBy: { contactedAt: "asc" },
    });
    expect(contacts.map((c) => [c.channel, c.note])).toEqual([
      ["email", null],
      ["call", "follow-up"],
    ]);
    await planChange(m.id, 0, 1, new Date(NOW.getTime() + DAY));
    await db.outreach.update({ where: { id: rows[0].id }, data: { status: "upgraded" } });
    expect((await conversionByList()).find((c) => c.key === "candidates")).toMatchObject({
      contacted: 1,
      converted: 1,
      claimed: 0,
    });
  });

  it("is enforced by the database: a second open record for the same member and list is refused", async () => {
    const m = await member("Jo");
    await db.outreach.create({
      data: { memberId: m.id, kind: "upgrade", list: "candidates", status: "todo" },
    });
    await expect(
      db.outreach.create({
        data: { memberId: m.id, kind: "upgrade", list: "candidates", status: "contacted" },
      }),
    ).rejects.toThrow();
    // Closed records and other lists do not count.
    await db.outreach.create({
      data: { memberId: m.id, kind: "upgrade", list: "candidates", status: "declined" },
    });
    await db.outreach.create({ data: { memberId: m.id, kind: "renewal", list: "at-risk", status: "todo" } });
    expect(await db.outreach.count({ where: { memberId: m.id } })).toBe(3);
  });

  it("refuses to reopen a closed record while another is open, with a message", async () => {
    const a = await admin();
    const m = await member("Kim");
    const closed = await db.outreach.create({
      data: { memberId: m.id, kind: "upgrade", list: "candidates", status: "declined" },
    });
    await db.outreach.create({
      data: { memberId: m.id, kind: "upgrade", list: "candidates", status: "todo" },
    });
    await expect(updateOutreach(a, { id: closed.id, version: 1, status: "contacted" }, NOW)).rejects.toThrow(
      /already has an open outreach record/,
    );
  });

  it("bulk 'Mark contacted' records the channel, date and note once per member and skips do-not-contact", async () => {
    const a = await admin();
    const open = await member("Lu");
    const fresh = await member("Mo");
    const dnc = await member("Ned", { doNotContact: true });
    const todo = await db.outreach.create({
      data: { memberId: open.id, kind: "upgrade", list: "candidates", status: "todo" },
    });
    const result = await markContactedBulk(
      a,
      {
        memberIds: [open.id, fresh.id, dnc.id],
        list: "candidates",
        channel: "slack_dm",
        contactedAt: daysAgo(2),
        note: "meetup",
      },
      NOW,
    );
    expect(result).toEqual({
      contacted: [open.id, fresh.id],
      skippedDoNotContact: [dnc.id],
      skippedMissing: [],
    });
    const rows = await db.outreach.findMany({
      where: { list: "candidates" },
      include: { contacts: true },
      orderBy: { memberId: "asc" },
    });
    expect(
      rows.map((r) => [
        r.memberId,
        r.status,
        r.channel,
        r.contactedAt?.toISOString(),
        r.contacts.map((c) => c.note),
      ]),
    ).toEqual([
      [open.id, "contacted", "slack_dm", daysAgo(2).toISOString(), ["meetup"]],
      [fresh.id, "contacted", "slack_dm", daysAgo(2).toISOString(), ["meetup"]],
    ]);
    expect(rows[0].id).toBe(todo.id);
    await expect(
      markContactedBulk(
        a,
        {
          memberIds: [fresh.id],
          list: "candidates",
          channel: "email",
          contactedAt: new Date(NOW.getTime() + 5 * DAY),
        },
        NOW,
      ),
    ).rejects.toThrow(/future/);
  });
});

describe("conversions count only what billing shows", () => {
  it("shows a hand-set 'Upgraded' as claimed until billing has the upgrade", async () => {
    const a = await admin();
    const m = await member("Oz", { currentTier: 0 });
    const row = await db.outreach.create({
      data: {
        memberId: m.id,
        kind: "upgrade",
        list: "candidates",
        status: "contacted",
        contactedAt: daysAgo(10),
      },
    });
    await updateOutreach(a, { id: row.id, version: 1, status: "upgraded" }, NOW);
    expect((await conversionByList()).find((c) => c.key === "candidates")).toMatchObject({
      contacted: 1,
      converted: 0,
      claimed: 1,
    });
    expect((await outreachPage({}, { pageIndex: 0, pageSize: 10, sorting: [] })).rows[0]).toMatchObject({
      status: "upgraded",
      claimed: true,
    });
    await planChange(m.id, 0, 1, daysAgo(3));
    expect((await conversionByList()).find((c) => c.key === "candidates")).toMatchObject({
      converted: 1,
      claimed: 0,
    });
    expect((await outreachPage({}, { pageIndex: 0, pageSize: 10, sorting: [] })).rows[0]).toMatchObject({
      claimed: false,
    });
  });
});

describe("resolveOutreachOutcomes", () => {
  it("resolves upgrades, renewals and declines from the plan history within 8 weeks of contact", async () => {
    const upgrader = await member("Upgrader", { currentTier: 1 });
    const lateUpgrader = await member("Late", { currentTier: 1 });
    const waiting = await member("Waiting");
    const stayer = await member("Stayer", { currentTier: 2 });
    const canceller = await member("Canceller", { currentTier: 0 });
    const mk = (memberId: number, kind: string, contactedDaysAgo: number) =>
      db.outreach.create({
        data: {
          memberId,
          kind,
          list: kind === "upgrade" ? "candidates" : "at-risk",
          status: "contacted",
          contactedAt: daysAgo(contactedDaysAgo),
        },
      });
    const o1 = await mk(upgrader.id, "upgrade", 30);
    await planChange(upgrader.id, 0, 1, daysAgo(20));
    const o2 = await mk(lateUpgrader.id, "upgrade", 100);
    await planChange(lateUpgrader.id, 0, 1, daysAgo(20)); // 80 days after contact: outside the horizon
    const o3 = await mk(waiting.id, "upgrade", 10); // horizon still open: untouched
    const o4 = await mk(stayer.id, "renewal", 70);
    await planChange(stayer.id, 0, 2, daysAgo(300));
    const o5 = await mk(canceller.id, "renewal", 20);
    await planChange(canceller.id, 1, 0, daysAgo(5));

    const result = await resolveOutreachOutcomes(NOW);
    expect(result).toEqual({ upgraded: 1, renewed: 1, declined: 2 });
    const byId = new Map((await db.outreach.findMany()).map((o) => [o.id, o]));
    expect(byId.get(o1.id)).toMatchObject({
      status: "upgraded",
      outcome: "Moved to plan1",
      outcomeAt: daysAgo(20),
    });
    expect(byId.get(o2.id)).toMatchObject({
      status: "declined",
      outcomeAt: new Date(daysAgo(100).getTime() + 56 * DAY),
    });
    expect(byId.get(o3.id)).toMatchObject({ status: "contacted", outcomeAt: null });
    expect(byId.get(o4.id)).toMatchObject({
      status: "renewed",
      outcomeAt: new Date(daysAgo(70).getTime() + 56 * DAY),
    });
    expect(byId.get(o5.id)).toMatchObject({ status: "declined", outcomeAt: daysAgo(5) });
    expect(await resolveOutreachOutcomes(NOW)).toEqual({ upgraded: 0, renewed: 0, declined: 0 });
    expect(await db.auditLog.count({ where: { action: "outreach.outcome" } })).toBe(4);

    const conversion = await conversionByList();
    const candidates = conversion.find((c) => c.key === "candidates");
    expect(candidates).toMatchObject({ contacted: 3, converted: 1 });
  });
});

describe("ranked list reads", () => {
  it("reads the latest snapshot, hides do-not-contact members, filters, sorts and exports everything", async () => {
    const org = await db.organization.create({ data: { name: "Acme", slug: "acme" } });
    const ms = [];
    for (let i = 0; i < 5; i++) ms.push(await member(`M${i}`, { tags: i % 2 ? ["mentor"] : [] }));
    const dnc = await member("Hidden", { doNotContact: true });
    await db.affiliation.create({
      data: { memberId: ms[0].id, orgId: org.id, startsAt: daysAgo(100), origin: "manual" },
    });
    const snap = (asOf: string, memberId: number, rank: number, prevRank: number | null, score: number) =>
      db.scoreSnapshot.create({
        data: {
          kind: "candidates",
          asOf: new Date(asOf),
          memberId,
          rawScore: -rank, // ranked at read by raw score: -rank puts the member at `rank`
          prevRank,
          score,
          modelVersion: "t",
          reasons: [{ text: `reason ${rank}`, weight: 1.5 }],
          activity12w: [1, 2, 3],
        },
      });
    await snap("2025-05-26", ms[4].id, 1, null, 0.99); // an older snapshot: ignored
    for (let i = 0; i < 5; i++)
      await snap("2025-06-02", ms[i].id, i + 1, i === 0 ? null : i + 2, 0.9 - i * 0.1);
    await snap("2025-06-02", dnc.id, 6, 6, 0.3);
    await db.outreach.create({
      data: {
        memberId: ms[2].id,
        kind: "upgrade",
        list: "candidates",
        status: "contacted",
        contactedAt: daysAgo(3),
      },
    });

    const paging = { pageIndex: 0, pageSize: 2, sorting: [] };
    // Open outreach (M2, contacted) is hidden by default and counted; outreach=show brings it back.
    const page = await rankedListPage("candidates", {}, paging);
    expect(page.total).toBe(4);
    expect(page.hiddenOpenOutreach).toBe(1);
    expect((await rankedListPage("candidates", { outreach: "show" }, paging)).total).toBe(5);
    expect(page.rows[0].segment).toBe("first upgrade");
    expect(page.asOf).toBe("2025-06-02");
    expect(page.rows.map((r) => r.name)).toEqual(["M0", "M1"]);
    expect(page.rows[0]).toMatchObject({
      rankChange: null,
      orgName: "Acme",
      reasons: [{ text: "reason 1", weight: 1.5 }],
    });
    expect(page.rows[1].rankChange).toBe(1);

    expect((await rankedListPage("candidates", { tag: "mentor" }, paging)).total).toBe(2);
    expect((await rankedListPage("candidates", { org: org.id }, paging)).rows.map((r) => r.name)).toEqual([
      "M0",
    ]);
    expect(
      (await rankedListPage("candidates", { status: "contacted" }, paging)).rows.map((r) => r.name),
    ).toEqual(["M2"]);
    expect((await rankedListPage("candidates", { status: "none" }, paging)).total).toBe(4);
    expect(
      (await rankedListPage("candidates", { scoreMin: 65, scoreMax: 85, outreach: "show" }, paging)).rows.map(
        (r) => r.name,
      ),
    ).toEqual(["M1", "M2"]);
    const byContact = await rankedListPage(
      "candidates",
      { outreach: "show" },
      { ...paging, sorting: [{ id: "lastContacted", desc: true }] },
    );
    expect(byContact.rows[0].name).toBe("M2");
    expect(byContact.rows[0].lastContactedAt).toBe(daysAgo(3).toISOString());

    const exported = [];
    for await (const chunk of rankedListForExport("candidates", {}, [{ id: "score", desc: false }], 2))
      exported.push(...chunk);
    expect(exported.map((r) => r.name)).toEqual(["M4", "M3", "M1", "M0"]);
  });
});

describe("outreach tracker reads", () => {
  it("pages and filters records and groups the board by status", async () => {
    const a = await admin();
    const m1 = await member("P1");
    const m2 = await member("P2");
    await db.outreach.create({
      data: { memberId: m1.id, kind: "upgrade", list: "candidates", status: "todo", assigneeId: a.id },
    });
    await db.outreach.create({
      data: { memberId: m2.id, kind: "renewal", list: "at-risk", status: "upgraded" },
    });
    const all = await outreachPage({}, { pageIndex: 0, pageSize: 10, sorting: [] });
    expect(all.total).toBe(2);
    expect(
      (await outreachPage({ assignee: a.id }, { pageIndex: 0, pageSize: 10, sorting: [] })).rows.map(
        (r) => r.memberName,
      ),
    ).toEqual(["P1"]);
    expect(
      (await outreachPage({ assignee: "none" }, { pageIndex: 0, pageSize: 10, sorting: [] })).rows.map(
        (r) => r.memberName,
      ),
    ).toEqual(["P2"]);
    const board = await outreachBoard({ kind: "renewal" });
    expect(board.find((c) => c.status === "upgraded")?.cards.map((c) => c.memberName)).toEqual(["P2"]);
    expect(board.find((c) => c.status === "todo")?.total).toBe(0);
  });
});
