// activity_events.member_id has no foreign key (it cost a fifth of PostgreSQL's import work): these tests
// hold the code to the guarantee the key gave. No event points at a missing member after imports, a
// merge, its undo and an erasure; an import and an erasure of the same member running at once never
// leave orphans, whichever of them reaches the member first.
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { truncateAll, useTestDatabase as openTestDatabase } from "@/lib/test/db";
import { FIXTURES } from "@/lib/ingest/__fixtures__/test-helpers";
import { writeRecords } from "@/lib/ingest/persist/records";
import { MembersChangedError } from "@/lib/ingest/persist/identity-rows";
import type { EventRecord } from "@/lib/ingest/types";
import { mergeMembers, unmergeMembers } from "@/lib/services/identity/merge";
import { eraseMember } from "@/lib/services/privacy";
import { newIdentityResolver } from "./resolver";
import { runImport } from "./run-import";
import { memberOf } from "./import-test-helpers";

const db = openTestDatabase();
const admin = { id: 0, email: "admin@example.com", name: null, role: "admin" as const, timeZone: "UTC" };

beforeEach(async () => {
  await truncateAll(db);
  admin.id = (
    await db.adminUser.create({ data: { email: admin.email, passwordHash: "x", role: "admin" } })
  ).id;
});

async function orphanEvents(): Promise<number> {
  const [row] = await db.$queryRaw<{ n: number }[]>`
    select count(*)::int as n from activity_events e where not exists (select 1 from members m where m.id = e.member_id)`;
  return row.n;
}

async function eventsOf(memberId: number): Promise<number> {
  return db.activityEvent.count({ where: { memberId } });
}

const event = (actor: string, id: string): EventRecord => ({
  kind: "event",
  source: "forum",
  externalId: id,
  actor: { source: "forum", externalId: actor },
  type: "forum_post",
  occurredAt: new Date("2025-03-01T10:00:00Z"),
});

/** Two forum members with two events each, imported as an importer writes them. */
async function twoMembers(): Promise<[number, number]> {
  await db.$transaction((tx) =>
    writeRecords(tx, newIdentityResolver(), [
      event("ana", "p1"),
      event("ana", "p2"),
      event("bo", "p3"),
      event("bo", "p4"),
    ]),
  );
  return [(await memberOf(db, "forum", "ana"))!, (await memberOf(db, "forum", "bo"))!];
}

describe("events always belong to a member", () => {
  it("after imports, a merge, its undo and an erasure", async () => {
    for (const [source, file] of [
      ["jsonl", "canonical/mixed.jsonl"],
      ["git", "git-log-sample.txt"],
      ["github", "gharchive-sample.jsonl"],
    ] as const) {
      const summary = await runImport({
        source,
        file: path.join(FIXTURES, file),
        repository: "acme/widgets",
      });
      expect(summary.status, `${source}: ${summary.error}`).toBe("succeeded");
    }
    expect(await db.activityEvent.count()).toBeGreaterThan(10);
    expect(await orphanEvents()).toBe(0);

    const [ana, bo] = await twoMembers();
    const merged = await mergeMembers(admin, { survivorId: ana, mergedId: bo, reason: "same person" });
    expect(await eventsOf(ana)).toBe(4);
    expect(await orphanEvents()).toBe(0);

    await unmergeMembers(admin, merged.mergeId);
    expect([await eventsOf(ana), await eventsOf(bo)]).toEqual([2, 2]);
    expect(await orphanEvents()).toBe(0);

    const before = await db.activityEvent.count();
    await eraseMember(admin, bo);
    expect(await db.activityEvent.count()).toBe(before - 2);
    expect(await orphanEvents()).toBe(0);
  });

  it("fails an import whose member was merged away after it read the identity, and keeps nothing of it", async () => {
    const [ana, bo] = await twoMembers();
    const attempt = db.$transaction(async (tx) => {
      const resolver = newIdentityResolver();
      // The run reads ana's identity (no lock yet) ...
      await resolver.ensureActors(tx, [{ source: "forum", externalId: "ana" }]);
      // ... and an admin merges ana into bo before the run writes her events. (An erasure here is caught
      // earlier: its tombstones drop the erased person's records.)
      await mergeMembers(admin, { survivorId: bo, mergedId: ana, reason: "same person" });
      await writeRecords(tx, resolver, [event("ana", "p5")]);
    });
    await expect(attempt).rejects.toBeInstanceOf(MembersChangedError);
    expect(await db.activityEvent.count({ where: { externalId: "p5" } })).toBe(0);
    expect(await orphanEvents()).toBe(0);
  });

  it("makes an erasure wait for an import writing the member's events, then deletes those too", async () => {
    const [ana, bo] = await twoMembers();
    let erasure: Promise<unknown> | undefined;
    let erasedWhileImporting = false;
    await db.$transaction(async (tx) => {
      await writeRecords(tx, newIdentityResolver(), [event("ana", "p5"), event("bo", "p6")]);
      erasure = eraseMember(admin, ana).then(() => (erasedWhileImporting = true));
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(erasedWhileImporting).toBe(false);
    });
    await erasure;
    expect(await eventsOf(ana)).toBe(0);
    expect(await eventsOf(bo)).toBe(3);
    expect(await orphanEvents()).toBe(0);
  });
});
