// Month-over-month change and "unusual month" notes for the monthly community report.
// Pure: the report data layer feeds it counts, the pages and renderers show the result.

export type ChangeDirection = "up" | "down" | "flat" | "new" | "gone" | "none";

export interface MonthChange {
  current: number;
  previous: number;
  delta: number;
  /** Relative change (0.25 = +25%); null when last month was zero. */
  ratio: number | null;
  direction: ChangeDirection;
}

/** The change from last month to this month; "new" when last month was zero, "gone" when this month is. */
export function monthOverMonth(current: number, previous: number): MonthChange {
  const delta = current - previous;
  if (previous === 0)
    return { current, previous, delta, ratio: null, direction: current === 0 ? "none" : "new" };
  const ratio = delta / previous;
  const direction: ChangeDirection = current === 0 ? "gone" : delta > 0 ? "up" : delta < 0 ? "down" : "flat";
  return { current, previous, delta, ratio, direction };
}

/** "▲ 25%", "▼ 40%", "new", "–" — the same text in Markdown, HTML and the page. */
export function formatChange(change: MonthChange): string {
  switch (change.direction) {
    case "new":
      return "new";
    case "none":
      return "–";
    case "flat":
      return "= 0%";
    default:
      return `${change.delta > 0 ? "▲" : "▼"} ${Math.round(Math.abs(change.ratio ?? 0) * 100)}%`;
  }
}

export interface UnusualMonthRule {
  /** Months in the trailing window (excluding the month itself). */
  window: number;
  high: number;
  low: number;
  /** Below this trailing mean the month is too small to call unusual. */
  minMean: number;
}

export const DEFAULT_UNUSUAL_RULE: UnusualMonthRule = { window: 6, high: 1.5, low: 0.5, minMean: 5 };

export interface UnusualMonthNote {
  metric: string;
  kind: "high" | "low";
  value: number;
  trailingMean: number;
  text: string;
}

/**
 * Flags a month whose value is above `high`× or below `low`× the mean of the `window` months
 * before it. `trailing` holds those earlier months, oldest first; fewer than half a window says nothing.
 */
export function unusualMonthNote(
  metric: string,
  value: number,
  trailing: number[],
  rule: UnusualMonthRule = DEFAULT_UNUSUAL_RULE,
): UnusualMonthNote | null {
  const window = trailing.slice(-rule.window);
  if (window.length < Math.ceil(rule.window / 2)) return null;
  const mean = window.reduce((a, b) => a + b, 0) / window.length;
  if (mean < rule.minMean) return null;
  const times = value / mean;
  const meanText = Math.round(mean * 10) / 10;
  if (times > rule.high)
    return {
      metric,
      kind: "high",
      value,
      trailingMean: mean,
      text: `${metric} was ${times.toFixed(1)}× the ${window.length}-month average (${value} vs ${meanText}).`,
    };
  if (times < rule.low)
    return {
      metric,
      kind: "low",
      value,
      trailingMean: mean,
      text: `${metric} fell to ${Math.round(times * 100)}% of the ${window.length}-month average (${value} vs ${meanText}).`,
    };
  return null;
}
