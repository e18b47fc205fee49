// Round 10's extraction against a real PostgreSQL: the members' weeks, channels and contributions read apart from the
// cut-offs' statements and shared between two groups of cut-offs give the same rows as each group reading its own;
// the community's weeks by a two-level grouping equal round 9's statement; the cut-off cache's buffers are stored
// uncompressed (compressing them took ~2 s of the server's CPU on a cold recompute of 6,000 members).
import { beforeAll, describe, expect, it } from "vitest";
import { Prisma } from "@/lib/generated/prisma/client";
import { truncateAll, useTestDatabase } from "@/lib/test/db";
import { seedDemoCommunity } from "@/lib/services/demo";
import { rebuildWeeklyActivity } from "@/lib/services/rollups";
import { extractCutoffs, loadCommunityWeeks, loadMemberReads } from "./inputs";
import { computeRankings } from "./snapshot";

const db = useTestDatabase();
const NOW = new Date("2026-03-16T00:00:00Z");
const SUNDAYS = Array.from({ length: 12 }, (_, i) =>
  new Date(Date.parse("2026-01-11") - i * 14 * 86_400_000).toISOString().slice(0, 10),
);

describe("round 10's extraction", () => {
  beforeAll(async () => {
    // Another file's rows (its own contribution type too) must not collide with this one's.
    await truncateAll(db);
    await seedDemoCommunity(db, { members: 400, now: NOW });
    // A contribution type of the community's own, and events without a channel.
    await db.$executeRaw`insert into activity_types (type, label, weight, is_contribution) values ('talk_given', 'Talk given', 3, true)`;
    await db.$executeRaw`
      update activity_events set type = 'talk_given' where id in (select id from activity_events where type = 'message' order by id limit 200)`;
    await db.$executeRaw`update activity_events set channel = null where id % 17 = 0`;
    await rebuildWeeklyActivity();
  }, 300_000);

  it("gives the same rows when two groups of cut-offs share one read of the members' weeks", async () => {
    const cutoffs = SUNDAYS.map((asOf) => ({ asOf, sampleCap: 80 }));
    const groups = [0, 1].map((g) => cutoffs.filter((_, i) => i % 2 === g));
    const own = (await Promise.all(groups.map((group) => extractCutoffs(group, new Map(), [])))).flat();
    const reads = loadMemberReads(cutoffs);
    const shared = (
      await Promise.all(groups.map((group) => extractCutoffs(group, new Map(), [], null, reads)))
    ).flat();
    expect(shared).toEqual(own);
    expect(own.reduce((n, c) => n + c.rows.length, 0)).toBeGreaterThan(12 * 50);
    // Contributions reach the rows (not all zero), read apart from the cut-offs' statement.
    const counted = (c: (typeof own)[number]) =>
      c.rows.reduce((n, r) => n + Object.values(r.contributions).reduce((a, b) => a + b, 0), 0);
    expect(own.reduce((n, c) => n + counted(c), 0)).toBeGreaterThan(0);
    // One cut-off, every member, a few members: the same through a shared read as through its own.
    const asOf = [{ asOf: "2026-03-12", sampleCap: Infinity }];
    const [whole] = await extractCutoffs(asOf, new Map(), []);
    const [viaShared] = await extractCutoffs(asOf, new Map(), [], null, loadMemberReads(asOf));
    expect(viaShared).toEqual(whole);
    const some = whole.rows.slice(0, 30).map((r) => r.memberId);
    const [few] = await extractCutoffs(asOf, new Map(), [], some);
    expect(few.rows).toEqual(whole.rows.slice(0, 30));
  }, 300_000);

  it("reads the community's weeks as round 9's statement did", async () => {
    const weeks = await loadCommunityWeeks("2025-01-06", "2026-03-16");
    const round9 = await db.$queryRaw<{ week: string; total: number; active: number }[]>(Prisma.sql`
      select to_char(w.week_start, 'YYYY-MM-DD') as week, round(sum(w.weight::float8)::numeric, 1)::float8 as total, count(distinct w.member_id)::int as active
        from weekly_activity w join members m on m.id = w.member_id
       where not m.is_bot and w.week_start >= ${"2025-01-06"}::date and w.week_start < ${"2026-03-16"}::date
       group by 1`);
    expect(round9.length).toBeGreaterThan(40);
    expect(weeks).toEqual(new Map(round9.map((r) => [r.week, { total: r.total, active: r.active }])));
  }, 300_000);

  it("stores the cut-off cache's buffers uncompressed", async () => {
    await computeRankings({ asOf: "2026-03-11" });
    const rows = await db.$queryRaw<{ n: number; compressed: number; bytes: number }[]>(Prisma.sql`
      select count(*)::int as n, count(pg_column_compression(rows))::int as compressed, sum(octet_length(rows))::int as bytes
        from ranking_feature_cache`);
    expect(rows[0].n).toBeGreaterThan(5);
    expect(rows[0].bytes).toBeGreaterThan(10_000);
    expect(rows[0].compressed).toBe(0);
  }, 300_000);
});
