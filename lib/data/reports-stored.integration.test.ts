// The monthly report read from the stored aggregates (member_month_activity, members'
// first_contribution_at, org_daily_credits) against the same report computed straight from the raw
// events, the way it was read before those aggregates: every number must match, month by month.
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { truncateAll, useTestDatabase } from "@/lib/test/db";
import { runImport } from "@/lib/services/imports/run-import";
import { rebuildWeeklyActivity } from "@/lib/services/rollups";
import { refreshOrgDailyCredits } from "@/lib/services/org-credits";
import { ensureDefaultActivityTypes } from "@/lib/services/activity-types";
import { addMonths, monthStart, type MonthKey } from "@/lib/analytics/months";
import { rawNewContributors, rawRankings, rawTotals } from "@/lib/test/raw-report";
import { mergeMembers, unmergeMembers } from "@/lib/services/identity/merge";
import { monthlyReport } from "./reports";

const db = useTestDatabase();
const FILE = path.resolve(process.cwd(), "../shared/data/mautic-commits.tsv");
const THROUGH = new Date("2030-01-01T00:00:00Z");
const MONTHS: MonthKey[] = ["2019-03", "2021-11", "2023-07", "2023-08"];

async function expectMatchesRaw(month: MonthKey): Promise<void> {
  const report = await monthlyReport(month, { dataThrough: THROUGH });
  const totalsOf = (m: MonthKey) => rawTotals(db, monthStart(m), monthStart(addMonths(m, 1)));
  expect(report.totals).toEqual(await totalsOf(month));
  expect(report.previousTotals).toEqual(await totalsOf(addMonths(month, -1)));
  const trail = await Promise.all([-6, -5, -4, -3, -2, -1].map((k) => totalsOf(addMonths(month, k))));
  expect(report.trailingContributions).toEqual(trail.map((t) => t.contributions));
  expect(report.trailingActiveMembers).toEqual(trail.map((t) => t.activeMembers));
  const windows = {
    from: monthStart(month),
    to: monthStart(addMonths(month, 1)),
    previousFrom: monthStart(addMonths(month, -1)),
    previousTo: monthStart(month),
  };
  const raw = await rawRankings(db, windows, false);
  expect(report.topContributors).toEqual(raw.topContributors);
  expect(report.mostActive).toEqual(raw.mostActive);
  expect(report.topOrgsByContributions).toEqual(raw.topOrgsByContributions);
  expect(report.topOrgsByActivity).toEqual(raw.topOrgsByActivity);
  expect(report.newContributors).toEqual(await rawNewContributors(db, windows.from, windows.to));
  const publicReport = await monthlyReport(month, { publicOnly: true, dataThrough: THROUGH });
  const rawPublic = await rawRankings(db, windows, true);
  expect(publicReport.topContributors).toEqual(rawPublic.topContributors);
  expect(publicReport.mostActive).toEqual(rawPublic.mostActive);
}

describe("monthly report from the stored aggregates", () => {
  beforeAll(async () => {
    await truncateAll(db);
    await ensureDefaultActivityTypes();
    const summary = await runImport({ source: "git", file: FILE, repository: "mautic/mautic" });
    expect(summary.status).toBe("succeeded");
    await rebuildWeeklyActivity();
    await refreshOrgDailyCredits();
    // Some conversation-only activity too, so "most active" has something to rank.
    await db.$executeRaw`update activity_events set type = 'issue_comment' where id % 3 = 0`;
    await db.$executeRaw`update members set public_opt_out = true where id % 5 = 0`;
    await rebuildWeeklyActivity({ full: true });
    await refreshOrgDailyCredits({ full: true });
  }, 300_000);

  it.each(MONTHS)(
    "matches the raw events for %s: totals, six-month trail, rankings, newcomers",
    expectMatchesRaw,
  );

  it("still matches after two contributors are merged, and after the merge is undone", async () => {
    const report = await monthlyReport("2023-08", { dataThrough: THROUGH });
    const [survivor, merged] = report.topContributors;
    const done = await mergeMembers(null, { survivorId: merged.id, mergedId: survivor.id, reason: "test" });
    await expectMatchesRaw("2023-08");
    await expectMatchesRaw("2023-07");
    const after = await monthlyReport("2023-08", { dataThrough: THROUGH });
    expect(after.topContributors.find((e) => e.id === merged.id)?.value).toBe(survivor.value + merged.value);
    await unmergeMembers(null, done.mergeId);
    await expectMatchesRaw("2023-08");
    expect((await monthlyReport("2023-08", { dataThrough: THROUGH })).topContributors).toEqual(
      report.topContributors,
    );
  });

  it("compares months that have something to rank", async () => {
    const report = await monthlyReport("2023-08", { dataThrough: THROUGH });
    expect(report.topContributors.length).toBeGreaterThan(2);
    expect(report.mostActive.length).toBeGreaterThan(2);
    expect(report.topOrgsByContributions.length).toBeGreaterThan(2);
    expect(report.totals.newContributors).toBeGreaterThan(0);
  });
});
