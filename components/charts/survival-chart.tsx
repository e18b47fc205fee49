"use client";
// Kaplan–Meier survival curves per cohort as step lines, each with a shaded 95% confidence
// band (a range Area: dataKey yields [lower, upper]).
import { useMemo } from "react";
import { Area, CartesianGrid, ComposedChart, Legend, Line, Tooltip, XAxis, YAxis } from "recharts";
import { ChartFrame, type ChartBaseProps } from "./chart-frame";
import {
  axisProps,
  chartColor,
  formatPercent,
  gridProps,
  legendWrapperStyle,
  tooltipContentStyle,
  tooltipValue,
} from "./chart-theme";

export type SurvivalPoint = { time: number; survival: number; lower?: number; upper?: number };

export type SurvivalSeries = { cohort: string; points: SurvivalPoint[]; color?: string };

export type SurvivalChartProps = ChartBaseProps & {
  series: SurvivalSeries[];
  timeLabel?: string;
  showBands?: boolean;
};

type Row = Record<string, number | [number, number] | undefined> & { time: number };

/**
 * One row per distinct time. A KM estimate is a right-continuous step function, so each
 * series carries its last value forward until its own final time and is blank after it.
 */
function mergeSeries(series: SurvivalSeries[]): Row[] {
  const times = [...new Set(series.flatMap((s) => s.points.map((p) => p.time)))].sort((a, b) => a - b);
  const sorted = series.map((s) => [...s.points].sort((a, b) => a.time - b.time));
  const cursor = sorted.map(() => -1);
  return times.map((time) => {
    const row: Row = { time };
    sorted.forEach((points, i) => {
      while (cursor[i] + 1 < points.length && points[cursor[i] + 1].time <= time) cursor[i] += 1;
      const p = points[cursor[i]];
      if (!p || time > points[points.length - 1].time) return;
      row[`s${i}`] = p.survival;
      if (p.lower !== undefined && p.upper !== undefined) row[`b${i}`] = [p.lower, p.upper];
    });
    return row;
  });
}

export function SurvivalChart({
  series,
  timeLabel = "Months",
  showBands = true,
  ...frame
}: SurvivalChartProps) {
  const rows = useMemo(() => mergeSeries(series), [series]);
  const format = tooltipValue(formatPercent);
  return (
    <ChartFrame {...frame} isEmpty={rows.length === 0}>
      <ComposedChart
        responsive
        style={{ width: "100%", height: "100%" }}
        data={rows}
        margin={{ top: 8, right: 16, bottom: 16, left: 0 }}
      >
        <CartesianGrid {...gridProps} />
        <XAxis
          dataKey="time"
          type="number"
          domain={[0, "dataMax"]}
          allowDecimals={false}
          {...axisProps}
          label={{ value: timeLabel, position: "insideBottom", offset: -8, fill: "#64748b", fontSize: 12 }}
        />
        <YAxis {...axisProps} width={44} domain={[0, 1]} tickFormatter={formatPercent} />
        <Tooltip
          contentStyle={tooltipContentStyle}
          labelFormatter={(label) => `${timeLabel}: ${Number(label).toFixed(1)}`}
          formatter={(value, name) => [format(value), name]}
        />
        <Legend wrapperStyle={legendWrapperStyle} verticalAlign="top" />
        {showBands &&
          series.map((s, i) => (
            <Area
              key={`band-${s.cohort}`}
              dataKey={`b${i}`}
              name={`${s.cohort} 95% CI`}
              type="stepAfter"
              stroke="none"
              fill={s.color ?? chartColor(i)}
              fillOpacity={0.15}
              legendType="none"
              tooltipType="none"
              isAnimationActive={false}
              connectNulls={false}
            />
          ))}
        {series.map((s, i) => (
          <Line
            key={s.cohort}
            dataKey={`s${i}`}
            name={s.cohort}
            type="stepAfter"
            stroke={s.color ?? chartColor(i)}
            strokeWidth={2}
            dot={false}
            isAnimationActive={false}
          />
        ))}
      </ComposedChart>
    </ChartFrame>
  );
}
