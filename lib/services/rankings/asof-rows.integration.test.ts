// The kept as-of rows against a real PostgreSQL: after each kind of change (added events, a back-dated event, a new
// member, a merge, a billing change) the rows asOfInputs returns equal a fresh extraction of every member, and the
// re-score from them writes the same snapshot as a re-score that extracted everyone.
import { beforeEach, describe, expect, it } from "vitest";
import { Prisma } from "@/lib/generated/prisma/client";
import { truncateAll, useTestDatabase } from "@/lib/test/db";
import { addEventsAndRollups } from "@/lib/test/member-events";
import { seedDemoCommunity } from "@/lib/services/demo";
import { mergeMembers } from "@/lib/services/identity/merge";
import { rebuildWeeklyActivity } from "@/lib/services/rollups";
import { asOfInputs } from "./asof-rows";
import { addDays, mondayOf } from "./dates";
import { extractCutoffs, loadCommunityWeeks } from "./inputs";
import { computeRankings } from "./snapshot";

const db = useTestDatabase();
const NOW = new Date("2026-03-16T00:00:00Z");
const D = "2026-03-13";

beforeEach(() => truncateAll(db));

/** Every member's rows extracted afresh, as the re-score did before the rows were kept. */
async function extractEveryone() {
  const monday = mondayOf(D);
  const weeks = await loadCommunityWeeks(addDays(monday, -7 * 26), monday);
  const [current] = await extractCutoffs([{ asOf: D, sampleCap: Number.POSITIVE_INFINITY }], weeks, []);
  return current;
}

const addEvents = (members: number[], at: string, tag: string) => addEventsAndRollups(db, members, at, tag);

async function expectEqualToFresh(expected: "all" | "members") {
  const kept = await asOfInputs(D, []);
  expect(kept.extracted.kind).toBe(expected);
  const fresh = await extractEveryone();
  expect(kept.current.rows.length).toBeGreaterThan(100);
  expect(kept.current.rows).toStrictEqual(fresh.rows);
  expect(kept.current.community).toStrictEqual(fresh.community);
  return kept;
}

async function snapshotText(): Promise<string> {
  const [row] = await db.$queryRaw<{ t: string }[]>(Prisma.sql`
    select string_agg(concat_ws('|', kind, member_id, score::text, rank, prev_rank, reasons::text, activity_12w::text), E'\\n' order by kind, rank) as t
      from ranked_score_snapshots where as_of = ${D}::date`);
  return row.t;
}

