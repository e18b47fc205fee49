// One person, one member, whatever the import order: the same five sources of a known-truth community
// (Slack, GitHub, git, Stripe, members CSV) imported in six orders give the same members, the same
// identities per member, no false merge and no bot joined to anyone; then one merge is undone.
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { truncateAll, useTestDatabase as openTestDatabase } from "@/lib/test/db";
import { tempDir } from "@/lib/ingest/__fixtures__/test-helpers";
import { knownTruthCommunity } from "@/lib/identity/known-truth/community";
import { writeCommunityFiles, type TruthSource } from "@/lib/identity/known-truth/write-files";
import { linkQuality } from "@/lib/identity/link-quality";
import { runImport } from "@/lib/services/imports/run-import";
import { memberProfile } from "@/lib/data/member-detail";
import { unmergeMembers } from "./merge";
import { rebuildWeeklyActivity } from "@/lib/services/rollups";
import { computeRankings } from "@/lib/services/rankings/snapshot";

const db = openTestDatabase();
beforeEach(() => truncateAll(db));

const community = knownTruthCommunity(60, 7);
let files: Record<TruthSource, string>;
beforeAll(async () => {
  files = await writeCommunityFiles(await tempDir(), community);
});

const ORDERS: TruthSource[][] = [
  ["slack", "github", "git", "stripe-events", "csv"],
  ["github", "slack", "git", "stripe-events", "csv"],
  ["csv", "stripe-events", "git", "github", "slack"],
  ["git", "stripe-events", "slack", "csv", "github"],
  ["stripe-events", "github", "csv", "slack", "git"],
  ["git", "github", "csv", "stripe-events", "slack"],
];

/** Members as sorted lists of their identities, independent of ids: the partition the imports produced. */
async function partition(): Promise<string[]> {
  const rows = await db.$queryRaw<{ ids: string }[]>`
    select string_agg(source || ':' || external_id, ' ' order by source, external_id) as ids from identities group by member_id order by 1`;
  return rows.map((r) => r.ids);
}

/** Scores per ranking, keyed by the member's identities (member ids differ between orders; ties are kept as ties). */
async function rankingsByPerson(): Promise<string[]> {
  await rebuildWeeklyActivity();
  await computeRankings({ asOf: "2025-06-30" });
  const rows = await db.$queryRaw<{ line: string }[]>`
    select s.kind || ' ' || round(s.score::numeric, 6) || ' ' || string_agg(i.source || ':' || i.external_id, ' ' order by i.source, i.external_id) as line
      from score_snapshots s join identities i on i.member_id = s.member_id group by s.kind, s.score, s.member_id order by 1`;
  return rows.map((r) => r.line);
}

async function memberMap(): Promise<Map<string, number>> {
  const rows = await db.identity.findMany({ select: { source: true, externalId: true, memberId: true } });
  return new Map(rows.map((r) => [`${r.source}\u0000${r.externalId}`, r.memberId]));
}

async function importAll(order: TruthSource[]) {
  let last: Awaited<ReturnType<typeof runImport>> | null = null;
  for (const source of order) {
    last = await runImport({ source, file: files[source], repository: "acme/widgets" });
    expect(last.error ?? null, `${source}: ${last.error}`).toBeNull();
  }
  return last!;
}

describe("identity resolution does not depend on import order", () => {
  it("gives identical members in six orders, with every evidenced link and no false merge", async () => {
    let first: string[] | null = null;
    let firstRankings: string[] | null = null;
    for (const [n, order] of ORDERS.entries()) {
      await truncateAll(db);
      const summary = await importAll(order);
      const members = await partition();
      // The summary's figures agree with the rows: people across sources, and customers no community identity joins.
      const multi = members.filter((m) => new Set(m.split(" ").map((i) => i.split(":")[0])).size > 1).length;
      const billingOnly = members.filter((m) => m.split(" ").every((i) => i.startsWith("stripe:"))).length;
      expect(summary.identities).toMatchObject({
        multiSource: multi,
        billingUnlinked: billingOnly,
        members: members.length - community.identities.filter((i) => i.person === -1).length,
      });
      if (first === null) first = members;
      else expect(members, `order ${order.join(" → ")}`).toEqual(first);
      // Rankings (first and last order only: a recompute per order would double the test's time).
      if (n === 0) firstRankings = await rankingsByPerson();
      if (n === ORDERS.length - 1) {
        expect(firstRankings!.length).toBeGreaterThan(20);
        // No bot is ranked.
        const bots = community.identities
          .filter((i) => i.person === -1)
          .map((i) => `${i.source}:${i.externalId}`);
        expect(firstRankings!.filter((line) => bots.some((b) => line.includes(b)))).toEqual([]);
        expect(await rankingsByPerson()).toEqual(firstRankings);
      }
      const quality = linkQuality(await memberMap(), community);
      expect(quality, `order ${order.join(" → ")}`).toMatchObject({
        falseMerges: 0,
        botsJoined: 0,
        recall: 1,
        precision: 1,
      });
      expect(quality.evidencedPairs).toBeGreaterThan(40);
      expect(
        members.filter((m) => new Set(m.split(" ").map((i) => i.split(":")[0])).size > 1).length,
      ).toBeGreaterThan(25);
    }
    // Bots are kept, flagged, and never ranked or counted (rankings select members where not is_bot).
    const bots = await db.member.findMany({ where: { isBot: true }, include: { identities: true } });
    expect(bots.flatMap((b) => b.identities.map((i) => `${i.source}:${i.externalId}`)).sort()).toEqual(
      community.identities
        .filter((i) => i.person === -1)
        .map((i) => `${i.source}:${i.externalId}`)
        .sort(),
    );
  });

  it("merges members that later evidence joins, says why, and the merge can be undone", async () => {
    // Slack first: profiles naming GitHub logins. Then GitHub: each named account joins its person.
    await importAll(["git", "slack", "github"]);
    const merges = await db.memberMerge.findMany({ orderBy: { id: "asc" } });
    const linked = await db.identity.findMany({
      where: { linkedBy: { not: null } },
      select: { source: true, linkedBy: true },
    });
    expect(linked.length).toBeGreaterThan(0);
    expect(linked.map((l) => l.linkedBy).join("\n")).toMatch(
      /same email as|profile names|named in the profile of|noreply/,
    );
    // A git noreply address and a Slack profile both name a login: only the GitHub account joins them.
    expect(merges.length).toBeGreaterThan(0);
    expect(merges[0].reason).toMatch(/^import evidence: /);
    const merged = await memberProfile(merges[0].survivorId);
    expect(merged?.identities.length).toBeGreaterThan(1);
    expect(merged?.identities.some((i) => i.linkedBy !== null)).toBe(true);
    expect(merged?.identities.some((i) => i.firstActivityAt !== null)).toBe(true);
    const before = (await partition()).length;
    await unmergeMembers(null, merges[merges.length - 1].id);
    expect((await partition()).length).toBe(before + 1);
    // Importing the same evidence again does not undo the admin's undo.
    await importAll(["slack", "github", "git"]);
    expect((await partition()).length).toBe(before + 1);
  });
});
