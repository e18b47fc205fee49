// The touched-members re-score against a real PostgreSQL: after an import whose events all fall in the as-of's
// week, only the members with new inputs are scored and written, and the scores of rows whose place moved into
// another band are set in SQL; the day then equals the same day written afresh (every member scored) in every value,
// including the ranks derived at read, the raw and calibrated scores, reasons, sparklines and previous ranks. An event before the week, or another writer of the
// day, sends the re-score down the full path.
import { beforeEach, describe, expect, it } from "vitest";
import { Prisma } from "@/lib/generated/prisma/client";
import { truncateAll, useTestDatabase } from "@/lib/test/db";
import { addEventsAndRollups } from "@/lib/test/member-events";
import { seedDemoCommunity } from "@/lib/services/demo";
import { rebuildWeeklyActivity } from "@/lib/services/rollups";
import { computeRankings } from "./snapshot";

const db = useTestDatabase();
const NOW = new Date("2026-03-16T00:00:00Z");
const FITTED = "2026-03-11";
const D = "2026-03-13";
const TOUCHED = /^rankings: only those (\d+) members scored and written/;
const FULL = "rankings: every member scored, the day's rows compared and rewritten where they differ";

beforeEach(() => truncateAll(db));

const addEvents = (members: number[], at: string, tag: string) => addEventsAndRollups(db, members, at, tag);

/** Every stored value of the day, in rank order. */
async function dayText(): Promise<string> {
  const [row] = await db.$queryRaw<{ t: string }[]>(Prisma.sql`
    select string_agg(concat_ws('|', kind, rank, member_id, score::text, raw_score::text, prev_rank, reasons::text,
                                activity_12w::text, model_version), E'\\n' order by kind, rank) as t
      from ranked_score_snapshots where as_of = ${D}::date`);
  return row.t;
}

async function rescore(): Promise<string[]> {
  const logged: string[] = [];
  const result = await computeRankings({ asOf: D, refit: "auto", log: (l) => logged.push(l) });
  expect(result.refitReason).toBeNull();
  return logged;
}

/** The same day written afresh: its rows and state gone, every member scored by the same stored models. */
async function freshDay(): Promise<string> {
  await db.$executeRaw`delete from score_snapshots where as_of = ${D}::date`;
  expect(await rescore()).toContain(FULL);
  return dayText();
}

describe("re-scoring only the touched members", () => {
  it("equals the day written afresh after an import in the as-of's week; an earlier week takes the full path", async () => {
    await seedDemoCommunity(db, { members: 500, now: NOW });
    await rebuildWeeklyActivity();
    await computeRankings({ asOf: FITTED }); // the stored models, and the previous day's ranks
    // The first re-score of the day has no state to follow: every member.
    expect(await rescore()).toContain(FULL);
    const before = await dayText();
    const [{ ids }] = await db.$queryRaw<{ ids: number[] }[]>`
      select array_agg(member_id order by rank) as ids from ranked_score_snapshots where kind = 'candidates' and as_of = ${D}::date`;

    // Members low in the list become busy on the day, and a newcomer arrives with events: they move up past others.
    const [newcomer] = await db.$queryRaw<{ id: number }[]>`
      insert into members (display_name, joined_at, updated_at) values ('Newcomer', ${`${D}T01:00:00Z`}::timestamptz, now()) returning id`;
    await addEvents([...ids.slice(-40), newcomer.id], `${D}T10:00:00Z`, "busy");
    const logged = await rescore();
    expect(logged.find((l) => TOUCHED.test(l))).toMatch(/only those 41 members/);
    const partial = await dayText();
    expect(partial).not.toBe(before);
    // Places moved beyond the touched members (ranks are derived at read), and the scores of those that moved into
    // another band were set in SQL, not sent from Node.
    expect(logged.some((l) => /candidates as of .*, [1-9]\d* moved to another band/.test(l))).toBe(true);
    expect(await freshDay()).toBe(partial);
    // The stored scores are the bands' calibrated rates (a handful of values), so the re-rank's SQL bands were used.
    const [{ rates }] = await db.$queryRaw<{ rates: number }[]>`
      select count(distinct score)::int as rates from score_snapshots where kind = 'candidates' and as_of = ${D}::date`;
    expect(rates).toBeGreaterThan(1);
    expect(rates).toBeLessThanOrEqual(7);

    // Nothing new after the fresh write: the next re-score follows its state and changes nothing (the newcomer,
    // created after every member was last extracted, is re-read each time).
    expect((await rescore()).find((l) => TOUCHED.test(l))).toMatch(/only those 1 members/);
    expect(await dayText()).toBe(partial);

    // A second in-week import over a day written by the touched path: still equal to the day written afresh.
    await addEvents(ids.slice(100, 130), `${D}T12:00:00Z`, "second");
    expect((await rescore()).find((l) => TOUCHED.test(l))).toMatch(/only those 31 members/);
    const second = await dayText();
    expect(await freshDay()).toBe(second);

    // An event before the as-of's week moves the complete weeks' totals, so everyone's scale: the full path.
    await addEvents(ids.slice(200, 202), "2026-02-10T08:00:00Z", "back-dated");
    const backDated = await rescore();
    expect(backDated).toContain(FULL);
    expect(backDated.some((l) => TOUCHED.test(l))).toBe(false);
    const full = await dayText();
    expect(await freshDay()).toBe(full);
  }, 600_000);

  it("takes the full path when another writer changed the day since its state, and follows a refit", async () => {
    await seedDemoCommunity(db, { members: 400, now: NOW });
    await rebuildWeeklyActivity();
    await computeRankings({ asOf: FITTED });
    expect(await rescore()).toContain(FULL);
    const [{ ids }] = await db.$queryRaw<{ ids: number[] }[]>`
      select array_agg(member_id order by rank) as ids from ranked_score_snapshots where kind = 'candidates' and as_of = ${D}::date`;
    // A row removed behind the re-score's back (not through a ranking write): the day's count no longer matches.
    await db.$executeRaw`delete from score_snapshots where kind = 'candidates' and as_of = ${D}::date and member_id = ${ids[5]}`;
    await addEvents(ids.slice(-10), `${D}T10:00:00Z`, "busy");
    expect(await rescore()).toContain(FULL);
    const afterRemoval = await dayText();
    expect(await freshDay()).toBe(afterRemoval);
    // A refit of the previous day changes the previous ranks' source: the full path again.
    await computeRankings({ asOf: FITTED });
    await addEvents(ids.slice(-20, -10), `${D}T11:00:00Z`, "busier");
    expect(await rescore()).toContain(FULL);
    // A refit of the day itself records what it was written from: the next in-week import takes the touched path.
    await computeRankings({ asOf: D });
    await addEvents(ids.slice(-30, -20), `${D}T12:00:00Z`, "busiest");
    expect((await rescore()).find((l) => TOUCHED.test(l))).toMatch(/only those 10 members/);
    const afterRefit = await dayText();
    expect(await freshDay()).toBe(afterRefit);
  }, 600_000);
});
