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
import { Prisma } from "@/lib/generated/prisma/client";
import type { RankedEntry, ReportTotals } from "@/lib/partners";
import { creditedEvents } from "./org-credit";
import { mergeMembers, unmergeMembers } from "@/lib/services/identity/merge";
import { monthlyReport } from "./reports";

const db = useTestDatabase();
const FILE = path.resolve(process.cwd(), "../shared/data/mautic-commits.tsv");
const THROUGH = new Date("2030-01-01T00:00:00Z");
const MONTHS: MonthKey[] = ["2019-03", "2021-11", "2023-07", "2023-08"];

type Counts = { id: number; name: string; now: bigint; before: bigint };

/** The top 10 by this month's count, ties by name: the report's own ordering rule. */
const top = (rows: Counts[]): RankedEntry[] =>
  rows
    .map((r) => ({ id: r.id, name: r.name, value: Number(r.now), previous: Number(r.before) }))
    .filter((r) => r.value > 0)
    .sort((a, b) => b.value - a.value || a.name.localeCompare(b.name))
    .slice(0, 10);

/** Totals of [from, to) from the raw events: distinct members, contributors, first contributions. */
async function rawTotals(from: Date, to: Date): Promise<ReportTotals> {
  const [r] = await db.$queryRaw<
    { c: bigint | null; contributors: bigint; active: bigint; first: bigint; joined: bigint }[]
  >`
    with per_member as (
      select e.member_id, count(*) filter (where t.is_contribution) as c
        from activity_events e join members m on m.id = e.member_id and not m.is_bot
        left join activity_types t on t.type = e.type
       where e.occurred_at >= ${from} and e.occurred_at < ${to} group by 1),
    firsts as (
      select e.member_id from activity_events e join activity_types t on t.type = e.type and t.is_contribution
        join members m on m.id = e.member_id and not m.is_bot
       group by 1 having min(e.occurred_at) >= ${from} and min(e.occurred_at) < ${to})
    select (select sum(c) from per_member)::bigint as c, (select count(*) from per_member where c > 0) as contributors,
           (select count(*) from per_member) as active, (select count(*) from firsts) as first,
           (select count(*) from members where not is_bot and joined_at >= ${from} and joined_at < ${to}) as joined`;
  return {
    contributions: Number(r.c ?? 0),
    contributors: Number(r.contributors),
    activeMembers: Number(r.active),
    newMembers: Number(r.joined),
    newContributors: Number(r.first),
  };
}

/** Member and organisation rankings of `month` from the raw events (orgs by the per-event credit rule). */
async function rawRankings(month: MonthKey, publicOnly: boolean) {
  const [prevFrom, from, to] = [addMonths(month, -1), month, addMonths(month, 1)].map(monthStart);
  const measure = (contribution: boolean, alias: string) =>
    Prisma.sql`${Prisma.raw(alias)} = ${contribution}`;
  const members = (contribution: boolean) => db.$queryRaw<Counts[]>`
    select m.id, m.display_name as name,
           count(*) filter (where ${measure(contribution, "coalesce(t.is_contribution, false)")} and e.occurred_at >= ${from}) as now,
           count(*) filter (where ${measure(contribution, "coalesce(t.is_contribution, false)")} and e.occurred_at < ${from}) as before
      from activity_events e
      join members m on m.id = e.member_id and not m.is_bot and (not ${publicOnly} or not (m.public_opt_out or m.do_not_contact))
      left join activity_types t on t.type = e.type
     where e.occurred_at >= ${prevFrom} and e.occurred_at < ${to} group by m.id`;
  const orgs = (contribution: boolean) => db.$queryRaw<Counts[]>`
    with credited as (${creditedEvents(prevFrom, to)})
    select o.id, o.name,
           count(*) filter (where c.is_contribution = ${contribution} and c.occurred_at >= ${from}) as now,
           count(*) filter (where c.is_contribution = ${contribution} and c.occurred_at < ${from}) as before
      from credited c join organizations o on o.id = c.org_id and not o.is_staff_org group by o.id`;
  return {
    topContributors: top(await members(true)),
    mostActive: top(await members(false)),
    topOrgsByContributions: top(await orgs(true)),
    topOrgsByActivity: top(await orgs(false)),
  };
}

async function expectMatchesRaw(month: MonthKey): Promise<void> {
  const report = await monthlyReport(month, { dataThrough: THROUGH });
  const totalsOf = (m: MonthKey) => rawTotals(monthStart(m), monthStart(addMonths(m, 1)));
  expect(report.totals).toEqual(await totalsOf(month));
  expect(report.previousTotals).toEqual(await totalsOf(addMonths(month, -1)));
  const trail = await Promise.all([-6, -5, -4, -3, -2, -1].map((k) => totalsOf(addMonths(month, k))));
  expect(report.trailingContributions).toEqual(trail.map((t) => t.contributions));
  expect(report.trailingActiveMembers).toEqual(trail.map((t) => t.activeMembers));
  const raw = await rawRankings(month, false);
  expect(report.topContributors).toEqual(raw.topContributors);
  expect(report.mostActive).toEqual(raw.mostActive);
  expect(report.topOrgsByContributions).toEqual(raw.topOrgsByContributions);
  expect(report.topOrgsByActivity).toEqual(raw.topOrgsByActivity);
  const firsts = await db.$queryRaw<{ id: number; name: string }[]>`
      select m.id, m.display_name as name
        from activity_events e join activity_types t on t.type = e.type and t.is_contribution
        join members m on m.id = e.member_id and not m.is_bot
       group by m.id having min(e.occurred_at) >= ${monthStart(month)} and min(e.occurred_at) < ${monthStart(addMonths(month, 1))}
       order by min(e.occurred_at), m.id limit 50`;
  expect(report.newContributors).toEqual(firsts);
  const publicReport = await monthlyReport(month, { publicOnly: true, dataThrough: THROUGH });
  const rawPublic = await rawRankings(month, true);
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
