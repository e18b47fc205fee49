// The monthly report for a month in progress read from the stored recent days (member_day_activity)
// against the same report computed straight from the raw events: every number must match, after a
// full rebuild, after incremental rollups (new days, a new month) and across a merge and its undo.
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { truncateAll, useTestDatabase } from "@/lib/test/db";
import { runImport } from "@/lib/services/imports/run-import";
import { rebuildWeeklyActivity } from "@/lib/services/rollups";
import { refreshOrgDailyCredits } from "@/lib/services/org-credits";
import { ensureDefaultActivityTypes } from "@/lib/services/activity-types";
import { monthWindow } from "@/lib/analytics/periods";
import type { MonthKey } from "@/lib/analytics/months";
import { rawRankings, rawTotals } from "@/lib/test/raw-report";
import { mergeMembers, unmergeMembers } from "@/lib/services/identity/merge";
import { MEMBER_DAYS_FROM_KEY } from "@/lib/validation/member-days";
import { monthlyReport } from "./reports";
import { storedDaysCover } from "./report-month-to-date";

const db = useTestDatabase();
const FILE = path.resolve(process.cwd(), "../shared/data/mautic-commits.tsv");
// The file's last commit is on 24 October 2024: October is in progress on the 20th.
const THROUGH = new Date("2024-10-20T12:00:00Z");

async function expectMatchesRaw(month: MonthKey, dataThrough: Date): Promise<void> {
  const w = monthWindow(month, dataThrough);
  expect(w.status).toBe("in_progress");
  const report = await monthlyReport(month, { dataThrough });
  expect(report.inProgress).toBe(true);
  expect(report.totals).toEqual(await rawTotals(db, w.from, w.to));
  expect(report.previousTotals).toEqual(await rawTotals(db, w.previousFrom, w.previousTo));
  const raw = await rawRankings(db, w, false);
  expect(report.topContributors).toEqual(raw.topContributors);
  expect(report.mostActive).toEqual(raw.mostActive);
  expect(report.topOrgsByContributions).toEqual(raw.topOrgsByContributions);
  expect(report.topOrgsByActivity).toEqual(raw.topOrgsByActivity);
  const publicReport = await monthlyReport(month, { publicOnly: true, dataThrough });
  const rawPublic = await rawRankings(db, w, true);
  expect(publicReport.topContributors).toEqual(rawPublic.topContributors);
  expect(publicReport.mostActive).toEqual(rawPublic.mostActive);
}

/** Copies of every `every`-th event at `at` (plus up to 4 h), under new external ids: a later import. */
async function addEventsAt(at: Date, every: number, tag: string): Promise<number> {
  return db.$executeRaw`
    insert into activity_events (member_id, identity_id, source, external_id, type, occurred_at, channel, weight)
    select member_id, identity_id, source, external_id || ${tag}, type, ${at}::timestamptz + (id % 5) * interval '1 hour', channel, weight
      from activity_events where id % ${every} = 0`;
}

