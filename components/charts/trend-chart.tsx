"use client";
// Monthly trend line with an optional target line and a dashed projection towards it.
import { useMemo } from "react";
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, Tooltip, XAxis, YAxis } from "recharts";
import { ChartFrame, type ChartBaseProps } from "./chart-frame";
import { formatMonth } from "@/lib/format/numbers";
import {
  axisProps,
  chartColor,
  formatCompact,
  gridProps,
  legendWrapperStyle,
  tooltipContentStyle,
  tooltipValue,
  type ValueFormatter,
} from "./chart-theme";

export type TrendPoint = { month: string; value: number };

export type TrendChartProps = ChartBaseProps & {
  /** Actual values, oldest first. `month` is the axis label (e.g. "2025-01" or "Jan"). */
  data: TrendPoint[];
  seriesLabel?: string;
  target?: number;
  targetLabel?: string;
  /** Projected future months; drawn dashed from the last actual point. */
  projection?: TrendPoint[];
  projectionLabel?: string;
  valueFormatter?: ValueFormatter;
  color?: string;
};

type Row = { month: string; actual?: number; projected?: number };

export function TrendChart({
  data,
  seriesLabel = "Actual",
  target,
  targetLabel = "Target",
  projection = [],
  projectionLabel = "Projected",
  valueFormatter = formatCompact,
  color = chartColor(0),
  ...frame
}: TrendChartProps) {
  const rows = useMemo<Row[]>(() => {
    const merged: Row[] = data.map((p) => ({ month: p.month, actual: p.value }));
    const last = merged[merged.length - 1];
    if (last && projection.length > 0) last.projected = last.actual; // joins the dashed line to the solid one
    for (const p of projection) {
      const existing = merged.find((r) => r.month === p.month);
      if (existing) existing.projected = p.value;
      else merged.push({ month: p.month, projected: p.value });
    }
    return merged;
  }, [data, projection]);

  return (
    <ChartFrame {...frame} isEmpty={data.length === 0}>
      <LineChart
        responsive
        style={{ width: "100%", height: "100%" }}
        data={rows}
        margin={{ top: 8, right: 16, bottom: 0, left: 0 }}
      >
        <CartesianGrid {...gridProps} />
        <XAxis dataKey="month" {...axisProps} minTickGap={16} tickFormatter={formatMonth} />
        <YAxis
          {...axisProps}
          width={56}
          tickFormatter={valueFormatter}
          domain={target !== undefined ? [0, (max: number) => Math.max(max, target)] : [0, "auto"]}
        />
        <Tooltip
          contentStyle={tooltipContentStyle}
          formatter={tooltipValue(valueFormatter)}
          labelFormatter={(label) => formatMonth(String(label))}
        />
        <Legend wrapperStyle={legendWrapperStyle} />
        {target !== undefined && (
          <ReferenceLine
            y={target}
            stroke="#D55E00"
            strokeDasharray="6 4"
            ifOverflow="extendDomain"
            label={{
              value: `${targetLabel}: ${valueFormatter(target)}`,
              position: "insideTopLeft",
              fill: "#D55E00",
              fontSize: 12,
            }}
          />
        )}
        <Line
          type="monotone"
          dataKey="actual"
          name={seriesLabel}
          stroke={color}
          strokeWidth={2}
          dot={false}
          activeDot={{ r: 4 }}
          connectNulls
        />
        {projection.length > 0 && (
          <Line
            type="linear"
            dataKey="projected"
            name={projectionLabel}
            stroke={color}
            strokeWidth={2}
            strokeDasharray="5 5"
            strokeOpacity={0.7}
            dot={false}
            connectNulls
          />
        )}
      </LineChart>
    </ChartFrame>
  );
}
