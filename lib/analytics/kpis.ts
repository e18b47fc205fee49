// Small helpers behind the KPI cards: a value against last month, and 12-month sparklines
// with missing months drawn as zero. Null in, null out; never NaN or Infinity.

import { addMonths, monthKey, monthRange, type MonthKey } from "./months";

export interface MonthOverMonth {
  current: number | null;
  previous: number | null;
  /** current − previous. */
  absoluteChange: number | null;
  /** (current − previous) ÷ |previous| as a fraction (0.12 = +12%); null when previous is 0. */
  relativeChange: number | null;
  direction: "up" | "down" | "flat" | null;
}

const finite = (v: number | null | undefined): number | null =>
  v !== null && v !== undefined && Number.isFinite(v) ? v : null;

export function compareToPrevious(
  current: number | null | undefined,
  previous: number | null | undefined,
): MonthOverMonth {
  const c = finite(current);
  const p = finite(previous);
  if (c === null || p === null)
    return { current: c, previous: p, absoluteChange: null, relativeChange: null, direction: null };
  const absoluteChange = c - p;
  return {
    current: c,
    previous: p,
    absoluteChange,
    relativeChange: p === 0 ? null : absoluteChange / Math.abs(p),
    direction: absoluteChange > 0 ? "up" : absoluteChange < 0 ? "down" : "flat",
  };
}

/** `month`'s value against the month before, read from a monthly series (duplicates summed). */
export function valueVsLastMonth(
  series: readonly { month: MonthKey; value: number | null }[],
  month: MonthKey,
): MonthOverMonth {
  const pick = (m: MonthKey) => {
    const values = series.filter((p) => p.month === m).map((p) => finite(p.value));
    return values.length === 0 || values.some((v) => v === null)
      ? null
      : (values as number[]).reduce((s, v) => s + v, 0);
  };
  return compareToPrevious(pick(month), pick(addMonths(month, -1)));
}

/**
 * The `months` (default 12) months ending at `endMonth`, oldest first, with gaps and
 * non-finite values as 0 and duplicate months summed.
 */
export function monthlySparkline(
  rows: readonly { month: MonthKey; value: number | null }[],
  endMonth: MonthKey | Date,
  months = 12,
): { month: MonthKey; value: number }[] {
  const end = typeof endMonth === "string" ? endMonth : monthKey(endMonth);
  const totals = new Map<MonthKey, number>();
  for (const r of rows) totals.set(r.month, (totals.get(r.month) ?? 0) + (finite(r.value) ?? 0));
  return monthRange(addMonths(end, -(Math.max(1, Math.floor(months)) - 1)), end).map((month) => ({
    month,
    value: totals.get(month) ?? 0,
  }));
}
