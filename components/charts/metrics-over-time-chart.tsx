"use client";
// A model's backtest metric across runs against its baselines: model lines solid,
// baselines thin and dashed.
import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from "recharts";
import { ChartFrame, type ChartBaseProps } from "./chart-frame";
import {
  axisProps,
  chartColor,
  gridProps,
  legendWrapperStyle,
  tooltipContentStyle,
  tooltipValue,
  type ValueFormatter,
} from "./chart-theme";

export type MetricSeries = { key: string; label: string; kind: "model" | "baseline"; color?: string };

export type MetricsOverTimeChartProps = ChartBaseProps & {
  /** One row per backtest run: `{ run: "2025-01", model: 0.81, lastMonth: 0.72 }`. */
  runs: Array<{ run: string } & Record<string, string | number | null>>;
  series: MetricSeries[];
  /** Axis label, e.g. "AUC" or "Precision@50". */
  metricLabel: string;
  valueFormatter?: ValueFormatter;
  /** Fix the y domain, e.g. [0, 1] for AUC. */
  domain?: [number, number];
};

const fixed3: ValueFormatter = (v) => v.toFixed(3);
const BASELINE_DASHES = ["4 4", "2 3", "8 4", "6 3 2 3"];

export function MetricsOverTimeChart({
  runs,
  series,
  metricLabel,
  valueFormatter = fixed3,
  domain,
  ...frame
}: MetricsOverTimeChartProps) {
  let baselineIndex = 0;
  // One run has no line to draw: its five dots would sit on top of each other, so its figures are listed instead.
  if (runs.length === 1 && series.length > 0)
    return (
      <ChartFrame {...frame} isEmpty={false} fitContent>
        <SingleRun run={runs[0]} series={series} metricLabel={metricLabel} valueFormatter={valueFormatter} />
      </ChartFrame>
    );
  return (
    <ChartFrame {...frame} isEmpty={runs.length === 0 || series.length === 0}>
      <LineChart
        responsive
        style={{ width: "100%", height: "100%" }}
        data={runs}
        margin={{ top: 8, right: 16, bottom: 0, left: 8 }}
      >
        <CartesianGrid {...gridProps} />
        <XAxis dataKey="run" {...axisProps} minTickGap={12} />
        <YAxis
          {...axisProps}
          width={56}
          domain={domain ?? ["auto", "auto"]}
          tickFormatter={valueFormatter}
          label={{ value: metricLabel, angle: -90, position: "insideLeft", fill: "#64748b", fontSize: 12 }}
        />
        <Tooltip contentStyle={tooltipContentStyle} formatter={tooltipValue(valueFormatter)} />
        <Legend wrapperStyle={legendWrapperStyle} />
        {series.map((s, i) => {
          const isModel = s.kind === "model";
          const dash = isModel ? undefined : BASELINE_DASHES[baselineIndex++ % BASELINE_DASHES.length];
          return (
            <Line
              key={s.key}
              dataKey={s.key}
              name={s.label}
              type="monotone"
              stroke={s.color ?? (isModel ? chartColor(i) : "#64748b")}
              strokeWidth={isModel ? 2.5 : 1.5}
              strokeDasharray={dash}
              dot={isModel ? { r: 3 } : false}
              connectNulls
              isAnimationActive={false}
            />
          );
        })}
      </LineChart>
    </ChartFrame>
  );
}

function SingleRun(props: {
  run: MetricsOverTimeChartProps["runs"][number];
  series: MetricSeries[];
  metricLabel: string;
  valueFormatter: ValueFormatter;
}) {
  return (
    <div className="text-sm">
      <p className="mb-2 text-slate-600 dark:text-slate-400">
        One stored run so far ({props.run.run}): the line starts with the next one.
      </p>
      <table className="w-full">
        <caption className="sr-only">{`${props.metricLabel}, run ${props.run.run}`}</caption>
        <thead className="sr-only">
          <tr>
            <th scope="col">Ranker</th>
            <th scope="col">{props.metricLabel}</th>
          </tr>
        </thead>
        <tbody>
          {props.series.map((s) => {
            const value = props.run[s.key];
            return (
              <tr
                key={s.key}
                className={s.kind === "model" ? "font-semibold" : "text-slate-600 dark:text-slate-400"}
              >
                <th scope="row" className="py-0.5 text-left font-[inherit]">
                  {s.label}
                </th>
                <td className="py-0.5 text-right tabular-nums">
                  {typeof value === "number" ? props.valueFormatter(value) : "–"}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
