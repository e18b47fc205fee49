import type { Metadata } from "next";
import { requireUser } from "@/lib/auth/session";
import { activityRetention, cohortsAsOf, communityRoi, conversionByActivityDecile, firstPaidSpells, survivalByQuarter } from "@/lib/data/cohorts";
import { RetentionHeatmap, SurvivalChart, type SurvivalSeries } from "@/components/charts";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { Stat } from "@/components/ui/stat";
import { formatCount, formatDate, formatMoney, formatPercent } from "@/lib/format/numbers";
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
const months = (days: number | null) => (days === null ? "not reached" : `${(days / DAYS_PER_MONTH).toFixed(1)} months`);

export default async function CohortsPage() {
  const user = await requireUser();
  const asOf = await cohortsAsOf();
  const [retention, spells, deciles, roi] = await Promise.all([activityRetention(), firstPaidSpells(), conversionByActivityDecile(), communityRoi(asOf)]);
  const survival = survivalByQuarter(spells, asOf);
  const currentMonth = monthKey(asOf);
  const currentMonthInProgress = monthStatus(currentMonth, asOf) === "in_progress";
  const series: SurvivalSeries[] = survival
    .filter((s) => s.curve.subjects > 0)
    .map((s) => ({
      cohort: `${s.cohort} (n=${s.curve.subjects})`,
      points: [
        { time: 0, survival: 1, lower: 1, upper: 1 },
        ...thinSteps(s.curve.steps).map((p) => ({
          time: Number((p.time / DAYS_PER_MONTH).toFixed(2)),
          survival: p.survival,
          ...(p.lower !== null && p.upper !== null ? { lower: p.lower, upper: p.upper } : {}),
        })),
      ],
    }));
  return (
    <div className="space-y-6">
      <PageHeader title="Cohorts" description={`Retention, premium survival and conversion, as of ${formatDate(asOf, user.timeZone)}`} />

      <div className="grid gap-4 sm:grid-cols-3">
        <Stat label="MRR from members active in the last 30 days" value={formatPercent(roi.share)} />
        <Stat label="Active paying MRR" value={`${formatMoney(roi.activeMrrCents)} of ${formatMoney(roi.totalMrrCents)}`} />
        <Stat label="Paying members active in 30 days" value={`${formatCount(roi.activePayingMembers)} of ${formatCount(roi.payingMembers)}`} />
      </div>

      <Card>
        <CardHeader>
          <CardTitle>Activity retention by join month</CardTitle>
          <CardDescription>Share of each cohort with any activity in each later month (M0 = the join month). Hatched cells are the month in progress, counted when it ends.</CardDescription>
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
        <CardHeader>
          <CardTitle>Premium retention by upgrade quarter</CardTitle>
          <CardDescription>
            Kaplan–Meier survival of each member&apos;s first paid spell (ends at cancellation or downgrade to free; still paying = censored), with 95% log-log bands.
          </CardDescription>
        </CardHeader>
        <CardContent className="space-y-3">
          <SurvivalChart title="Premium survival by upgrade quarter" series={series} timeLabel="Months since upgrade" height={320} emptyMessage="No paid spells yet." />
          <table className="w-full text-sm">
            <caption className="sr-only">Median survival by cohort</caption>
            <thead className="text-left text-xs text-slate-500">
              <tr><th scope="col" className="px-2 py-1">Cohort</th><th scope="col" className="px-2 py-1">Members</th><th scope="col" className="px-2 py-1">Stopped paying</th><th scope="col" className="px-2 py-1">Median survival (95% CI)</th></tr>
            </thead>
            <tbody>
              {survival.map((s) => (
                <tr key={s.cohort} className="border-t border-slate-100 dark:border-slate-800">
                  <td className="px-2 py-1">{s.cohort}</td>
                  <td className="px-2 py-1 tabular-nums">{formatCount(s.curve.subjects)}</td>
                  <td className="px-2 py-1 tabular-nums">{formatCount(s.curve.events)}</td>
                  <td className="px-2 py-1">
                    {s.curve.median === null ? "not reached" : `${months(s.curve.median)} (95% CI ${s.curve.medianLower === null ? "–" : months(s.curve.medianLower)} to ${months(s.curve.medianUpper)})`}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Conversion to paid by activity decile</CardTitle>
          <CardDescription>Free members 90 days ago, ranked by activity weight in the 12 weeks before; share who started paying since (Wilson 95% interval).</CardDescription>
        </CardHeader>
        <CardContent>
          <DecileTable rows={deciles} />
        </CardContent>
      </Card>
    </div>
  );
}
