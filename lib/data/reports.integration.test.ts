// The monthly report on the real Mautic history: its contributing companies and their
// month-over-month change, checked against counts computed here straight from the TSV.
import path from "node:path";
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { truncateAll, useTestDatabase } from "@/lib/test/db";
import { runImport } from "@/lib/services/imports/run-import";
import { rebuildWeeklyActivity } from "@/lib/services/rollups";
import { ensureDefaultActivityTypes } from "@/lib/services/activity-types";
import { monthlyReport } from "./reports";
import { listOrganizations } from "./organizations";
import { renderReportHtml, renderReportMarkdown } from "@/lib/partners";

const db = useTestDatabase();
const FILE = path.resolve(process.cwd(), "../shared/data/mautic-commits.tsv");
const MONTH = "2023-08";
const PREVIOUS = "2023-07";

/** Commits per (email domain, UTC month), read from the file without the app's parser. */
function commitsByDomainMonth(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const line of readFileSync(FILE, "utf8").split("\n").slice(1)) {
    const [sha, , email, at] = line.split("\t");
    if (!sha || !email?.includes("@")) continue;
    const domain = email.trim().toLowerCase().split("@")[1];
    const month = new Date(at).toISOString().slice(0, 7);
    counts.set(`${domain}|${month}`, (counts.get(`${domain}|${month}`) ?? 0) + 1);
  }
  return counts;
}

/** Commits from a registrable domain or any of its subdomains in a month. */
function expected(counts: Map<string, number>, domain: string, month: string): number {
  let n = 0;
  for (const [key, value] of counts) {
    const [d, m] = key.split("|");
    if (m === month && (d === domain || d.endsWith(`.${domain}`))) n += value;
  }
  return n;
}

