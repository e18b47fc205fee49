// The month in progress on the Overview: counts so far against the same days of the month before,
// said in words, so a partial month is never read as a collapse.
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { compareToPrevious } from "@/lib/analytics/kpis";
import { comparisonLabel } from "@/lib/analytics/periods";
import type { FlowCounts, MonthToDate } from "@/lib/data/overview";
import { formatCount, formatPercent } from "@/lib/format/numbers";
import { monthLabel } from "@/lib/partners/report";

const ROWS: { key: keyof FlowCounts; label: string }[] = [
  { key: "active", label: "Active members" },
  { key: "contributors", label: "Contributors" },
  { key: "upgrades", label: "Upgrades" },
  { key: "downgrades", label: "Downgrades" },
];

export function MonthToDateCard({ data }: { data: MonthToDate }) {
  return (
    <Card data-testid="month-to-date">
      <CardHeader>
        <CardTitle>{monthLabel(data.window.month)} so far</CardTitle>
        <CardDescription>The month is in progress: {comparisonLabel(data.window)}.</CardDescription>
      </CardHeader>
      <CardContent>
        <table className="w-full max-w-xl text-sm">
          <caption className="sr-only">Month to date against the same days of the previous month</caption>
          <thead className="text-left text-xs text-slate-600 dark:text-slate-400">
            <tr>
              <th scope="col" className="py-1 pr-2 font-medium">
                Measure
              </th>
              <th scope="col" className="px-2 py-1 text-right font-medium">
                So far
              </th>
              <th scope="col" className="px-2 py-1 text-right font-medium">
                Same days before
              </th>
              <th scope="col" className="px-2 py-1 text-right font-medium">
                Change
              </th>
            </tr>
          </thead>
          <tbody className="tabular-nums">
            {ROWS.map((r) => {
              const change = compareToPrevious(data.current[r.key], data.previous[r.key]).relativeChange;
              return (
                <tr key={r.key} className="border-t border-slate-100 dark:border-slate-800">
                  <th scope="row" className="py-1 pr-2 text-left font-normal">
                    {r.label}
                  </th>
                  <td className="px-2 py-1 text-right">{formatCount(data.current[r.key])}</td>
                  <td className="px-2 py-1 text-right">{formatCount(data.previous[r.key])}</td>
                  <td className="px-2 py-1 text-right">
                    {change === null ? "–" : `${change > 0 ? "+" : ""}${formatPercent(change)}`}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </CardContent>
    </Card>
  );
}
