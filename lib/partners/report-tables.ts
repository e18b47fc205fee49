// The monthly report's four ranked tables as CSV rows (rank, id, name, this month and last month), one table per
// file, for /api/v1/reports?format=csv&table=… The newcomer lists export from the Members list, which has them whole.
import type { MonthlyReport, RankedEntry } from "./report";

export const REPORT_TABLES = {
  "top-contributors": { title: "Top contributors", idColumn: "member_id", measure: "contributions" },
  "most-active": { title: "Most active members", idColumn: "member_id", measure: "activity" },
  "top-orgs-by-contributions": {
    title: "Top organisations by contributions",
    idColumn: "organization_id",
    measure: "contributions",
  },
  "top-orgs-by-activity": {
    title: "Top organisations by activity",
    idColumn: "organization_id",
    measure: "activity",
  },
} as const;
export type ReportTable = keyof typeof REPORT_TABLES;

export const REPORT_TABLE_KEYS = Object.keys(REPORT_TABLES) as [ReportTable, ...ReportTable[]];

function entriesOf(report: MonthlyReport, table: ReportTable): RankedEntry[] {
  switch (table) {
    case "top-contributors":
      return report.topContributors;
    case "most-active":
      return report.mostActive;
    case "top-orgs-by-contributions":
      return report.topOrgsByContributions;
    case "top-orgs-by-activity":
      return report.topOrgsByActivity;
  }
}

/**
 * Header and rows of one ranked table. The count columns are named after their months ("contributions_2026_11");
 * a month in progress says its counts are to date, against the same days of the month before.
 */
export function reportTableCsv(report: MonthlyReport, table: ReportTable): [string[], (string | number)[][]] {
  const { idColumn, measure } = REPORT_TABLES[table];
  const column = (month: string, note: string) =>
    `${measure}_${month.replace("-", "_")}${report.inProgress ? note : ""}`;
  return [
    ["rank", idColumn, "name", column(report.month, "_to_date"), column(report.previousMonth, "_same_days")],
    entriesOf(report, table).map((e, i) => [i + 1, e.id, e.name, e.value, e.previous]),
  ];
}
