"use client";
// Client charts for the Model page: calibration of the model's probabilities and backtest quality across runs.
import { CalibrationChart, MetricsOverTimeChart, type MetricSeries } from "@/components/charts";

const SERIES: MetricSeries[] = [
  { key: "model", label: "Model", kind: "model" },
  { key: "random", label: "Random", kind: "baseline" },
  { key: "recentActivity", label: "Most active (4 weeks)", kind: "baseline" },
  { key: "seedFormula", label: "Seed formula", kind: "baseline" },
  { key: "activityDrop", label: "Activity change", kind: "baseline" },
];

type Run = { run: string } & Record<string, string | number | null>;

export function ModelCharts({
  label,
  calibration,
  auc,
  precisionAt20,
}: {
  label: string;
  calibration: { predicted: number; observed: number; count: number }[];
  auc: Run[];
  precisionAt20: Run[];
}) {
  return (
    <div className="grid gap-6 lg:grid-cols-3">
      <CalibrationChart
        title={`${label}: calibration of the live ranker`}
        description="Score shown in the lists against the rate observed on past cut-offs (out of time)"
        showTitle
        bins={calibration}
        emptyMessage="No backtest yet."
      />
      <MetricsOverTimeChart
        title={`${label}: AUC across runs`}
        description="Mean backtest AUC per stored run"
        showTitle
        runs={auc}
        series={SERIES}
        metricLabel="AUC"
        domain={[0, 1]}
        emptyMessage="No stored runs yet."
      />
      <MetricsOverTimeChart
        title={`${label}: precision@20 across runs`}
        description="Share of the top 20 who went on to the event"
        showTitle
        runs={precisionAt20}
        series={SERIES}
        metricLabel="Precision@20"
        domain={[0, 1]}
        emptyMessage="No stored runs yet."
      />
    </div>
  );
}
