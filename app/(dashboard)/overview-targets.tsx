// Targets on the Overview: each metric's last 12 months, the target line and the projected
// trend towards it (least squares over recent months), plus the admin's add/delete controls.
import { TrendChart } from "@/components/charts";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { formatCount, formatDate, formatMoney } from "@/lib/format/numbers";
import type { TargetView } from "@/lib/data/overview";
import { AddTargetForm, DeleteTargetButton } from "./overview-target-form";

const METRIC_LABEL: Record<TargetView["metric"], string> = {
  contributors: "Contributors per month",
  mrr_cents: "MRR",
  paying_members: "Paying members",
  active_members: "Active members per month",
};
const STATUS_LABEL = {
  reached: "Reached",
  "on-track": "On track",
  behind: "Behind",
  "flat-or-away": "Not heading there",
  "insufficient-data": "Not enough data",
} as const;

export function TargetsSection({
  targets,
  canWrite,
  timeZone,
}: {
  targets: TargetView[];
  canWrite: boolean;
  timeZone: string;
}) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>Targets</CardTitle>
        <CardDescription>Trend to target from the last six months; dashed = projection.</CardDescription>
      </CardHeader>
      <CardContent className="space-y-6">
        {targets.length === 0 && (
          <p className="text-sm text-slate-500">No targets set.{canWrite ? " Add one below." : ""}</p>
        )}
        <div className="grid gap-6 lg:grid-cols-2">
          {targets.map((t) => {
            const money = t.metric === "mrr_cents";
            const scale = (v: number) => (money ? v / 100 : v);
            const show = (v: number) => (money ? formatMoney(v) : formatCount(Math.round(v)));
            const lastMonth = t.actual[t.actual.length - 1]?.month ?? "";
            const projection = t.projection.trendLine
              .filter((p) => p.month >= lastMonth && p.value !== null)
              .map((p) => ({ month: p.month, value: scale(p.value!) }));
            return (
              <div key={t.id} className="space-y-2">
                <div className="flex items-start justify-between gap-2">
                  <div>
                    <p className="text-sm font-medium">
                      {METRIC_LABEL[t.metric]}: {show(t.value)} by {formatDate(t.dueDate, "UTC")}
                    </p>
                    <p className="text-xs text-slate-500">
                      {STATUS_LABEL[t.projection.status]}
                      {t.projection.projectedDate &&
                        ` · projected ${formatDate(t.projection.projectedDate, timeZone)}`}
                      {t.projection.requiredPerMonth !== null &&
                        ` · needs ${show(t.projection.requiredPerMonth)}/month`}
                    </p>
                  </div>
                  {canWrite && <DeleteTargetButton id={t.id} />}
                </div>
                <TrendChart
                  title={`${METRIC_LABEL[t.metric]} towards target ${show(t.value)}`}
                  data={t.actual.map((p) => ({ month: p.month, value: scale(p.value) }))}
                  target={scale(t.value)}
                  projection={projection}
                  height={200}
                />
              </div>
            );
          })}
        </div>
        {canWrite && <AddTargetForm />}
      </CardContent>
    </Card>
  );
}
