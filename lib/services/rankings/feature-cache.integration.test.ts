// The cache of past cut-offs' feature rows against a real PostgreSQL: a second recompute reuses every cut-off and
// gives the same bytes; an event imported late into an old week re-extracts the cut-offs after it, and the result
// equals a recompute with the cache emptied. The event mark that decides reuse is checked against each kind of
// change a cut-off's window can see: a late event (with the pipeline's incremental rollups, or none yet), a newcomer
// with a back-dated join, a merge, an erasure; after each, the rows read through the cache equal rows extracted with
// the cache emptied.
import { beforeEach, describe, expect, it } from "vitest";
import { Prisma } from "@/lib/generated/prisma/client";
import { truncateAll, useTestDatabase } from "@/lib/test/db";
import { seedDemoCommunity } from "@/lib/services/demo";
import { mergeMembers } from "@/lib/services/identity/merge";
import { eraseMember } from "@/lib/services/privacy";
import { rebuildWeeklyActivity } from "@/lib/services/rollups";
import { DEFAULT_HORIZON_WEEKS } from "@/lib/scoring";
import { addDays } from "./dates";
import { loadRankingHistory } from "./history";
import { computeRankings } from "./snapshot";

const db = useTestDatabase();
const NOW = new Date("2026-03-16T00:00:00Z");
const AS_OF = "2026-03-11";

beforeEach(() => truncateAll(db));

/** The snapshot and the newest runs' model and backtest, as text. */
async function rankingText(): Promise<string> {
  const [snap] = await db.$queryRaw<{ t: string }[]>(Prisma.sql`
    select string_agg(concat_ws('|', kind, member_id, score::text, rank, reasons::text, activity_12w::text), E'\\n' order by kind, rank) as t
      from ranked_score_snapshots where as_of = ${AS_OF}::date`);
  const [runs] = await db.$queryRaw<{ t: string }[]>(Prisma.sql`
    select string_agg(concat_ws('|', kind, method, note, model::text, backtest::text), E'\\n' order by kind) as t
      from (select distinct on (kind) * from model_runs where as_of = ${AS_OF}::date order by kind, id desc) r`);
  return `${snap.t}\n${runs.t}`;
}

async function cacheStamps(): Promise<Map<string, number>> {
  const rows = await db.$queryRaw<{ cutoff: string; at: Date }[]>(Prisma.sql`
    select to_char(cutoff, 'YYYY-MM-DD') as cutoff, created_at as at from ranking_feature_cache`);
  return new Map(rows.map((r) => [r.cutoff, r.at.getTime()]));
}

