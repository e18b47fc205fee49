// Projects when a monthly metric will hit its target from a least-squares trend over the
// recent months, and whether that lands by the due date. Each value is read as of month end.

import {
  addMonths,
  daysInMonth,
  monthFromIndex,
  monthIndex,
  monthKey,
  monthStart,
  type MonthKey,
} from "./months";
import { DAY_MS } from "@/lib/time";

export interface MonthlyPoint {
  month: MonthKey;
  value: number | null;
}

export interface Target {
  value: number;
  dueDate: Date;
}

export type TargetStatus = "reached" | "on-track" | "behind" | "flat-or-away" | "insufficient-data";

export interface TargetProjection {
  status: TargetStatus;
  /** Fitted change per month; null with fewer than two usable months. */
  slopePerMonth: number | null;
  /** When the trend line reaches the target; null if flat or heading away. */
  projectedDate: Date | null;
  /** projectedDate ≤ dueDate; null with too little data. */
  onTrack: boolean | null;
  /** Change per month needed from the latest value to hit the target by the due date. */
  requiredPerMonth: number | null;
  /** Trend line, month by month, from the first fitted month to the later of due and projected. */
  trendLine: MonthlyPoint[];
}

/** Cap so a nearly flat trend does not draw a century of points. */
const MAX_HORIZON_MONTHS = 120;
const MAX_PROJECTION_MONTHS = 1200;

export function projectTarget(
  series: readonly MonthlyPoint[],
  target: Target,
  lastMonths = 6,
): TargetProjection {
  const usable = series
    .filter((p): p is { month: MonthKey; value: number } => p.value !== null && Number.isFinite(p.value))
    .sort((a, b) => monthIndex(a.month) - monthIndex(b.month))
    .slice(-Math.max(2, lastMonths));
  const empty = {
    slopePerMonth: null,
    projectedDate: null,
    onTrack: null,
    requiredPerMonth: null,
    trendLine: [],
  };
  if (usable.length === 0 || !Number.isFinite(target.value) || Number.isNaN(target.dueDate.getTime())) {
    return { status: "insufficient-data", ...empty };
  }
  const last = usable[usable.length - 1];
  const lastX = monthIndex(last.month);
  const rising = target.value > last.value;
  const reached = target.value === last.value;
  const dueX = monthPosition(target.dueDate);
  const requiredPerMonth = dueX > lastX ? (target.value - last.value) / (dueX - lastX) : null;
  if (reached) {
    return {
      ...empty,
      status: "reached",
      projectedDate: monthEnd(last.month),
      onTrack: true,
      requiredPerMonth: 0,
    };
  }
  if (usable.length < 2) return { status: "insufficient-data", ...empty, requiredPerMonth };

  // x is the month index; months missing from the series simply leave gaps in x.
  const xs = usable.map((p) => monthIndex(p.month));
  const meanX = xs.reduce((s, x) => s + x, 0) / xs.length;
  const meanY = usable.reduce((s, p) => s + p.value, 0) / usable.length;
  let sxx = 0;
  let sxy = 0;
  usable.forEach((p, i) => {
    sxx += (xs[i] - meanX) ** 2;
    sxy += (xs[i] - meanX) * (p.value - meanY);
  });
  const slope = sxy / sxx;
  const at = (x: number) => meanY + slope * (x - meanX);
  const scale = Math.max(Math.abs(meanY), Math.abs(target.value), 1);
  const towards = rising ? slope > 1e-12 * scale : slope < -1e-12 * scale;

  let projectedDate: Date | null = null;
  let projectedX: number | null = null;
  if (towards) {
    // If the fitted line already passed the target, the trend says "now", not in the past.
    const x = Math.max(lastX, meanX + (target.value - meanY) / slope);
    // A crossing centuries away is "flat" for any practical purpose (and past Date's range).
    if (x - lastX <= MAX_PROJECTION_MONTHS) {
      projectedX = x;
      projectedDate = dateAtPosition(x);
    }
  }
  const endX = Math.min(
    lastX + MAX_HORIZON_MONTHS,
    Math.max(Math.ceil(dueX), projectedX === null ? lastX : Math.ceil(projectedX)),
  );
  const trendLine: MonthlyPoint[] = [];
  for (let x = xs[0]; x <= endX; x++) trendLine.push({ month: monthFromIndex(x), value: at(x) });
  const onTrack = projectedDate !== null && projectedDate.getTime() <= target.dueDate.getTime();
  return {
    status: projectedDate === null ? "flat-or-away" : onTrack ? "on-track" : "behind",
    slopePerMonth: slope,
    projectedDate,
    onTrack,
    requiredPerMonth,
    trendLine,
  };
}

function monthEnd(month: MonthKey): Date {
  return monthStart(addMonths(month, 1));
}

/** Position of a date on the month-index axis, where x = i is the end of month i. */
function monthPosition(date: Date): number {
  const month = monthKey(date);
  const fraction = (date.getTime() - monthStart(month).getTime()) / (daysInMonth(month) * DAY_MS);
  return monthIndex(month) - 1 + fraction;
}

function dateAtPosition(x: number): Date {
  const whole = Math.floor(x);
  const next = monthFromIndex(whole + 1);
  return new Date(monthStart(next).getTime() + (x - whole) * daysInMonth(next) * DAY_MS);
}