describe("monthly report on the Mautic history", () => {
  const counts = commitsByDomainMonth();

  beforeAll(async () => {
    await truncateAll(db);
    await ensureDefaultActivityTypes();
    const summary = await runImport({ source: "git", file: FILE, repository: "mautic/mautic" });
    expect(summary.status).toBe("succeeded");
    await rebuildWeeklyActivity();
  }, 300_000);

  it("lists Acquia with its real commit counts and month-over-month change", async () => {
    const report = await monthlyReport(MONTH);
    const acquia = report.topOrgsByContributions.find((o) => o.name === "Acquia");
    expect(acquia).toBeDefined();
    expect(acquia!.value).toBe(expected(counts, "acquia.com", MONTH));
    expect(acquia!.previous).toBe(expected(counts, "acquia.com", PREVIOUS));
    expect(acquia!.value).toBeGreaterThan(acquia!.previous);
  });

  it("credits every listed organisation exactly its domain's commits, this month and last", async () => {
    const report = await monthlyReport(MONTH);
    expect(report.topOrgsByContributions.length).toBeGreaterThan(2);
    const orgs = await db.organization.findMany({
      where: { id: { in: report.topOrgsByContributions.map((o) => o.id) } },
      include: { domains: true },
    });
    for (const entry of report.topOrgsByContributions) {
      const domains = orgs.find((o) => o.id === entry.id)!.domains.map((d) => d.domain);
      const now = domains.reduce((sum, d) => sum + expected(counts, d, MONTH), 0);
      const before = domains.reduce((sum, d) => sum + expected(counts, d, PREVIOUS), 0);
      expect({ org: entry.name, value: entry.value, previous: entry.previous }).toEqual({
        org: entry.name,
        value: now,
        previous: before,
      });
    }
    const values = report.topOrgsByContributions.map((o) => o.value);
    expect(values).toEqual([...values].sort((a, b) => b - a));
  });

  it("totals commits of the month and names its top contributors", async () => {
    const report = await monthlyReport(MONTH);
    let total = 0;
    for (const [key, value] of counts) if (key.endsWith(`|${MONTH}`)) total += value;
    const nameless = readFileSync(FILE, "utf8")
      .split("\n")
      .slice(1)
      .filter(
        (l) =>
          l && !l.split("\t")[2]?.includes("@") && new Date(l.split("\t")[3]).toISOString().startsWith(MONTH),
      ).length;
    // Bot authors (dependabot[bot], allcontributors[bot], ...) are not contributors.
    const bots = readFileSync(FILE, "utf8")
      .split("\n")
      .slice(1)
      .filter(
        (l) =>
          l &&
          l.split("\t")[1]?.trim().endsWith("[bot]") &&
          new Date(l.split("\t")[3]).toISOString().startsWith(MONTH),
      ).length;
    expect(bots).toBeGreaterThan(0);
    expect(report.totals.contributions).toBe(total + nameless - bots);
    expect(report.topContributors[0].value).toBeGreaterThan(0);
    expect(report.mostActive).toEqual([]);
  });

  it("keeps the staff organisation out of rankings", async () => {
    const before = await monthlyReport(MONTH);
    const top = before.topOrgsByContributions[0];
    await db.organization.update({ where: { id: top.id }, data: { isStaffOrg: true } });
    const after = await monthlyReport(MONTH);
    expect(after.topOrgsByContributions.map((o) => o.id)).not.toContain(top.id);
    const list = await listOrganizations({
      month: MONTH,
      staff: "exclude",
      sorting: [{ id: "contributions", desc: true }],
      pageIndex: 0,
      pageSize: 10,
    });
    expect(list.rows.map((r) => r.id)).not.toContain(top.id);
    const named = await listOrganizations({
      month: MONTH,
      q: top.name.slice(1, 5),
      staff: "only",
      sorting: [{ id: "name", desc: false }],
      pageIndex: 0,
      pageSize: 10,
    });
    expect(named.rows.map((r) => r.id)).toEqual([top.id]);
    await db.organization.update({ where: { id: top.id }, data: { isStaffOrg: false } });
  });

  it("exports Markdown and HTML naming the companies", async () => {
    const report = await monthlyReport(MONTH);
    expect(renderReportMarkdown(report)).toContain("Acquia");
    expect(renderReportHtml(report)).toContain("<td>Acquia</td>");
  });

  it("reads a month in progress to date against the same days of the month before, with no notes", async () => {
    // Data "through" 10 August: August 1–10 against July 1–10, never a whole July.
    const through = new Date("2023-08-10T15:00:00Z");
    const inWindow = (domain: string, from: string, to: string) =>
      readFileSync(FILE, "utf8")
        .split("\n")
        .slice(1)
        .filter((l) => {
          const [sha, , email, at] = l.split("\t");
          if (!sha || !email?.includes("@")) return false;
          const d = email.trim().toLowerCase().split("@")[1];
          const t = new Date(at).toISOString();
          return (d === domain || d.endsWith(`.${domain}`)) && t >= from && t < to;
        }).length;
    const report = await monthlyReport(MONTH, { dataThrough: through });
    expect(report.inProgress).toBe(true);
    expect(report.comparison).toContain("1–10 Aug");
    expect(report.notes).toEqual([]);
    const acquia = report.topOrgsByContributions.find((o) => o.name === "Acquia")!;
    expect(acquia.value).toBe(inWindow("acquia.com", "2023-08-01", "2023-08-11"));
    expect(acquia.previous).toBe(inWindow("acquia.com", "2023-07-01", "2023-07-11"));
    expect(acquia.previous).toBeLessThan(expected(counts, "acquia.com", PREVIOUS));
    const list = await listOrganizations({
      month: MONTH,
      dataThrough: through,
      sorting: [{ id: "contributions", desc: true }],
      pageIndex: 0,
      pageSize: 50,
    });
    const row = list.rows.find((r) => r.name === "Acquia")!;
    expect({ now: row.contributions, before: row.previousContributions }).toEqual({
      now: acquia.value,
      before: acquia.previous,
    });
  });
});
