// Which month a view shows by default and how an in-progress month is compared: a month is
// complete once the data reaches its last day; a partial month is compared with the same elapsed
// days of the month before, never with a whole month (a partial month is not a drop).
import { addMonths, daysInMonth, monthKey, monthStart, type MonthKey } from "./months";
import { DAY_MS } from "@/lib/time";

export type MonthStatus = "complete" | "in_progress" | "future";

/** complete: the data reaches the month's last day; in_progress: data ends inside it; future: no data yet. */
export function monthStatus(month: MonthKey, dataThrough: Date): MonthStatus {
  const current = monthKey(dataThrough);
  if (month < current) return "complete";
  if (month > current) return "future";
  return dataThrough.getUTCDate() === daysInMonth(month) ? "complete" : "in_progress";
}

/** The newest month whose data is complete: the default for every month view. */
export function lastCompleteMonth(dataThrough: Date): MonthKey {
  const current = monthKey(dataThrough);
  return monthStatus(current, dataThrough) === "complete" ? current : addMonths(current, -1);
}

/** A requested ?month when it is a valid key, otherwise the last complete month. */
export function defaultMonth(requested: MonthKey | null | undefined, dataThrough: Date): MonthKey {
  return requested ?? lastCompleteMonth(dataThrough);
}

export interface MonthWindow {
  month: MonthKey;
  status: MonthStatus;
  /** [from, to) of the month, cut at the end of the data's last day when in progress. */
  from: Date;
  to: Date;
  /** The comparison window: the whole previous month, or its same first days when in progress. */
  previousFrom: Date;
  previousTo: Date;
  /** Days covered when in progress (1–6 December → 6), else null. */
  daysCovered: number | null;
}

/**
 * The windows a month view counts over. An in-progress month runs to the end of the data's last
 * day; the previous month is cut after as many days (at most its own length).
 */
export function monthWindow(month: MonthKey, dataThrough: Date): MonthWindow {
  const status = monthStatus(month, dataThrough);
  const previous = addMonths(month, -1);
  const from = monthStart(month);
  const previousFrom = monthStart(previous);
  if (status !== "in_progress") {
    return {
      month,
      status,
      from,
      to: monthStart(addMonths(month, 1)),
      previousFrom,
      previousTo: from,
      daysCovered: null,
    };
  }
  const days = dataThrough.getUTCDate();
  const previousDays = Math.min(days, daysInMonth(previous));
  return {
    month,
    status,
    from,
    to: new Date(from.getTime() + days * DAY_MS),
    previousFrom,
    previousTo: new Date(previousFrom.getTime() + previousDays * DAY_MS),
    daysCovered: days,
  };
}

const shortMonth = (month: MonthKey) =>
  new Intl.DateTimeFormat("en-GB", { month: "short", timeZone: "UTC" }).format(monthStart(month));

/** "1–6 Dec so far, compared with 1–6 Nov" or "compared with November 2026" for a complete month. */
export function comparisonLabel(window: MonthWindow): string {
  const previous = addMonths(window.month, -1);
  if (window.status !== "in_progress" || window.daysCovered === null) {
    const long = new Intl.DateTimeFormat("en-GB", { month: "long", year: "numeric", timeZone: "UTC" }).format(
      monthStart(previous),
    );
    return `compared with ${long}`;
  }
  const prevDays = Math.min(window.daysCovered, daysInMonth(previous));
  const range = (d: number) => (d === 1 ? "1" : `1–${d}`);
  return `month to date (${range(window.daysCovered)} ${shortMonth(window.month)}), compared with the same days of the previous month (${range(prevDays)} ${shortMonth(previous)})`;
}

/** For monthly series: which points are in progress, so charts draw them dashed or hatched, not as drops. */
export function inProgressMonths(months: readonly MonthKey[], dataThrough: Date): boolean[] {
  return months.map((m) => monthStatus(m, dataThrough) !== "complete");
}
