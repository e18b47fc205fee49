// Ranked-list reads that pages lean on under load: filter choices from the latest snapshot (reused
// for a minute per snapshot, so a new snapshot shows at once) and the unfiltered total without laterals.
import { beforeEach, describe, expect, it } from "vitest";
// Aliased: the hooks lint rule reads any "use…" call as a React hook.
import { truncateAll, useTestDatabase as openTestDatabase } from "@/lib/test/db";
import { rankedListFilterOptions, rankedListPage } from "./ranked-lists";
import { topRanked } from "./overview";

const db = openTestDatabase();
beforeEach(() => truncateAll(db));

async function snapshotMember(
  name: string,
  asOf: string,
  rank: number,
  extra: { tags?: string[]; doNotContact?: boolean; source?: string; org?: string } = {},
) {
  const m = await db.member.create({
    data: { displayName: name, tags: extra.tags ?? [], doNotContact: extra.doNotContact ?? false },
  });
  if (extra.source)
    await db.identity.create({ data: { memberId: m.id, source: extra.source, externalId: name } });
  if (extra.org) {
    const org = await db.organization.create({ data: { name: extra.org, slug: extra.org.toLowerCase() } });
    await db.affiliation.create({
      data: { memberId: m.id, orgId: org.id, startsAt: new Date("2025-01-01"), origin: "manual" },
    });
  }
  await db.scoreSnapshot.create({
    data: {
      kind: "candidates",
      asOf: new Date(asOf),
      memberId: m.id,
      rawScore: -rank, // ranked at read by raw score: -rank puts the member at `rank`
      score: 1 - rank / 10,
      modelVersion: "t",
      reasons: [],
    },
  });
  return m;
}

describe("ranked list filter choices and totals", () => {
  it("offers what occurs in the latest snapshot, leaves out do-not-contact members, and follows a new snapshot at once", async () => {
    await snapshotMember("A", "2025-06-02", 1, { tags: ["mentor"], source: "slack", org: "Acme" });
    await snapshotMember("B", "2025-06-02", 2, { tags: ["speaker"], source: "github" });
    await snapshotMember("Hidden", "2025-06-02", 3, {
      tags: ["secret"],
      source: "forum",
      doNotContact: true,
    });

    const first = await rankedListFilterOptions("candidates");
    expect(first.tags).toEqual(["mentor", "speaker"]);
    expect(first.sources).toEqual(["github", "slack"]);
    expect(first.orgs.map((o) => o.label)).toEqual(["Acme"]);
    expect(first.tiers.map((t) => t.value)).toEqual([0]);
    expect((await rankedListPage("candidates", {}, { pageIndex: 0, pageSize: 1, sorting: [] })).total).toBe(
      2,
    );

    // A new snapshot (a later as-of date) is a new key: its choices show without waiting for the cache.
    await snapshotMember("C", "2025-06-09", 1, { tags: ["organiser"], source: "meetup" });
    const next = await rankedListFilterOptions("candidates");
    expect(next.tags).toEqual(["organiser"]);
    expect(next.sources).toEqual(["meetup"]);
    expect((await rankedListPage("candidates", {}, { pageIndex: 0, pageSize: 1, sorting: [] })).total).toBe(
      1,
    );
  });

  it("has no choices before the first snapshot", async () => {
    expect(await rankedListFilterOptions("at-risk")).toEqual({ tiers: [], orgs: [], sources: [], tags: [] });
    expect(await rankedListPage("at-risk", {}, { pageIndex: 0, pageSize: 10, sorting: [] })).toMatchObject({
      total: 0,
      asOf: null,
      rows: [],
    });
  });
});

describe("win-back candidates", () => {
  it("label members who paid before the snapshot's day as win-back, a segment of their own", async () => {
    const paidBefore = await snapshotMember("Lapsed", "2025-06-02", 1);
    await snapshotMember("Never", "2025-06-02", 2);
    const later = await snapshotMember("Later", "2025-06-02", 3);
    const sub = (memberId: number, key: string) =>
      db.subscription.create({
        data: {
          memberId,
          source: "stripe",
          externalId: key,
          tierRank: 0,
          status: "canceled",
          startedAt: new Date("2025-01-05"),
        },
      });
    const s1 = await sub(paidBefore.id, "sub_1");
    await db.subscriptionChange.create({
      data: {
        subscriptionId: s1.id,
        memberId: paidBefore.id,
        source: "stripe",
        externalId: "c1",
        kind: "new",
        toTier: 1,
        occurredAt: new Date("2025-01-05"),
      },
    });
    // A first payment after the snapshot's day does not make a past candidate a win-back.
    const s2 = await sub(later.id, "sub_2");
    await db.subscriptionChange.create({
      data: {
        subscriptionId: s2.id,
        memberId: later.id,
        source: "stripe",
        externalId: "c2",
        kind: "new",
        toTier: 1,
        occurredAt: new Date("2025-07-01"),
      },
    });
    const paging = { pageIndex: 0, pageSize: 10, sorting: [] };
    const all = await rankedListPage("candidates", {}, paging);
    expect(all.rows.map((r) => [r.name, r.segment])).toEqual([
      ["Lapsed", "win-back"],
      ["Never", "first upgrade"],
      ["Later", "first upgrade"],
    ]);
    expect(
      (await rankedListPage("candidates", { segment: "winback" }, paging)).rows.map((r) => r.name),
    ).toEqual(["Lapsed"]);
    expect((await rankedListPage("candidates", { segment: "first" }, paging)).total).toBe(2);
  });
});

describe("the Overview's top-ranked card", () => {
  it("names the list's first members: open outreach and do-not-contact left out as the list leaves them out", async () => {
    const day = "2026-03-01";
    const first = await snapshotMember("First", day, 1);
    await snapshotMember("Second", day, 2, { doNotContact: true });
    await snapshotMember("Third", day, 3);
    await snapshotMember("Fourth", day, 4);
    await snapshotMember("Fifth", day, 5);
    // Open outreach for First; Fifth's outreach is done, so Fifth is back in the list.
    await db.outreach.create({ data: { memberId: first.id, kind: "upgrade", status: "contacted" } });
    const fifth = await db.member.findFirstOrThrow({ where: { displayName: "Fifth" } });
    await db.outreach.create({ data: { memberId: fifth.id, kind: "upgrade", status: "upgraded" } });

    const list = await rankedListPage("candidates", {}, { pageIndex: 0, pageSize: 3, sorting: [] });
    const card = await topRanked("candidates", 3);
    expect(list.rows.map((r) => r.name)).toEqual(["Third", "Fourth", "Fifth"]);
    expect(card.map((m) => m.displayName)).toEqual(list.rows.map((r) => r.name));
    // Ranks are places in the whole ranking, as the list shows them.
    expect(card.map((m) => m.rank)).toEqual(list.rows.map((r) => r.rank));
    expect(list.hiddenOpenOutreach).toBe(1);
  });
});
