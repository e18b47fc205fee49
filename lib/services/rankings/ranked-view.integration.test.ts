// Rank is derived at read (the view `ranked_score_snapshots`), no longer stored. These tests show the derived
// rank is the place a full write gives a member: rankOrder's order, ties (equal raw scores, -Infinity) by member
// id; and that every stored score of a fresh day is the calibrated rate of the member's derived place, so rank and
// score agree as they did when both were written from the same position in Node.
import { beforeEach, describe, expect, it } from "vitest";
import { truncateAll, useTestDatabase } from "@/lib/test/db";
import { seedDemoCommunity } from "@/lib/services/demo";
import { rebuildWeeklyActivity } from "@/lib/services/rollups";
import { calibratedAt, type RankCalibration } from "@/lib/scoring/calibration";
import { rankOrder } from "@/lib/scoring/metrics";
import { rankedListPage } from "@/lib/data/ranked-lists";
import { parseRankedListFilters } from "@/lib/validation/outreach";
import { topRanked } from "@/lib/data/overview";
import { memberProfile } from "@/lib/data/member-detail";
import { computeRankings } from "./snapshot";

const db = useTestDatabase();
const NOW = new Date("2026-03-16T00:00:00Z");
const D = "2026-03-13";

beforeEach(() => truncateAll(db));

const viewRanks = (kind: string) =>
  db.$queryRaw<{ member_id: number; raw_score: number; rank: number; score: number }[]>`
    select member_id, raw_score, rank, score from ranked_score_snapshots where kind = ${kind} and as_of = ${D}::date
     order by member_id`;

describe("rank derived at read", () => {
  it("is rankOrder's place, ties by member id, in the view, the list page and the overview", async () => {
    // Raw scores with ties (0.5 three times, -Infinity twice: NaN is stored as -Infinity) in no particular id order.
    const raws = [0.5, -Infinity, 0.9, 0.5, 0.1, -Infinity, 0.5, 0.9, 1e-300, -1e-300];
    const ids: number[] = [];
    for (const [i, raw] of raws.entries()) {
      const [m] = await db.$queryRaw<{ id: number }[]>`
        insert into members (display_name, updated_at) values (${`M${i}`}, now()) returning id`;
      ids.push(m.id);
      // The raw score as text PostgreSQL reads as float8 ("-Infinity" included), as the writes store it.
      await db.$executeRaw`
        insert into score_snapshots (kind, as_of, member_id, score, raw_score, reasons, model_version)
        values ('candidates', ${D}::date, ${m.id}, ${i / 10}, ${String(raw)}::float8, '[]'::jsonb, 't')`;
    }
    const order = rankOrder(raws, ids);
    const expected = new Map(Array.from(order, (row, r) => [ids[row], r + 1]));
    const rows = await viewRanks("candidates");
    expect(rows).toHaveLength(raws.length);
    for (const r of rows) expect([r.member_id, r.rank]).toEqual([r.member_id, expected.get(r.member_id)]);
    // The list page numbers the same, in that order, and its rank sort reverses it exactly.
    const page = async (desc: boolean) =>
      (
        await rankedListPage(
          "candidates",
          parseRankedListFilters({ outreach: "show" }),
          { pageIndex: 0, pageSize: 50, sorting: [{ id: "rank", desc }] },
          D,
        )
      ).rows.map((r) => [r.memberId, r.rank]);
    const inOrder = Array.from(order, (row, r) => [ids[row], r + 1]);
    expect(await page(false)).toEqual(inOrder);
    expect(await page(true)).toEqual([...inOrder].reverse());
    expect((await topRanked("candidates", 5)).map((m) => [m.memberId, m.rank])).toEqual(inOrder.slice(0, 5));
  });

  it("gives every member of a fresh day the place its stored calibrated score came from", async () => {
    await seedDemoCommunity(db, { members: 400, now: NOW });
    await rebuildWeeklyActivity();
    await computeRankings({ asOf: D });
    let calibrated = 0;
    for (const kind of ["candidates", "at-risk"]) {
      const rows = await viewRanks(kind);
      expect(rows.length).toBeGreaterThan(20);
      // The order a full write placed them in (Node's rankOrder over the stored raw scores).
      const order = rankOrder(
        rows.map((r) => r.raw_score),
        rows.map((r) => r.member_id),
      );
      const place = new Map(Array.from(order, (row, r) => [rows[row].member_id, r + 1]));
      for (const r of rows) expect(r.rank).toBe(place.get(r.member_id));
      const [run] = await db.$queryRaw<{ calibration: RankCalibration | null }[]>`
        select model->'deployment'->'calibration' as calibration from model_runs
         where kind = ${kind} and as_of = ${D}::date and backtest->>'source' = 'snapshot' order by id desc limit 1`;
      if (!run?.calibration) continue;
      // Stored in Node from each member's position in the scored list; read back from the derived rank.
      const bands = new Set<number>();
      for (const r of rows) {
        const { rate } = calibratedAt(run.calibration, r.rank, rows.length);
        expect([r.member_id, r.score]).toEqual([r.member_id, rate]);
        bands.add(rate);
      }
      expect(bands.size).toBeGreaterThan(1); // more than one band, so a wrong place would show
      calibrated++;
    }
    expect(calibrated).toBeGreaterThan(0);
  });

  it("on the member page, for every day of a member's history", async () => {
    await seedDemoCommunity(db, { members: 300, now: NOW });
    await rebuildWeeklyActivity();
    // Three days, so a history row takes its rank from the next day's previous rank or, newest, from a count.
    await computeRankings({ asOf: "2026-03-11" });
    await computeRankings({ asOf: "2026-03-12" });
    // One member missing from the middle day (as when a member drops off a list for a day): the day before is counted.
    const [{ gap }] = await db.$queryRaw<{ gap: number }[]>`
      delete from score_snapshots where kind = 'candidates' and as_of = '2026-03-12'
         and member_id = (select min(member_id) from score_snapshots where kind = 'candidates' and as_of = '2026-03-11')
      returning member_id as gap`;
    await computeRankings({ asOf: D });
    const members = await db.$queryRaw<{ member_id: number }[]>`
      select distinct member_id from score_snapshots order by member_id limit 40`;
    expect(members.map((m) => m.member_id)).toContain(gap);
    let rows = 0;
    for (const { member_id } of members) {
      const profile = await memberProfile(member_id);
      const expected = await db.$queryRaw<{ kind: string; as_of: Date; rank: number }[]>`
        select kind, as_of, rank from ranked_score_snapshots where member_id = ${member_id}`;
      const key = (kind: string, asOf: Date) => `${kind}:${asOf.toISOString().slice(0, 10)}`;
      const want = new Map(expected.map((r) => [key(r.kind, r.as_of), r.rank]));
      expect(profile!.scores).toHaveLength(expected.length);
      for (const s of profile!.scores)
        expect([key(s.kind, s.asOf), s.rank]).toEqual([key(s.kind, s.asOf), want.get(key(s.kind, s.asOf))]);
      rows += expected.length;
    }
    expect(rows).toBeGreaterThan(80);
  });
});
