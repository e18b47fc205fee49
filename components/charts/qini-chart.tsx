"use client";
// Qini curve for an uplift model: cumulative incremental outcomes when targeting the top
// fraction of members by predicted uplift, against random targeting (the straight line).
import { useMemo } from "react";
import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from "recharts";
import { ChartFrame, type ChartBaseProps } from "./chart-frame";
import {
  axisProps,
  chartColor,
  formatCompact,
  formatPercent,
  gridProps,
  legendWrapperStyle,
  tooltipContentStyle,
  tooltipValue,
  type ValueFormatter,
} from "./chart-theme";

export type QiniPoint = {
  /** Fraction of the population targeted, 0..1. */
  fraction: number;
  /** Cumulative incremental gain from targeting by the model. */
  model: number;
  /** Random-targeting baseline; defaults to the straight line to the model's end point. */
  random?: number;
};

export type QiniChartProps = ChartBaseProps & {
  points: QiniPoint[];
  modelLabel?: string;
  /** Area between curves, shown under the chart when given. */
  qiniCoefficient?: number;
  valueFormatter?: ValueFormatter;
};

export function QiniChart({
  points,
  modelLabel = "Model",
  qiniCoefficient,
  valueFormatter = formatCompact,
  ...frame
}: QiniChartProps) {
  const data = useMemo(() => {
    const sorted = [...points].sort((a, b) => a.fraction - b.fraction);
    const end = sorted[sorted.length - 1];
    const endGain = end ? end.model : 0;
    const endFraction = end && end.fraction > 0 ? end.fraction : 1;
    const rows = sorted.map((p) => ({ ...p, random: p.random ?? (p.fraction / endFraction) * endGain }));
    if (rows.length > 0 && rows[0].fraction > 0) rows.unshift({ fraction: 0, model: 0, random: 0 });
    return rows;
  }, [points]);

  return (
    <ChartFrame
      {...frame}
      isEmpty={points.length === 0}
      footer={
        qiniCoefficient !== undefined && (
          <p className="text-xs text-slate-600 dark:text-slate-400">
            Qini coefficient: <span className="font-medium tabular-nums">{qiniCoefficient.toFixed(3)}</span>
          </p>
        )
      }
    >
      <LineChart
        responsive
        style={{ width: "100%", height: "100%" }}
        data={data}
        margin={{ top: 8, right: 16, bottom: 16, left: 0 }}
      >
        <CartesianGrid {...gridProps} />
        <XAxis
          dataKey="fraction"
          type="number"
          domain={[0, 1]}
          tickFormatter={formatPercent}
          {...axisProps}
          label={{
            value: "Share of members targeted",
            position: "insideBottom",
            offset: -8,
            fill: "#64748b",
            fontSize: 12,
          }}
        />
        <YAxis {...axisProps} width={52} tickFormatter={valueFormatter} />
        <Tooltip
          contentStyle={tooltipContentStyle}
          labelFormatter={(l) => `Targeted ${formatPercent(Number(l))}`}
          formatter={tooltipValue(valueFormatter)}
        />
        <Legend wrapperStyle={legendWrapperStyle} verticalAlign="top" />
        <Line
          dataKey="model"
          name={modelLabel}
          type="monotone"
          stroke={chartColor(0)}
          strokeWidth={2}
          dot={false}
          isAnimationActive={false}
        />
        <Line
          dataKey="random"
          name="Random targeting"
          type="linear"
          stroke="#94a3b8"
          strokeWidth={1.5}
          strokeDasharray="5 5"
          dot={false}
          isAnimationActive={false}
        />
      </LineChart>
    </ChartFrame>
  );
}