describe("monthly report for a month in progress, from the stored recent days", () => {
  beforeAll(async () => {
    await truncateAll(db);
    await ensureDefaultActivityTypes();
    const summary = await runImport({ source: "git", file: FILE, repository: "mautic/mautic" });
    expect(summary.status).toBe("succeeded");
    // Some conversation-only activity too, so "most active" has something to rank.
    await db.$executeRaw`update activity_events set type = 'issue_comment' where id % 3 = 0`;
    await db.$executeRaw`update members set public_opt_out = true where id % 5 = 0`;
    await rebuildWeeklyActivity({ full: true });
    await refreshOrgDailyCredits({ full: true });
  }, 300_000);

  it("keeps only the recent days: from the first of the month before the latest event's month", async () => {
    const [range] = await db.$queryRaw<{ first: string; last: string; rows: bigint }[]>`
      select to_char(min(day), 'YYYY-MM-DD') as first, to_char(max(day), 'YYYY-MM-DD') as last, count(*) as rows
        from member_day_activity`;
    expect(range.first >= "2024-09-01").toBe(true);
    expect(range.last).toBe("2024-10-24");
    expect(Number(range.rows)).toBeGreaterThan(10);
    expect(await storedDaysCover(new Date("2024-09-01T00:00:00Z"))).toBe(true);
    expect(await storedDaysCover(new Date("2024-08-31T00:00:00Z"))).toBe(false);
  });

  it("matches the raw events: totals, both windows, member and organisation rankings, public version", async () => {
    await expectMatchesRaw("2024-10", THROUGH);
    const report = await monthlyReport("2024-10", { dataThrough: THROUGH });
    expect(report.topContributors.length).toBeGreaterThan(2);
    expect(report.mostActive.length).toBeGreaterThan(2);
  });

  it("gives the same report as the raw-event path it replaces", async () => {
    const stored = await monthlyReport("2024-10", { dataThrough: THROUGH });
    const setting = await db.setting.findUniqueOrThrow({ where: { key: MEMBER_DAYS_FROM_KEY } });
    await db.setting.delete({ where: { key: MEMBER_DAYS_FROM_KEY } });
    try {
      expect(await storedDaysCover(new Date("2024-10-01T00:00:00Z"))).toBe(false);
      expect(await monthlyReport("2024-10", { dataThrough: THROUGH })).toEqual(stored);
    } finally {
      await db.setting.create({ data: { key: MEMBER_DAYS_FROM_KEY, value: setting.value! } });
    }
  });

  it("still matches after two contributors are merged, and after the merge is undone", async () => {
    const report = await monthlyReport("2024-10", { dataThrough: THROUGH });
    const [survivor, merged] = report.topContributors;
    const done = await mergeMembers(null, { survivorId: merged.id, mergedId: survivor.id, reason: "test" });
    await expectMatchesRaw("2024-10", THROUGH);
    await unmergeMembers(null, done.mergeId);
    await expectMatchesRaw("2024-10", THROUGH);
    expect((await monthlyReport("2024-10", { dataThrough: THROUGH })).topContributors).toEqual(
      report.topContributors,
    );
  });

  it("follows incremental rollups: new days of the month, then a new month that moves the kept range", async () => {
    expect(await addEventsAt(new Date("2024-10-15T08:00:00Z"), 7, ":late")).toBeGreaterThan(100);
    const again = await rebuildWeeklyActivity();
    expect(again.rebuilt).toBe("from");
    await refreshOrgDailyCredits();
    await expectMatchesRaw("2024-10", THROUGH);

    expect(await addEventsAt(new Date("2024-11-02T09:00:00Z"), 11, ":november")).toBeGreaterThan(100);
    expect((await rebuildWeeklyActivity()).rebuilt).toBe("from");
    await refreshOrgDailyCredits();
    const [range] = await db.$queryRaw<{ first: string }[]>`
      select to_char(min(day), 'YYYY-MM-DD') as first from member_day_activity`;
    expect(range.first >= "2024-10-01").toBe(true);
    expect(await storedDaysCover(new Date("2024-10-01T00:00:00Z"))).toBe(true);
    await expectMatchesRaw("2024-11", new Date("2024-11-03T18:00:00Z"));
  });

  it("after an import for one member, rebuilds that member's days and leaves every other member's as stored", async () => {
    const dump = async () =>
      (
        await db.$queryRaw<{ t: string }[]>`
          select string_agg(concat_ws('|', member_id, day, contributions, others), ',' order by member_id, day) as t
            from member_day_activity`
      )[0].t;
    // The latest day several members were active on, and one of them.
    const [busy] = await db.$queryRaw<{ day: string; member_id: number }[]>`
      select to_char(day, 'YYYY-MM-DD') as day, min(member_id) as member_id from member_day_activity
       group by day having count(*) >= 2 order by day desc limit 1`;
    await db.$executeRaw`
      insert into activity_events (member_id, identity_id, source, external_id, type, occurred_at, channel, weight)
      select member_id, identity_id, source, external_id || ':one-more', type, (${busy.day}::date + interval '12 hours') at time zone 'UTC', channel, weight
        from activity_events where member_id = ${busy.member_id} order by id limit 1`;
    expect((await rebuildWeeklyActivity()).rebuilt).toBe("from");
    const incremental = await dump();
    await rebuildWeeklyActivity({ full: true });
    expect(incremental).toBe(await dump());
  });
});
