"use client";
// Small Recharts line without axes, for KPI tiles (Stat's sparkline slot). In table rows
// use SparklineSvg instead.
import { Area, AreaChart, Tooltip, YAxis } from "recharts";
import { tooltipContentStyle, tooltipValue, formatCompact, type ValueFormatter } from "./chart-theme";

export type SparklinePoint = { label: string; value: number };

export type SparklineProps = {
  data: SparklinePoint[];
  /** Accessible description, e.g. "MRR over the last 12 months". */
  label: string;
  color?: string;
  height?: number;
  showTooltip?: boolean;
  valueFormatter?: ValueFormatter;
};

export function Sparkline({
  data,
  label,
  color = "#0072B2",
  height = 32,
  showTooltip = true,
  valueFormatter = formatCompact,
}: SparklineProps) {
  if (data.length === 0)
    return (
      <span className="text-xs text-slate-500" aria-label={`${label}: no data`}>
        —
      </span>
    );
  const last = data[data.length - 1];
  return (
    <div
      role="img"
      aria-label={`${label}: latest ${valueFormatter(last.value)}`}
      style={{ height }}
      className="w-full"
    >
      <AreaChart
        responsive
        style={{ width: "100%", height }}
        data={data}
        margin={{ top: 2, right: 2, bottom: 2, left: 2 }}
        accessibilityLayer={false}
      >
        <YAxis hide domain={["dataMin", "dataMax"]} />
        {showTooltip && (
          <Tooltip
            contentStyle={tooltipContentStyle}
            formatter={tooltipValue(valueFormatter)}
            labelFormatter={(_, payload) => String(payload?.[0]?.payload?.label ?? "")}
            cursor={false}
          />
        )}
        <Area
          type="monotone"
          dataKey="value"
          name={label}
          stroke={color}
          strokeWidth={1.5}
          fill={color}
          fillOpacity={0.1}
          dot={false}
          isAnimationActive={false}
        />
      </AreaChart>
    </div>
  );
}
