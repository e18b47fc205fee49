// Alert rules on a weekly activity series (a member's or an organisation's): a drop of ≥ 50%
// against its own 3-month baseline, going quiet after being regular, and coming back after a long absence.
import { formatDate } from "@/lib/format/numbers";
import { addWeeks } from "@/lib/time";

export type AlertKind = "drop" | "quiet" | "welcome_back";

export interface WeeklyPoint {
  /** Monday of the week, "YYYY-MM-DD" (UTC). */
  week: string;
  value: number;
}

export interface AlertRuleOptions {
  /** Weeks in the "recent" window compared with the baseline. */
  recentWeeks: number;
  /** Weeks in the baseline just before the recent window (13 ≈ 3 months). */
  baselineWeeks: number;
  dropRatio: number;
  /** A baseline below this weekly mean is too thin to call a drop. */
  minBaselinePerWeek: number;
  /** No activity for this many weeks = quiet. */
  quietWeeks: number;
  /** "Regular" = active in at least this share of the baseline weeks. */
  regularShare: number;
  /** An absence of at least this many weeks before a week with activity = welcome back. */
  absenceWeeks: number;
}

export const DEFAULT_ALERT_RULES: AlertRuleOptions = {
  recentWeeks: 4,
  baselineWeeks: 13,
  dropRatio: 0.5,
  minBaselinePerWeek: 1,
  quietWeeks: 4,
  regularShare: 0.5,
  absenceWeeks: 12,
};

export interface AlertFinding {
  kind: AlertKind;
  /** Identifies the episode, so re-evaluating the same history yields the same key. */
  episode: string;
  message: string;
}

export { addWeeks };

/** Values for the `count` weeks ending with `lastWeek` (inclusive), oldest first; missing weeks are 0. */
export function denseWeeks(points: WeeklyPoint[], lastWeek: string, count: number): number[] {
  const byWeek = new Map<string, number>();
  for (const p of points) byWeek.set(p.week, (byWeek.get(p.week) ?? 0) + p.value);
  return Array.from({ length: count }, (_, i) => byWeek.get(addWeeks(lastWeek, i - count + 1)) ?? 0);
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);

/**
 * Evaluates the three rules for one subject as of `asOfWeek` (the last complete week).
 * A quiet subject is not also reported as a drop; the drop episode is keyed by the month of
 * `asOfWeek` so a long decline raises one alert a month at most.
 */
export function evaluateAlertRules(
  name: string,
  points: WeeklyPoint[],
  asOfWeek: string,
  options: AlertRuleOptions = DEFAULT_ALERT_RULES,
): AlertFinding[] {
  const o = options;
  const span = Math.max(o.recentWeeks, o.quietWeeks) + o.baselineWeeks + o.absenceWeeks + 1;
  const series = denseWeeks(points, asOfWeek, span);
  const findings: AlertFinding[] = [];

  // Quiet: nothing in the last quietWeeks, regular in the baseline before.
  const quiet = series.slice(-o.quietWeeks);
  const beforeQuiet = series.slice(-o.quietWeeks - o.baselineWeeks, -o.quietWeeks);
  const activeShare = beforeQuiet.filter((v) => v > 0).length / o.baselineWeeks;
  const isQuiet = quiet.every((v) => v === 0) && activeShare >= o.regularShare;
  if (isQuiet) {
    const lastActive = addWeeks(
      asOfWeek,
      -o.quietWeeks - (o.baselineWeeks - 1 - beforeQuiet.findLastIndex((v) => v > 0)),
    );
    findings.push({
      kind: "quiet",
      episode: `since-${lastActive}`,
      message: `${name} has gone quiet: no activity for ${o.quietWeeks}+ weeks after being active ${Math.round(activeShare * o.baselineWeeks)} of ${o.baselineWeeks} weeks (last active the week of ${formatDate(lastActive)}).`,
    });
  }

  // Drop: recent weekly mean ≤ (1 - dropRatio) × baseline weekly mean.
  const recent = series.slice(-o.recentWeeks);
  const baseline = series.slice(-o.recentWeeks - o.baselineWeeks, -o.recentWeeks);
  const recentMean = mean(recent);
  const baselineMean = mean(baseline);
  if (!isQuiet && baselineMean >= o.minBaselinePerWeek && recentMean <= baselineMean * (1 - o.dropRatio)) {
    const pct = Math.round((1 - recentMean / baselineMean) * 100);
    findings.push({
      kind: "drop",
      episode: asOfWeek.slice(0, 7),
      message: `${name}'s activity dropped ${pct}% against its 3-month baseline (${recentMean.toFixed(1)} vs ${baselineMean.toFixed(1)} a week).`,
    });
  }

  // Welcome back: active in the latest week after ≥ absenceWeeks of nothing, with activity before that.
  const latest = series[series.length - 1];
  const absence = series.slice(-1 - o.absenceWeeks, -1);
  const earlier = series.slice(0, -1 - o.absenceWeeks);
  if (latest > 0 && absence.every((v) => v === 0) && earlier.some((v) => v > 0)) {
    findings.push({
      kind: "welcome_back",
      episode: asOfWeek,
      message: `${name} is back after ${o.absenceWeeks}+ weeks away: say welcome back.`,
    });
  }
  return findings;
}
