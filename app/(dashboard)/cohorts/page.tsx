import type { Metadata } from "next";
import { requireUser } from "@/lib/auth/session";
import {
  activityRetention,
  cohortsAsOf,
  communityRoi,
  conversionByActivityDecile,
  firstPaidSpells,
  NUMBER_AT_RISK_MONTHS,
  survivalByQuarter,
} from "@/lib/data/cohorts";
import { RetentionHeatmap, SurvivalChart, type SurvivalSeries } from "@/components/charts";
import { ExportCsvLink } from "@/components/data-table/export-csv-link";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { Stat } from "@/components/ui/stat";
import { formatCount, formatDate, formatMoney, formatPercent } from "@/lib/format/numbers";
import { sourceLabel } from "@/lib/format/labels";
import { DecileTable } from "./decile-table";
import { monthKey, monthsBetween } from "@/lib/analytics/months";
import { monthStatus } from "@/lib/analytics/periods";

export const metadata: Metadata = { title: "Cohorts" };
export const dynamic = "force-dynamic";

const DAYS_PER_MONTH = 30.4375;
/** At most one step per week (the last), so thousands of subscribers do not ship thousands of points. */
function thinSteps<T extends { time: number }>(steps: readonly T[]): T[] {
  const byWeek = new Map<number, T>();
  for (const step of steps) byWeek.set(Math.floor(step.time / 7), step);
  return [...byWeek.values()];
}
/** All in near-black, then six colours that stay apart for common colour-vision deficiencies. */
const SURVIVAL_COLORS = ["#0f172a", "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#64748b"];
const months = (days: number | null) =>
  days === null ? "not reached" : `${(days / DAYS_PER_MONTH).toFixed(1)} months`;

/** Each table's CSV, from the same reads as the page (app/api/v1/cohorts/export). */
/** The page's tables export from /api/v1/cohorts/export. */
function ExportCsv({ table, what }: { table: string; what: string }) {
  return <ExportCsvLink href={`/api/v1/cohorts/export?table=${table}`} what={what} />;
}