describe("the feature cache of past cut-offs", () => {
  it("is reused while the data is unchanged and re-extracts the cut-offs a late event touches", async () => {
    await seedDemoCommunity(db, { members: 500, now: NOW });
    await rebuildWeeklyActivity();
    const first = await computeRankings({ asOf: AS_OF });
    const firstText = await rankingText();
    const stamps = await cacheStamps();
    expect(stamps.size).toBe(first.rankings[0].trainingCutoffs);

    await computeRankings({ asOf: AS_OF });
    expect(await cacheStamps()).toEqual(stamps); // nothing re-extracted
    expect(await rankingText()).toBe(firstText);

    // A late import: one event of an existing member in an old week (between the first and last cut-offs).
    const cutoffs = [...stamps.keys()].sort();
    const middle = cutoffs[Math.floor(cutoffs.length / 2)];
    const [member] = await db.$queryRaw<{ id: number }[]>(
      Prisma.sql`select member_id as id from activity_events order by id limit 1`,
    );
    await db.$executeRaw(Prisma.sql`
      insert into activity_events (member_id, source, external_id, type, occurred_at, weight)
      values (${member.id}, 'slack', 'late-import-1', 'message', (${middle}::date - 3)::timestamp at time zone 'UTC', 5)`);
    await rebuildWeeklyActivity({ full: true });
    await computeRankings({ asOf: AS_OF });
    const after = await cacheStamps();
    for (const cutoff of cutoffs) {
      const reExtracted = after.get(cutoff) !== stamps.get(cutoff);
      expect(reExtracted, cutoff).toBe(cutoff >= middle);
    }
    const withCache = await rankingText();

    await db.$executeRaw(Prisma.sql`delete from ranking_feature_cache`);
    await computeRankings({ asOf: AS_OF });
    expect(await rankingText()).toBe(withCache);
  }, 600_000);

  it("re-extracts exactly the cut-offs whose window saw a late event, a back-dated newcomer, a merge or an erasure", async () => {
    await seedDemoCommunity(db, { members: 400, now: NOW });
    await rebuildWeeklyActivity();
    // The past cut-offs' rows as training reads them (no fitting): through the cache, then with it emptied.
    const pastRows = async () =>
      (await loadRankingHistory({ asOf: AS_OF, horizonWeeks: DEFAULT_HORIZON_WEEKS, includeCurrent: false }))
        .sets;
    const expectCachedEqualFresh = async () => {
      const cached = await pastRows();
      const stamps = await cacheStamps();
      await db.$executeRaw(Prisma.sql`delete from ranking_feature_cache`);
      const fresh = await pastRows();
      expect(cached).toStrictEqual(fresh);
      return { rows: fresh, stamps: await cacheStamps(), throughCache: stamps };
    };
    const reExtracted = (before: Map<string, number>, after: Map<string, number>) =>
      [...before.keys()].filter((c) => after.get(c) !== before.get(c)).sort();

    const first = await pastRows();
    const stamps = await cacheStamps();
    const cutoffs = [...stamps.keys()].sort();
    expect(cutoffs.length).toBeGreaterThan(4);
    expect(await pastRows()).toStrictEqual(first);
    expect(reExtracted(stamps, await cacheStamps())).toEqual([]);

    // An event after every past cut-off (the as-of's week) keeps them all.
    const [member] = await db.$queryRaw<{ id: number }[]>(Prisma.sql`
      select e.member_id as id from activity_events e join members m on m.id = e.member_id and not m.is_bot and not m.is_staff
       group by 1 order by min(e.occurred_at), 1 limit 1`);
    const addEvent = (tag: string, day: string) =>
      db.$executeRaw(Prisma.sql`
        insert into activity_events (member_id, source, external_id, type, occurred_at, weight)
        values (${member.id}, 'slack', ${tag}, 'message', (${day}::date)::timestamp at time zone 'UTC' + interval '12 hours', 40)`);
    await addEvent("recent", AS_OF);
    await rebuildWeeklyActivity();
    let before = await cacheStamps();
    await pastRows();
    expect(reExtracted(before, await cacheStamps())).toEqual([]);

    // Newcomers: one joining today keeps every cut-off; one whose join date is back-dated (an imported profile) is
    // known from that day on, so the cut-offs after it are extracted again.
    const newcomer = (name: string, joined: string) =>
      db.$executeRaw(Prisma.sql`
        insert into members (display_name, joined_at, updated_at)
        values (${name}, (${joined}::date)::timestamp at time zone 'UTC', now())`);
    await newcomer("Today", AS_OF);
    await pastRows();
    expect(reExtracted(before, await cacheStamps())).toEqual([]);
    const back = cutoffs[cutoffs.length - 2];
    await newcomer("Back-dated", addDays(back, -10));
    const withNewcomer = await expectCachedEqualFresh();
    expect(reExtracted(before, withNewcomer.throughCache)).toEqual(cutoffs.filter((c) => c >= back));
    before = withNewcomer.stamps;

    // A late event in an old week, rolled up incrementally as the pipeline does: the cut-offs from its day on.
    const middle = cutoffs[Math.floor(cutoffs.length / 2)];
    await addEvent("late-rolled-up", addDays(middle, -3));
    await rebuildWeeklyActivity();
    let checked = await expectCachedEqualFresh();
    expect(reExtracted(before, checked.throughCache)).toEqual(cutoffs.filter((c) => c >= middle));
    expect(checked.rows).not.toStrictEqual(first); // the event is in those rows: reusing them would have been wrong

    // A late event the rollups have not taken in yet (its cut-offs' partial weeks read events directly); on the
    // cut-off's own day, so the cut-off before it is kept.
    const early = cutoffs[1];
    before = checked.stamps;
    await addEvent("late-not-rolled-up", early);
    checked = await expectCachedEqualFresh();
    expect(reExtracted(before, checked.throughCache)).toEqual(cutoffs.filter((c) => c >= early));
    await rebuildWeeklyActivity();

    // A merge moves events between members without adding any; an erasure deletes some: every cut-off again.
    const ids = (
      await db.$queryRaw<{ id: number }[]>(Prisma.sql`
      select member_id as id from activity_events group by 1 order by min(occurred_at), 1 offset 1 limit 3`)
    ).map((r) => r.id);
    before = (await expectCachedEqualFresh()).stamps;
    await mergeMembers(null, { survivorId: ids[1], mergedId: ids[2], reason: "test" });
    await rebuildWeeklyActivity();
    checked = await expectCachedEqualFresh();
    expect(reExtracted(before, checked.throughCache)).toEqual(cutoffs);

    before = checked.stamps;
    const admin = await db.adminUser.create({
      data: { email: "admin@example.com", passwordHash: "x", role: "admin" },
    });
    await eraseMember(
      { id: admin.id, email: "admin@example.com", name: null, role: "admin", timeZone: "UTC" },
      ids[0],
    );
    checked = await expectCachedEqualFresh();
    expect(reExtracted(before, checked.throughCache)).toEqual(cutoffs);
  }, 600_000);
});
