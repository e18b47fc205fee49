// Cohort retention heatmaps from SQL-aggregated rows, and conversion rate by activity
// decile. SQL does the counting; this fills gaps and separates "zero" from "not yet".

import { scoreDeciles } from "./deciles";
import { addMonths, monthIndex, monthRange, monthsBetween, type MonthKey } from "./months";
import { wilsonInterval } from "./proportions";

export interface RetentionRow {
  cohortMonth: MonthKey;
  monthOffset: number;
  active: number;
  cohortSize: number;
}

export interface RetentionCell {
  monthOffset: number;
  /** null = not observable yet (the cohort has not been around that long). */
  active: number | null;
  share: number | null;
}

export interface RetentionMatrix {
  /** Every month from the first to the last cohort, including cohorts with no rows. */
  cohorts: { cohortMonth: MonthKey; cohortSize: number; cells: RetentionCell[] }[];
  /** 0 … maxOffset, the heatmap's columns. */
  offsets: number[];
  /** Member-weighted share per offset over the cohorts observable at that offset. */
  average: { monthOffset: number; share: number | null; cohorts: number }[];
}

/**
 * Dense cohort × offset matrix. A cell is observable when cohortMonth + offset ≤ asOfMonth
 * (default: the latest month the rows reach); observable cells without a row count as 0.
 */
export function buildRetentionMatrix(rows: readonly RetentionRow[], asOfMonth?: MonthKey): RetentionMatrix {
  const valid = rows.filter(
    (r) => Number.isInteger(r.monthOffset) && r.monthOffset >= 0 && r.active >= 0 && r.cohortSize >= 0,
  );
  if (valid.length === 0) return { cohorts: [], offsets: [], average: [] };
  const cohortKeys = [...new Set(valid.map((r) => r.cohortMonth))].sort(
    (a, b) => monthIndex(a) - monthIndex(b),
  );
  const asOf =
    asOfMonth ??
    valid.reduce((m, r) => {
      const k = addMonths(r.cohortMonth, r.monthOffset);
      return k > m ? k : m;
    }, cohortKeys[0]);
  const maxOffset = Math.max(0, monthsBetween(cohortKeys[0], asOf));
  const offsets = Array.from({ length: maxOffset + 1 }, (_, i) => i);
  const byKey = new Map(valid.map((r) => [`${r.cohortMonth}|${r.monthOffset}`, r]));
  const size = new Map<MonthKey, number>();
  // Rows of one cohort should agree on its size; take the largest if they do not.
  for (const r of valid) size.set(r.cohortMonth, Math.max(size.get(r.cohortMonth) ?? 0, r.cohortSize));

  const cohorts = monthRange(cohortKeys[0], cohortKeys[cohortKeys.length - 1]).map((cohortMonth) => {
    const cohortSize = size.get(cohortMonth) ?? 0;
    const observable = monthsBetween(cohortMonth, asOf);
    const cells = offsets.map((monthOffset) => {
      if (monthOffset > observable) return { monthOffset, active: null, share: null };
      const active = byKey.get(`${cohortMonth}|${monthOffset}`)?.active ?? 0;
      return { monthOffset, active, share: cohortSize > 0 ? active / cohortSize : null };
    });
    return { cohortMonth, cohortSize, cells };
  });
  const average = offsets.map((monthOffset) => {
    let active = 0;
    let members = 0;
    let count = 0;
    for (const c of cohorts) {
      const cell = c.cells[monthOffset];
      if (cell.active === null || c.cohortSize === 0) continue;
      active += cell.active;
      members += c.cohortSize;
      count++;
    }
    return { monthOffset, share: members > 0 ? active / members : null, cohorts: count };
  });
  return { cohorts, offsets, average };
}

export interface DecileConversion {
  /** 1 = least active … 10 = most active. */
  decile: number;
  members: number;
  conversions: number;
  rate: number | null;
  lower: number | null;
  upper: number | null;
  minScore: number | null;
  maxScore: number | null;
}

/**
 * Conversion rate with a Wilson 95% interval for each activity-score decile (ntile(10)
 * semantics). Always ten rows; rows without a finite score are left out.
 */
export function conversionByDecile(
  rows: readonly { activityScore: number | null; converted: boolean }[],
): DecileConversion[] {
  const scored = rows.filter(
    (r): r is { activityScore: number; converted: boolean } =>
      r.activityScore !== null && Number.isFinite(r.activityScore),
  );
  // Equal scores keep input order (never the outcome, which would bias the top decile);
  // order the SQL by member id to make the split reproducible.
  const position = new Map(scored.map((r, i) => [r, String(i).padStart(12, "0")]));
  const deciles = scoreDeciles(
    scored,
    (r) => r.activityScore,
    (r) => position.get(r)!,
  );
  return Array.from({ length: 10 }, (_, i) => {
    const members = scored.filter((_, j) => deciles[j] === i + 1);
    const conversions = members.filter((r) => r.converted).length;
    const ci = wilsonInterval(conversions, members.length);
    const scores = members.map((r) => r.activityScore);
    return {
      decile: i + 1,
      members: members.length,
      conversions,
      rate: ci?.estimate ?? null,
      lower: ci?.lower ?? null,
      upper: ci?.upper ?? null,
      minScore: scores.length ? Math.min(...scores) : null,
      maxScore: scores.length ? Math.max(...scores) : null,
    };
  });
}