export default async function CohortsPage() {
  const user = await requireUser();
  const asOf = await cohortsAsOf();
  const [retention, spells, deciles, roi] = await Promise.all([
    activityRetention(),
    firstPaidSpells(),
    conversionByActivityDecile(),
    communityRoi(asOf),
  ]);
  const survival = survivalByQuarter(spells, asOf);
  const currentMonth = monthKey(asOf);
  const currentMonthInProgress = monthStatus(currentMonth, asOf) === "in_progress";
  // The chart: All with its band, and each recent quarter as a line of its own clearly distinct colour
  // (bands of seven cohorts would cover each other). "Earlier" is in the tables, not drawn.
  const drawn = survival.filter((s) => s.curve.subjects > 0 && !s.cohort.startsWith("Earlier"));
  const series: SurvivalSeries[] = drawn.map((s, i) => ({
    cohort: `${s.cohort} (n=${s.curve.subjects})`,
    color: SURVIVAL_COLORS[i % SURVIVAL_COLORS.length],
    points: [
      { time: 0, survival: 1, ...(i === 0 ? { lower: 1, upper: 1 } : {}) },
      ...thinSteps(s.curve.steps).map((p) => ({
        time: Number((p.time / DAYS_PER_MONTH).toFixed(2)),
        survival: p.survival,
        ...(i === 0 && p.lower !== null && p.upper !== null ? { lower: p.lower, upper: p.upper } : {}),
      })),
    ],
  }));
  return (
    <div className="space-y-6">
      <PageHeader
        title="Cohorts"
        description={`Retention, premium survival and conversion, as of ${formatDate(asOf, user.timeZone)}`}
      />

      <div className="grid gap-4 sm:grid-cols-3">
        <Stat label="MRR from members active in the last 30 days" value={formatPercent(roi.share)} />
        <Stat
          label="Active paying MRR"
          value={`${formatMoney(roi.activeMrrCents)} of ${formatMoney(roi.totalMrrCents)}`}
          footnote={
            roi.leftOut.length > 0
              ? `Subscriptions from ${roi.leftOut
                  .map(
                    (s) => `${sourceLabel(s.source)} (data ends ${formatDate(s.dataThrough, user.timeZone)})`,
                  )
                  .join(", ")} not counted; bots excluded.`
              : "Bots excluded, as on the Overview."
          }
        />
        <Stat
          label="Paying members active in 30 days"
          value={`${formatCount(roi.activePayingMembers)} of ${formatCount(roi.payingMembers)}`}
          footnote="Bots excluded, as on the Overview."
        />
      </div>

      <Card>
        <CardHeader className="flex flex-row items-start justify-between gap-4">
          <div className="space-y-1.5">
            <CardTitle>Activity retention by join month</CardTitle>
            <CardDescription>
              Share of each cohort with any activity in each later month (M0 = the join month). Hatched cells
              are the month in progress, counted when it ends.
            </CardDescription>
          </div>
          <ExportCsv table="retention" what="Activity retention by join month" />
        </CardHeader>
        <CardContent>
          <RetentionHeatmap
            title="Activity retention by join month"
            cohorts={retention.cohorts.map((c) => ({
              cohort: c.cohortMonth,
              size: c.cohortSize,
              retained: c.cells.map((cell) => cell.active),
              inProgressOffset: currentMonthInProgress ? monthsBetween(c.cohortMonth, currentMonth) : null,
            }))}
          />
        </CardContent>
      </Card>

      <Card>
        <CardHeader className="flex flex-row items-start justify-between gap-4">
          <div className="space-y-1.5">
            <CardTitle>Premium retention by upgrade quarter</CardTitle>
            <CardDescription>
              Kaplan–Meier survival of each member&apos;s first paid spell (ends at cancellation or downgrade
              to free; still paying = censored), with the 95% log-log band for all members. The cohorts, with
              “Earlier” for the quarters before the ones drawn, add up to All.
            </CardDescription>
          </div>
          <ExportCsv table="survival" what="Premium retention by upgrade quarter" />
        </CardHeader>
        <CardContent className="space-y-3">
          <SurvivalChart
            title="Premium survival by upgrade quarter"
            series={series}
            timeLabel="Months since upgrade"
            height={320}
            emptyMessage="No paid spells yet."
          />
          <div className="overflow-x-auto">
            <table className="w-full text-sm tabular-nums" data-testid="number-at-risk">
              <caption className="px-2 py-1 text-left text-xs font-medium text-slate-600 dark:text-slate-400">
                Number at risk (still paying and observed) by months since upgrade
              </caption>
              <thead className="text-left text-xs text-slate-600 dark:text-slate-400">
                <tr>
                  <th scope="col" className="px-2 py-1">
                    Cohort
                  </th>
                  {NUMBER_AT_RISK_MONTHS.map((m) => (
                    <th key={m} scope="col" className="px-2 py-1 text-right">
                      {m}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {survival.map((s) => (
                  <tr key={s.cohort} className="border-t border-slate-100 dark:border-slate-800">
                    <th scope="row" className="px-2 py-1 text-left font-normal">
                      {s.cohort}
                    </th>
                    {s.atRisk.map((n, i) => (
                      <td key={NUMBER_AT_RISK_MONTHS[i]} className="px-2 py-1 text-right">
                        {formatCount(n)}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <table className="w-full text-sm">
            <caption className="sr-only">Median survival by cohort</caption>
            <thead className="text-left text-xs text-slate-600 dark:text-slate-400">
              <tr>
                <th scope="col" className="px-2 py-1">
                  Cohort
                </th>
                <th scope="col" className="px-2 py-1">
                  Members
                </th>
                <th scope="col" className="px-2 py-1">
                  Stopped paying
                </th>
                <th scope="col" className="px-2 py-1">
                  Median survival (95% CI)
                </th>
              </tr>
            </thead>
            <tbody>
              {survival.map((s) => (
                <tr key={s.cohort} className="border-t border-slate-100 dark:border-slate-800">
                  <td className="px-2 py-1">{s.cohort}</td>
                  <td className="px-2 py-1 tabular-nums">{formatCount(s.curve.subjects)}</td>
                  <td className="px-2 py-1 tabular-nums">{formatCount(s.curve.events)}</td>
                  <td className="px-2 py-1">
                    {s.curve.median === null
                      ? "not reached"
                      : `${months(s.curve.median)} (95% CI ${s.curve.medianLower === null ? "–" : months(s.curve.medianLower)} to ${months(s.curve.medianUpper)})`}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </CardContent>
      </Card>

      <Card>
        <CardHeader className="flex flex-row items-start justify-between gap-4">
          <div className="space-y-1.5">
            <CardTitle>Conversion to paid by activity decile</CardTitle>
            <CardDescription>
              Free members 90 days ago, ranked by activity weight in the 12 weeks before; share who started
              paying since (Wilson 95% interval).
            </CardDescription>
          </div>
          <ExportCsv table="deciles" what="Conversion to paid by activity decile" />
        </CardHeader>
        <CardContent>
          <DecileTable rows={deciles} />
        </CardContent>
      </Card>
    </div>
  );
}
