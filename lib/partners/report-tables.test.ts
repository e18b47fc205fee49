import { describe, expect, it } from "vitest";
import type { MonthlyReport } from "./report";
import { REPORT_TABLE_KEYS, reportTableCsv } from "./report-tables";

const totals = { contributions: 0, contributors: 0, activeMembers: 0, newMembers: 0, newContributors: 0 };
const report: MonthlyReport = {
  month: "2026-11",
  previousMonth: "2026-10",
  inProgress: false,
  comparison: "compared with October 2026",
  totals,
  previousTotals: totals,
  trailingContributions: [],
  trailingActiveMembers: [],
  topContributors: [
    { id: 7, name: "Ada", value: 12, previous: 6 },
    { id: 3, name: "Bo", value: 9, previous: 0 },
  ],
  mostActive: [{ id: 2, name: "Cy", value: 40, previous: 41 }],
  topOrgsByContributions: [{ id: 5, name: "Acme", value: 21, previous: 6 }],
  topOrgsByActivity: [],
  newContributors: [],
  newMembers: [],
  notes: [],
};

describe("reportTableCsv", () => {
  it("ranks each table's entries with this month's and last month's counts", () => {
    expect(reportTableCsv(report, "top-contributors")).toEqual([
      ["rank", "member_id", "name", "contributions_2026_11", "contributions_2026_10"],
      [
        [1, 7, "Ada", 12, 6],
        [2, 3, "Bo", 9, 0],
      ],
    ]);
    expect(reportTableCsv(report, "most-active")[1]).toEqual([[1, 2, "Cy", 40, 41]]);
    expect(reportTableCsv(report, "top-orgs-by-contributions")[0][1]).toBe("organization_id");
    expect(reportTableCsv(report, "top-orgs-by-activity")).toEqual([
      ["rank", "organization_id", "name", "activity_2026_11", "activity_2026_10"],
      [],
    ]);
  });

  it("names a month in progress as to date, against the same days before", () => {
    expect(reportTableCsv({ ...report, inProgress: true }, "most-active")[0]).toEqual([
      "rank",
      "member_id",
      "name",
      "activity_2026_11_to_date",
      "activity_2026_10_same_days",
    ]);
  });

  it("has one table per ranked list", () => {
    expect(REPORT_TABLE_KEYS).toEqual([
      "top-contributors",
      "most-active",
      "top-orgs-by-contributions",
      "top-orgs-by-activity",
    ]);
  });
});
