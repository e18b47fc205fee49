"use client";
// Weekly activity stacked by source, with vertical markers for account events
// (upgrade, downgrade, outreach, payment failure). Markers differ by colour and dash
// pattern so they stay distinguishable without colour.
import {
  Area,
  Bar,
  CartesianGrid,
  ComposedChart,
  Legend,
  ReferenceLine,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { ChartFrame, type ChartBaseProps } from "./chart-frame";
import {
  axisProps,
  chartColor,
  formatCompact,
  gridProps,
  legendWrapperStyle,
  tooltipContentStyle,
  tooltipValue,
} from "./chart-theme";

export type ActivityEventType = "upgrade" | "downgrade" | "outreach" | "payment_failure";

export const ACTIVITY_EVENT_STYLE: Record<ActivityEventType, { label: string; color: string; dash: string }> =
  {
    upgrade: { label: "Upgrade", color: "#009E73", dash: "0" },
    downgrade: { label: "Downgrade", color: "#E69F00", dash: "6 3" },
    outreach: { label: "Outreach", color: "#7C3AED", dash: "2 3" },
    payment_failure: { label: "Payment failure", color: "#DC2626", dash: "8 3 2 3" },
  };

export type ActivitySource = { key: string; label: string; color?: string };

export type ActivityEvent = { week: string; type: ActivityEventType; label?: string };

export type StackedActivityChartProps = ChartBaseProps & {
  /** One row per week: `{ week: "2025-W03", slack: 12, github: 4 }`; missing keys count as 0. */
  data: Array<{ week: string } & Record<string, string | number>>;
  sources: ActivitySource[];
  events?: ActivityEvent[];
  variant?: "bars" | "areas";
};

export function StackedActivityChart({
  data,
  sources,
  events = [],
  variant = "bars",
  ...frame
}: StackedActivityChartProps) {
  const eventTypes = [...new Set(events.map((e) => e.type))];
  const weeks = new Set(data.map((d) => d.week));
  const summary = events.length
    ? `${events.length} marked events: ${events.map((e) => `${e.label ?? ACTIVITY_EVENT_STYLE[e.type].label} in ${e.week}`).join("; ")}.`
    : undefined;

  return (
    <ChartFrame
      {...frame}
      description={[frame.description, summary].filter(Boolean).join(" ") || undefined}
      isEmpty={data.length === 0 || sources.length === 0}
      footer={
        eventTypes.length > 0 && (
          <ul
            className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600 dark:text-slate-400"
            aria-label="Event markers"
          >
            {eventTypes.map((type) => {
              const style = ACTIVITY_EVENT_STYLE[type];
              return (
                <li key={type} className="flex items-center gap-1.5">
                  <svg width="18" height="10" aria-hidden="true">
                    <line
                      x1="0"
                      y1="5"
                      x2="18"
                      y2="5"
                      stroke={style.color}
                      strokeWidth="2"
                      strokeDasharray={style.dash}
                    />
                  </svg>
                  {style.label}
                </li>
              );
            })}
          </ul>
        )
      }
    >
      <ComposedChart
        responsive
        style={{ width: "100%", height: "100%" }}
        data={data}
        margin={{ top: 8, right: 12, bottom: 0, left: 0 }}
      >
        <CartesianGrid {...gridProps} />
        <XAxis dataKey="week" {...axisProps} minTickGap={12} />
        <YAxis {...axisProps} width={44} tickFormatter={formatCompact} allowDecimals={false} />
        <Tooltip contentStyle={tooltipContentStyle} formatter={tooltipValue(formatCompact)} />
        <Legend wrapperStyle={legendWrapperStyle} />
        {sources.map((s, i) => {
          const color = s.color ?? chartColor(i);
          return variant === "bars" ? (
            <Bar key={s.key} dataKey={s.key} name={s.label} stackId="activity" fill={color} maxBarSize={28} />
          ) : (
            <Area
              key={s.key}
              dataKey={s.key}
              name={s.label}
              stackId="activity"
              type="monotone"
              stroke={color}
              fill={color}
              fillOpacity={0.35}
            />
          );
        })}
        {events
          .filter((e) => weeks.has(e.week))
          .map((e, i) => {
            const style = ACTIVITY_EVENT_STYLE[e.type];
            return (
              <ReferenceLine
                key={`${e.week}-${e.type}-${i}`}
                x={e.week}
                stroke={style.color}
                strokeWidth={2}
                strokeDasharray={style.dash}
                ifOverflow="extendDomain"
                label={
                  e.label
                    ? { value: e.label, position: "insideTop", fill: style.color, fontSize: 11 }
                    : undefined
                }
              />
            );
          })}
      </ComposedChart>
    </ChartFrame>
  );
}
