"use client";
// Reliability diagram: mean predicted probability per bin against the observed rate, with
// the y = x diagonal a perfectly calibrated model would follow.
import { CartesianGrid, ComposedChart, Line, ReferenceLine, Tooltip, XAxis, YAxis } from "recharts";
import { ChartFrame, type ChartBaseProps } from "./chart-frame";
import {
  axisProps,
  chartColor,
  formatPercent,
  formatPercent1,
  gridProps,
  tooltipContentStyle,
} from "./chart-theme";

export type CalibrationBin = { predicted: number; observed: number; count: number };

export type CalibrationChartProps = ChartBaseProps & { bins: CalibrationBin[]; modelLabel?: string };

export function CalibrationChart({ bins, modelLabel = "Model", ...frame }: CalibrationChartProps) {
  const data = [...bins].sort((a, b) => a.predicted - b.predicted);
  return (
    <ChartFrame {...frame} isEmpty={data.length === 0}>
      <ComposedChart
        responsive
        style={{ width: "100%", height: "100%" }}
        data={data}
        margin={{ top: 8, right: 16, bottom: 16, left: 0 }}
      >
        <CartesianGrid {...gridProps} vertical />
        <XAxis
          dataKey="predicted"
          type="number"
          domain={[0, 1]}
          ticks={[0, 0.2, 0.4, 0.6, 0.8, 1]}
          tickFormatter={formatPercent}
          {...axisProps}
          label={{ value: "Predicted", position: "insideBottom", offset: -8, fill: "#64748b", fontSize: 12 }}
        />
        <YAxis
          type="number"
          domain={[0, 1]}
          ticks={[0, 0.2, 0.4, 0.6, 0.8, 1]}
          tickFormatter={formatPercent}
          {...axisProps}
          width={48}
          label={{ value: "Observed", angle: -90, position: "insideLeft", fill: "#64748b", fontSize: 12 }}
        />
        <ReferenceLine
          segment={[
            { x: 0, y: 0 },
            { x: 1, y: 1 },
          ]}
          stroke="#94a3b8"
          strokeDasharray="4 4"
          ifOverflow="visible"
          label={{ value: "Perfect calibration", position: "insideTopLeft", fill: "#64748b", fontSize: 11 }}
        />
        <Tooltip
          contentStyle={tooltipContentStyle}
          content={({ active, payload }) => {
            const bin = active ? (payload?.[0]?.payload as CalibrationBin | undefined) : undefined;
            if (!bin) return null;
            return (
              <div style={tooltipContentStyle} className="px-2.5 py-1.5">
                <div>Predicted {formatPercent1(bin.predicted)}</div>
                <div>Observed {formatPercent1(bin.observed)}</div>
                <div className="text-slate-500">{bin.count.toLocaleString("en")} members</div>
              </div>
            );
          }}
        />
        <Line
          dataKey="observed"
          name={modelLabel}
          type="linear"
          stroke={chartColor(0)}
          strokeWidth={2}
          dot={{ r: 4 }}
          activeDot={{ r: 6 }}
          isAnimationActive={false}
        />
      </ComposedChart>
    </ChartFrame>
  );
}