describe("the kept as-of rows", () => {
  it("equal a fresh extraction of every member after events, a new member, a merge and a billing change", async () => {
    await seedDemoCommunity(db, { members: 400, now: NOW });
    await rebuildWeeklyActivity();
    const first = await expectEqualToFresh("all");
    expect(first.extracted).toMatchObject({ reason: "no kept rows" });
    const ids = first.current.rows.map((r) => r.memberId);

    // Events on the as-of day and after it (the latter change nothing for D, but their members are re-read).
    await addEvents(ids.slice(0, 25), `${D}T08:00:00Z`, "same-day");
    await addEvents(ids.slice(25, 30), "2026-03-15T08:00:00Z", "later");
    const sameDay = await expectEqualToFresh("members");
    expect(sameDay.extracted).toMatchObject({ count: 30 });

    // Nothing new: no member re-extracted, still equal to a fresh extraction.
    const unchanged = await expectEqualToFresh("members");
    expect(unchanged.extracted).toMatchObject({ count: 0 });

    // Fractional weights: the touched members' rows still equal a fresh extraction.
    await db.$executeRaw`
      insert into activity_events (member_id, source, external_id, type, occurred_at, weight, channel)
      select id, 'slack', 'fraction-' || id, 'message', ${`${D}T11:00:00Z`}::timestamptz, 0.3, 'ch1'
        from unnest(${ids.slice(60, 67)}::int[]) as id`;
    await rebuildWeeklyActivity();
    const fractional = await expectEqualToFresh("members");
    expect(fractional.extracted).toMatchObject({ count: 7 });

    // A back-dated event: that member's complete weeks and the community's weekly totals move.
    await addEvents(ids.slice(40, 42), "2026-02-10T08:00:00Z", "back-dated");
    await expectEqualToFresh("members");

    // A newcomer with events: created after the kept rows, so re-read without re-extracting everyone.
    const [newcomer] = await db.$queryRaw<{ id: number }[]>`
      insert into members (display_name, joined_at, updated_at) values ('Newcomer', ${`${D}T01:00:00Z`}::timestamptz, now()) returning id`;
    await addEvents([newcomer.id], `${D}T02:00:00Z`, "newcomer");
    const withNewcomer = await expectEqualToFresh("members");
    expect(withNewcomer.current.rows.some((r) => r.memberId === newcomer.id)).toBe(true);

    // A merge moves events without adding any: every member is extracted again.
    await mergeMembers(null, { survivorId: ids[50], mergedId: ids[51], reason: "test" });
    await rebuildWeeklyActivity();
    await expectEqualToFresh("all");
    await addEvents([ids[50]], `${D}T09:00:00Z`, "after-merge");
    await expectEqualToFresh("members");

    // A billing change before D: tiers and paying colleagues are whole-community facts.
    await db.$executeRaw`
      insert into subscription_changes (subscription_id, member_id, source, external_id, kind, from_tier, to_tier, occurred_at)
      select s.id, s.member_id, c.source, 'late-cancel', 'cancel', 1, 0, ${`${D}T03:00:00Z`}::timestamptz
        from subscriptions s join lateral (select source from subscription_changes where subscription_id = s.id limit 1) c on true
       order by s.id limit 1`;
    await expectEqualToFresh("all");
    // Nothing new: nobody is extracted, and the rows are still exact.
    const idle = await expectEqualToFresh("members");
    expect(idle.extracted).toMatchObject({ count: 0 });
  }, 600_000);

  it("still advance from a state kept by an earlier version, with fields this one no longer reads", async () => {
    await seedDemoCommunity(db, { members: 400, now: NOW });
    await rebuildWeeklyActivity();
    const first = await expectEqualToFresh("all");
    const ids = first.current.rows.map((r) => r.memberId);
    // Model 5 kept the as-of week's community count in the state as well.
    await db.$executeRaw`
      update settings set value = value || '{"partial": [120.5, 40], "partialSum": 120.5}'::jsonb
       where key = 'rankings_asof_state'`;
    await addEvents(ids.slice(0, 10), `${D}T08:00:00Z`, "after-upgrade");
    const touched = await expectEqualToFresh("members");
    expect(touched.extracted).toMatchObject({ count: 10 });
    // The kept rows moved on to the new mark: nothing is re-extracted now (without it, the same 10 again, forever).
    const idle = await expectEqualToFresh("members");
    expect(idle.extracted).toMatchObject({ count: 0 });
  }, 600_000);

  it("re-scores from the kept rows exactly as from a fresh extraction of everyone", async () => {
    await seedDemoCommunity(db, { members: 400, now: NOW });
    await rebuildWeeklyActivity();
    await computeRankings({ asOf: D });
    const logged: string[] = [];
    await computeRankings({ asOf: D, refit: "auto", log: (l) => logged.push(l) });
    const [{ ids }] = await db.$queryRaw<{ ids: number[] }[]>`
      select array_agg(member_id order by rank) as ids from ranked_score_snapshots where kind = 'candidates' and as_of = ${D}::date`;
    // Members low in the list become busy on the day: they move up, and everyone's scale moves with the week's total.
    await addEvents(ids.slice(-40), `${D}T10:00:00Z`, "busy");
    await computeRankings({ asOf: D, refit: "auto", log: (l) => logged.push(l) });
    expect(logged).toContain("rankings: inputs of 40 members extracted, the others kept");
    const partial = await snapshotText();

    await db.$executeRaw`delete from settings where key = 'rankings_asof_state'`;
    logged.length = 0;
    await computeRankings({ asOf: D, refit: "auto", log: (l) => logged.push(l) });
    expect(logged).toContain("rankings: every member's inputs extracted (no kept rows)");
    expect(await snapshotText()).toBe(partial);
  }, 600_000);
});
