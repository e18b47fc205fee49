// Times the lib/data reads behind every dashboard page on a large synthetic community (default 100k
// members, 10M events, an organisation with 1,000 affiliations): median of 5 runs per read.
// Usage: npm run bench:pages -- [--members=100000] [--events=10000000] [--dir=/path/to/keep/cluster]
//        [--runs=5] [--only=<substring>[,<substring>…]] [--refresh=false]
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { freePort, startEmbeddedPostgres } from "@/lib/db/embedded";
import { applyMigrations } from "@/lib/db/migrate";
import { generateBenchData } from "./bench-data";
import { ensureBigAccount, ensureCampaign, ensureStoppedBillingSource } from "./bench-pages-fixtures";

const args = Object.fromEntries(
  process.argv
    .slice(2)
    .map((a) => a.replace(/^--/, "").split("="))
    .map(([k, v]) => [k, v ?? "true"]),
);
const MEMBERS = Number(args.members ?? 100_000);
const EVENTS = Number(args.events ?? 10_000_000);
const RUNS = Number(args.runs ?? 5);
const LIMIT_MS = 1000;

const log = (line: string) => console.log(`  ${line}`);

async function time(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

async function main() {
  const keep = typeof args.dir === "string" && args.dir !== "true";
  const dir = keep ? path.resolve(args.dir) : await mkdtemp(path.join(os.tmpdir(), "groundswell-bench-"));
  const cluster = await startEmbeddedPostgres({
    dir: path.join(dir, "pg"),
    port: await freePort(),
    database: "bench",
  });
  try {
    await applyMigrations(cluster.url);
    process.env.DATABASE_URL = cluster.url;
    const { db } = await import("@/lib/db/client");
    const [{ n }] = await db.$queryRaw<{ n: bigint }[]>`select count(*) as n from members`;
    if (Number(n) === 0) {
      console.log(`Generating ${MEMBERS.toLocaleString()} members and ${EVENTS.toLocaleString()} events…`);
      await generateBenchData(cluster.url, { members: MEMBERS, events: EVENTS, log });
    } else {
      console.log(`Reusing the ${Number(n).toLocaleString()} members in ${dir}`);
    }
    // The rollups step after the load (also when a run was stopped between the two).
    const { rollupsWatermark, rebuildWeeklyActivity } = await import("@/lib/services/rollups");
    if (!(await rollupsWatermark())) {
      const t = Date.now();
      const { rows } = await rebuildWeeklyActivity();
      log(`weekly rollups: ${rows} rows in ${((Date.now() - t) / 1000).toFixed(1)} s`);
      await db.$executeRaw`analyze`;
    }
    const bigAccount = await ensureBigAccount(db);
    const campaignId = await ensureCampaign(db);
    await ensureStoppedBillingSource(db);
    const [{ affiliations }] = await db.$queryRaw<{ affiliations: bigint }[]>`
      select count(*) as affiliations from affiliations where org_id = ${bigAccount}`;
    console.log(`Big organisation #${bigAccount}: ${affiliations} affiliations`);
    // What the recompute pipeline does after the rollups: precompute the heavy page aggregates.
    const { refreshPageAggregates } = await import("@/lib/services/page-aggregates");
    // --refresh=false on a reused cluster: the aggregates stored by an earlier run are read as they are.
    const refreshMs = args.refresh === "false" ? 0 : await time(() => refreshPageAggregates());
    console.log(
      `page aggregates refresh (background recompute step, not a page read): ${(refreshMs / 1000).toFixed(1)} s`,
    );
    // The pipeline's "organisation credits" step: full on the first run, then from the touched days.
    const { refreshOrgDailyCredits } = await import("@/lib/services/org-credits");
    const creditsMs = await time(() => refreshOrgDailyCredits());
    console.log(
      `organisation daily credits refresh (background recompute step): ${(creditsMs / 1000).toFixed(1)} s`,
    );
    const creditsAgainMs = await time(() => refreshOrgDailyCredits());
    console.log(
      `organisation daily credits refresh with nothing new: ${(creditsAgainMs / 1000).toFixed(1)} s`,
    );
    const overview = await import("@/lib/data/overview");
    const members = await import("@/lib/data/members");
    const detail = await import("@/lib/data/member-detail");
    const cohorts = await import("@/lib/data/cohorts");
    const orgs = await import("@/lib/data/organizations");
    const reports = await import("@/lib/data/reports");
    const ranked = await import("@/lib/data/ranked-lists");
    const outreach = await import("@/lib/data/outreach");
    const alerts = await import("@/lib/data/alerts");
    const campaigns = await import("@/lib/data/campaigns");
    const memberCampaigns = await import("@/lib/data/member-campaigns");
    const settings = await import("@/lib/data/settings");
    const plans = await import("@/lib/data/plans");
    const imports = await import("@/lib/data/imports");
    const { parseOutreachFilters, parseRankedListFilters } = await import("@/lib/validation/outreach");
    const { lastCompleteMonth } = await import("@/lib/analytics/periods");
    const { monthKey } = await import("@/lib/analytics/months");

    // A busy member (low ids get most events in the generator) and a search that hits.
    const busy = 7;
    const kpis = await overview.overviewKpis();
    const asOf = await cohorts.cohortsAsOf();
    const firstPage = { pageIndex: 0, pageSize: 25, sort: "name" as const, desc: false };
    // The pages' own month choice: the last complete month of the data (app/(dashboard)/organizations/month.ts).
    const orgMonth = async () => {
      const dataThrough = await orgs.activityDataThrough();
      return { month: lastCompleteMonth(dataThrough), dataThrough };
    };
    const orgList = async (over: Partial<Parameters<typeof orgs.listOrganizations>[0]> = {}) =>
      orgs.listOrganizations({
        ...(await orgMonth()),
        sorting: [{ id: "contributions", desc: true }],
        pageIndex: 0,
        pageSize: 25,
        ...over,
      });
    const orgPage = async (affiliationPage: number) => {
      const { month } = await orgMonth();
      await Promise.all([
        orgs.organizationDetail(bigAccount, month, affiliationPage),
        orgs.organizationOptions(),
      ]);
    };
    const tablePage = { pageIndex: 0, pageSize: 50 };
    const rankedPage = (kind: "candidates" | "at-risk") =>
      Promise.all([
        ranked.rankedListPage(kind, parseRankedListFilters({}), {
          ...tablePage,
          sorting: [{ id: "rank", desc: false }],
        }),
        ranked.rankedListFilterOptions(kind),
      ]);
    const cases: [string, () => Promise<unknown>][] = [
      [
        "PAGE / (all Overview reads)",
        async () => {
          const [k] = await Promise.all([
            overview.overviewKpis(),
            overview.mrrOverview(),
            overview.dataFreshness(),
            overview.topRanked("candidates"),
            overview.topRanked("at-risk"),
            overview.recentAlerts(),
          ]);
          await overview.targetsWithProjections(k);
        },
      ],
      [
        "PAGE /members (page 1 + filter options)",
        () => Promise.all([members.searchMembers({}, firstPage), members.memberFilterOptions()]),
      ],
      [
        "PAGE /members/[id] (profile, 26w timeline, events)",
        () =>
          Promise.all([
            detail.memberProfile(busy),
            detail.memberTimeline(busy, "26w"),
            detail.memberEvents(busy, null),
            memberCampaigns.memberCampaignOptions(busy),
          ]),
      ],
      ["PAGE /organizations (last complete month, page 1)", () => orgList()],
      ["PAGE /organizations/[id] (1,000 affiliations, page 1)", () => orgPage(0)],
      ["PAGE /organizations/[id] (1,000 affiliations, page 20)", () => orgPage(19)],
      [
        "PAGE /reports (monthly report)",
        async () => {
          const { month } = await orgMonth();
          await Promise.all([
            reports.monthlyReport(month),
            reports.publicReportEnabled(),
            orgs.latestActivityMonth(),
          ]);
        },
      ],
      [
        "PAGE /reports?month=<month in progress> (month to date vs the same days before)",
        async () => {
          const dataThrough = await orgs.activityDataThrough();
          await Promise.all([
            reports.monthlyReport(monthKey(dataThrough), { dataThrough }),
            reports.publicReportEnabled(),
            orgs.latestActivityMonth(),
          ]);
        },
      ],
      ["PAGE /candidates (page 1 + filter options)", () => rankedPage("candidates")],
      ["PAGE /at-risk (page 1 + filter options)", () => rankedPage("at-risk")],
      [
        "PAGE /outreach (list + conversion tables)",
        () =>
          Promise.all([
            outreach.outreachAssignees(),
            outreach.conversionByList(),
            outreach.conversionByAssignee(),
            outreach.outreachPage(parseOutreachFilters({}), { ...tablePage, sorting: [] }),
          ]),
      ],
      [
        "PAGE /alerts (open, page 1)",
        () => Promise.all([alerts.listAlerts({ state: "open", limit: 50 }), alerts.alertCounts("open")]),
      ],
      [
        "PAGE /campaigns (list + pooled results)",
        () => Promise.all([campaigns.listCampaigns(), campaigns.pooledCampaignResults(6)]),
      ],
      [
        "PAGE /campaigns/[id] (summary + members page 1)",
        () =>
          Promise.all([
            campaigns.getCampaignSummary(campaignId),
            campaigns.listCampaignMembers(campaignId, { limit: 50 }),
          ]),
      ],
      [
        "PAGE /settings (users, tokens, audit, plans)",
        () =>
          Promise.all([
            settings.listAdminUsers(),
            settings.listApiTokens(),
            settings.recentAuditEntries(),
            plans.listPlans(),
          ]),
      ],
      ["PAGE /imports (runs page 1)", () => imports.listImportRuns({ ...tablePage, sorting: [] })],
      ['organisations: partner status "eligible" filter', () => orgList({ partner: "eligible" })],
      ["organisations: sort by members' MRR", () => orgList({ sorting: [{ id: "mrr", desc: true }] })],
      [
        "PAGE /cohorts (all reads)",
        async () => {
          const at = await cohorts.cohortsAsOf();
          const [, spells] = await Promise.all([
            cohorts.activityRetention(),
            cohorts.firstPaidSpells(),
            cohorts.conversionByActivityDecile(),
            cohorts.communityRoi(at),
          ]);
          cohorts.survivalByQuarter(spells, at);
        },
      ],
      ["overview: KPIs + 12-month series", () => overview.overviewKpis()],
      ["overview: MRR movements + churn", () => overview.mrrOverview()],
      ["overview: data freshness", () => overview.dataFreshness()],
      ["overview: targets", () => overview.targetsWithProjections(kpis)],
      [
        "overview: top candidates + at-risk + alerts",
        () =>
          Promise.all([
            overview.topRanked("candidates"),
            overview.topRanked("at-risk"),
            overview.recentAlerts(),
          ]),
      ],
      ["members: page 1, no filters", () => members.searchMembers({}, firstPage)],
      [
        "members: page 1, sort by MRR desc",
        () => members.searchMembers({}, { ...firstPage, sort: "mrr", desc: true }),
      ],
      ["members: page 400 (offset 10k)", () => members.searchMembers({}, { ...firstPage, pageIndex: 400 })],
      ['members: search q="grace"', () => members.searchMembers({ q: "grace" }, firstPage)],
      ['members: search handle q="gh-user-12"', () => members.searchMembers({ q: "gh-user-12" }, firstPage)],
      [
        "members: tier=1 + source=github + tag",
        () => members.searchMembers({ tier: 1, source: "github", tag: "speaker" }, firstPage),
      ],
      ["members: org filter", () => members.searchMembers({ org: "Labs" }, firstPage)],
      // The Overview's paying tile drills down here: reads the stopped billing sources first.
      ["members: paying filter", () => members.searchMembers({ paying: "1" }, firstPage)],
      ["members: filter options", () => members.memberFilterOptions()],
      [
        "members: CSV export (all, chunked)",
        async () => {
          for await (const chunk of members.memberExportChunks({})) void chunk;
        },
      ],
      ["member: profile", () => detail.memberProfile(busy)],
      ["member: timeline 52w", () => detail.memberTimeline(busy, "52w")],
      ["member: timeline all", () => detail.memberTimeline(busy, "all")],
      ["member: events page 1", () => detail.memberEvents(busy, null)],
      ["cohorts: activity retention", () => cohorts.activityRetention()],
      [
        "cohorts: survival (KM by quarter)",
        async () => cohorts.survivalByQuarter(await cohorts.firstPaidSpells(), asOf),
      ],
      ["cohorts: conversion by decile", () => cohorts.conversionByActivityDecile()],
      ["cohorts: community ROI", () => cohorts.communityRoi(asOf)],
    ];
    // --only=a,b: the cases whose name contains any of the comma-separated parts.
    const only = typeof args.only === "string" ? args.only.split(",") : null;
    const results: { name: string; median: number; min: number; max: number }[] = [];
    for (const [name, fn] of cases) {
      if (only && !only.some((part) => name.includes(part))) continue;
      await fn(); // warm-up (plans, buffers)
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) times.push(await time(fn));
      times.sort((a, b) => a - b);
      const r = {
        name,
        median: times[Math.floor(times.length / 2)],
        min: times[0],
        max: times[times.length - 1],
      };
      results.push(r);
      console.log(`${r.median.toFixed(0).padStart(6)} ms  ${name}`);
    }
    console.log(`\n| Read | median ms | min | max | < ${LIMIT_MS} ms |\n|---|---:|---:|---:|:-:|`);
    for (const r of results)
      console.log(
        `| ${r.name} | ${r.median.toFixed(0)} | ${r.min.toFixed(0)} | ${r.max.toFixed(0)} | ${r.median < LIMIT_MS ? "yes" : "**no**"} |`,
      );
    await db.$disconnect();
    console.log(`\nPage aggregates refresh (background): ${(refreshMs / 1000).toFixed(1)} s`);
    // The CSV export streams; its total time is not a page render.
    if (results.some((r) => r.median >= LIMIT_MS && !r.name.includes("CSV"))) process.exitCode = 1;
  } finally {
    await cluster.stop();
    if (!keep) await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
