"use client";
// Monthly MRR movements: new, expansion and reactivation stack above zero; contraction and
// churn below; the net change is a line on top.
import { useMemo } from "react";
import type { XAxisTickContentProps } from "recharts";
import {
  Bar,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ReferenceLine,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { ChartFrame, type ChartBaseProps } from "./chart-frame";
import {
  AXIS_COLOR,
  axisProps,
  formatCurrencyCompact,
  gridProps,
  legendWrapperStyle,
  tooltipContentStyle,
  tooltipValue,
  type ValueFormatter,
} from "./chart-theme";

export type MrrMovement = {
  month: string;
  new: number;
  expansion: number;
  reactivation: number;
  /** Positive or negative; always drawn below zero. */
  contraction: number;
  /** Positive or negative; always drawn below zero. */
  churn: number;
  /** Defaults to the sum of the movements. */
  net?: number;
};

const SERIES = [
  { key: "new", label: "New", color: "#009E73" },
  { key: "expansion", label: "Expansion", color: "#0072B2" },
  { key: "reactivation", label: "Reactivation", color: "#56B4E9" },
  { key: "contraction", label: "Contraction", color: "#E69F00" },
  { key: "churn", label: "Churn", color: "#D55E00" },
] as const;

/** "2026-12 (so far)" → ["2026-12", "so far"]: the note goes on a second line, out of the ticks' spacing. */
function splitNote(label: string): [string, string | null] {
  const m = /^(.*?) \((.+)\)$/.exec(label);
  return m ? [m[1], m[2]] : [label, null];
}

/**
 * A month tick with its note ("so far") under it: the axis spaces ticks by the month alone, so a long last label
 * ("2026-12 (so far)", centred on its tick) no longer hides the month before it at common widths (1366 px).
 */
function MonthTick({ x, y, payload }: XAxisTickContentProps) {
  const [month, note] = splitNote(String(payload.value));
  return (
    <text x={x} y={y} dy={12} textAnchor="middle" fill={AXIS_COLOR} fontSize={12} className="recharts-text">
      <tspan x={x}>{month}</tspan>
      {note && (
        <tspan x={x} dy={14}>
          {note}
        </tspan>
      )}
    </text>
  );
}

export type MrrMovementsChartProps = ChartBaseProps & {
  data: MrrMovement[];
  valueFormatter?: ValueFormatter;
};

export function MrrMovementsChart({
  data,
  valueFormatter = formatCurrencyCompact,
  ...frame
}: MrrMovementsChartProps) {
  const rows = useMemo(
    () =>
      data.map((d) => {
        const contraction = -Math.abs(d.contraction);
        const churn = -Math.abs(d.churn);
        return {
          ...d,
          contraction,
          churn,
          net: d.net ?? d.new + d.expansion + d.reactivation + contraction + churn,
        };
      }),
    [data],
  );
  return (
    <ChartFrame {...frame} isEmpty={data.length === 0}>
      <ComposedChart
        responsive
        style={{ width: "100%", height: "100%" }}
        data={rows}
        stackOffset="sign"
        margin={{ top: 8, right: 12, bottom: 0, left: 0 }}
      >
        <CartesianGrid {...gridProps} />
        <XAxis
          dataKey="month"
          {...axisProps}
          minTickGap={12}
          tickFormatter={(v: string) => splitNote(String(v))[0]}
          tick={MonthTick}
          height={rows.some((r) => splitNote(r.month)[1]) ? 44 : 30}
        />
        <YAxis {...axisProps} width={60} tickFormatter={valueFormatter} />
        <Tooltip contentStyle={tooltipContentStyle} formatter={tooltipValue(valueFormatter)} />
        <Legend wrapperStyle={legendWrapperStyle} />
        <ReferenceLine y={0} stroke="#64748b" />
        {SERIES.map((s) => (
          <Bar key={s.key} dataKey={s.key} name={s.label} stackId="mrr" fill={s.color} maxBarSize={32} />
        ))}
        <Line
          type="monotone"
          dataKey="net"
          name="Net"
          stroke="currentColor"
          strokeWidth={2}
          dot={{ r: 3, fill: "currentColor" }}
        />
      </ComposedChart>
    </ChartFrame>
  );
}
