// The in-place snapshot write against a real PostgreSQL: after events, a member leaving the list and a newcomer,
// re-scoring a day over its stored rows (only changed rows written) leaves exactly what writing the day afresh
// leaves, previous ranks and sparklines included, and what the pages read from it is the same.
import { beforeEach, describe, expect, it } from "vitest";
import { Prisma } from "@/lib/generated/prisma/client";
import { truncateAll, useTestDatabase } from "@/lib/test/db";
import { seedDemoCommunity } from "@/lib/services/demo";
import { rebuildWeeklyActivity } from "@/lib/services/rollups";
import { rankedListPage } from "@/lib/data/ranked-lists";
import { computeRankings } from "./snapshot";

const db = useTestDatabase();
const NOW = new Date("2026-03-16T00:00:00Z");
const PREVIOUS = "2026-03-11";
const D = "2026-03-13";

beforeEach(() => truncateAll(db));

/** Every stored value of the day's rows, in a fixed order. */
async function snapshotText(): Promise<string> {
  const [row] = await db.$queryRaw<{ t: string }[]>(Prisma.sql`
    select string_agg(concat_ws('|', kind, member_id, score::text, rank, prev_rank, reasons::text, activity_12w::text, model_version),
                      E'\\n' order by kind, rank) as t
      from ranked_score_snapshots where as_of = ${D}::date`);
  return row.t;
}

async function addEvents(members: number[], tag: string) {
  await db.$executeRaw`
    insert into activity_events (member_id, source, external_id, type, occurred_at, weight, channel)
    select id, 'slack', ${tag} || '-' || id || '-' || k, case when k = 0 then 'pr_merged' else 'message' end,
           ${`${D}T08:00:00Z`}::timestamptz + k * interval '1 hour', 1, 'ch' || k
      from unnest(${members}::int[]) as id cross join generate_series(0, 2) as k`;
  await rebuildWeeklyActivity();
}

const rescore = async (logged: string[]) =>
  computeRankings({ asOf: D, refit: "auto", log: (line) => logged.push(line) });

describe("writeSnapshots over a day's stored rows", () => {
  it("leaves what a fresh write of the day leaves, and the pages read the same", async () => {
    await seedDemoCommunity(db, { members: 400, now: NOW });
    await rebuildWeeklyActivity();
    await computeRankings({ asOf: PREVIOUS });
    const logged: string[] = [];
    await rescore(logged);
    const before = await snapshotText();
    const [{ ids }] = await db.$queryRaw<{ ids: number[] }[]>`
      select array_agg(member_id order by rank) as ids from ranked_score_snapshots where kind = 'candidates' and as_of = ${D}::date`;
    expect(ids.length).toBeGreaterThan(50);

    // Busy members low in the list move up (and the week's totals move everyone's scale); the top member turns
    // out to be staff (leaves both lists); a newcomer with events joins.
    await addEvents(ids.slice(-30), "busy");
    await db.$executeRaw`update members set is_staff = true, updated_at = now() where id = ${ids[0]}`;
    const [newcomer] = await db.$queryRaw<{ id: number }[]>`
      insert into members (display_name, joined_at, updated_at) values ('Newcomer', ${`${D}T01:00:00Z`}::timestamptz, now()) returning id`;
    await addEvents([newcomer.id], "newcomer");

    logged.length = 0;
    const inPlace = await rescore(logged);
    expect(inPlace.refitReason).toBeNull();
    const candidates = logged.find((l) => l.startsWith("candidates as of"))!;
    const [, updated, added, removed] = /rows (\d+) updated, (\d+) added, (\d+) removed/
      .exec(candidates)!
      .map(Number);
    expect(updated).toBeGreaterThan(0);
    expect(added).toBeGreaterThanOrEqual(1);
    expect(removed).toBeGreaterThanOrEqual(1);
    const delta = await snapshotText();
    expect(delta).not.toBe(before);
    const membersOf = (text: string) => new Set(text.split("\n").map((line) => Number(line.split("|")[1])));
    expect(membersOf(delta).has(newcomer.id)).toBe(true);
    expect(membersOf(before).has(ids[0])).toBe(true);
    expect(membersOf(delta).has(ids[0])).toBe(false);
    const page = (sort: "rank" | "rankChange") =>
      rankedListPage(
        "candidates",
        { outreach: "show" },
        { pageIndex: 0, pageSize: 50, sorting: [{ id: sort, desc: sort === "rankChange" }] },
        D,
      );
    const deltaPages = [await page("rank"), await page("rankChange")];

    // The same day written afresh: every row inserted.
    await db.$executeRaw`delete from score_snapshots where as_of = ${D}::date`;
    logged.length = 0;
    await rescore(logged);
    expect(logged.find((l) => l.startsWith("candidates as of"))).toMatch(
      /rows 0 updated, \d+ added, 0 removed/,
    );
    expect(await snapshotText()).toBe(delta);
    expect([await page("rank"), await page("rankChange")]).toStrictEqual(deltaPages);
    expect(deltaPages[0].rows.some((r) => r.prevRank !== null)).toBe(true);

    // Nothing new: nothing is written.
    logged.length = 0;
    await rescore(logged);
    expect(logged.find((l) => l.startsWith("candidates as of"))).toMatch(
      /rows 0 updated, 0 added, 0 removed/,
    );
    expect(await snapshotText()).toBe(delta);
  }, 600_000);
});
