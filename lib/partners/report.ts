// The monthly community report as plain data, and its notes on unusual months. The data layer
// fills it from SQL; the page, the Markdown/HTML exports and the public page all render this shape.
import type { MonthKey } from "@/lib/analytics/months";
import { formatChange, monthOverMonth, unusualMonthNote, type MonthChange } from "./changes";

export interface RankedEntry {
  id: number;
  name: string;
  value: number;
  previous: number;
}

export interface ReportTotals {
  contributions: number;
  contributors: number;
  activeMembers: number;
  newMembers: number;
  newContributors: number;
}

export interface MonthlyReport {
  month: MonthKey;
  previousMonth: MonthKey;
  /** The data ends inside the month: totals are month to date, compared with the same days before. */
  inProgress: boolean;
  /** How the month is compared, e.g. "compared with October 2026" or "month to date (1–6 Dec), …". */
  comparison: string;
  totals: ReportTotals;
  previousTotals: ReportTotals;
  /** Contributions in each of the 6 months before `month`, oldest first. */
  trailingContributions: number[];
  trailingActiveMembers: number[];
  topContributors: RankedEntry[];
  mostActive: RankedEntry[];
  topOrgsByContributions: RankedEntry[];
  topOrgsByActivity: RankedEntry[];
  newContributors: { id: number; name: string }[];
  newMembers: { id: number; name: string }[];
  notes: string[];
}

export function entryChange(entry: RankedEntry): MonthChange {
  return monthOverMonth(entry.value, entry.previous);
}

export function changeText(entry: RankedEntry): string {
  return formatChange(entryChange(entry));
}

/** Notes on what stands out this month: unusual totals against the trailing 6-month mean. */
export function reportNotes(
  report: Pick<MonthlyReport, "totals" | "trailingContributions" | "trailingActiveMembers">,
): string[] {
  const notes = [
    unusualMonthNote("Contributions", report.totals.contributions, report.trailingContributions),
    unusualMonthNote("Active members", report.totals.activeMembers, report.trailingActiveMembers),
  ];
  return notes.filter((n) => n !== null).map((n) => n.text);
}

/** "March 2024" for "2024-03". */
export function monthLabel(month: MonthKey): string {
  const [y, m] = month.split("-").map(Number);
  return new Intl.DateTimeFormat("en-GB", { month: "long", year: "numeric", timeZone: "UTC" }).format(
    new Date(Date.UTC(y, m - 1, 1)),
  );
}
