// Shared chart styling: palette, axis and tooltip props, number formatters. Colours are
// mid-tones that read on both light and dark backgrounds.
import type { CSSProperties } from "react";

/** Categorical palette, distinguishable for common colour-vision deficiencies (Okabe–Ito based). */
export const CHART_PALETTE = [
  "#0072B2",
  "#E69F00",
  "#009E73",
  "#CC79A7",
  "#56B4E9",
  "#D55E00",
  "#F0E442",
  "#64748b",
] as const;

export const chartColor = (index: number): string => CHART_PALETTE[index % CHART_PALETTE.length];

export const AXIS_COLOR = "#64748b";
export const GRID_COLOR = "#94a3b8";

export const axisProps = {
  stroke: AXIS_COLOR,
  tick: { fill: AXIS_COLOR, fontSize: 12 },
  tickLine: false,
  axisLine: false,
} as const;

export const gridProps = {
  stroke: GRID_COLOR,
  strokeOpacity: 0.25,
  strokeDasharray: "3 3",
  vertical: false,
} as const;

export const tooltipContentStyle: CSSProperties = {
  borderRadius: 6,
  border: "1px solid #e2e8f0",
  background: "#ffffff",
  color: "#0f172a",
  fontSize: 12,
  boxShadow: "0 4px 12px rgb(15 23 42 / 0.08)",
};

export const legendWrapperStyle: CSSProperties = { fontSize: 12, paddingTop: 8 };

const compact = new Intl.NumberFormat("en", { notation: "compact", maximumFractionDigits: 1 });
const percent = new Intl.NumberFormat("en", { style: "percent", maximumFractionDigits: 0 });
const percent1 = new Intl.NumberFormat("en", { style: "percent", maximumFractionDigits: 1 });
const currency = new Intl.NumberFormat("en", {
  style: "currency",
  currency: "USD",
  notation: "compact",
  maximumFractionDigits: 1,
});

export type ValueFormatter = (value: number) => string;

export const formatCompact: ValueFormatter = (v) => compact.format(v);
export const formatPercent: ValueFormatter = (v) => percent.format(v);
export const formatPercent1: ValueFormatter = (v) => percent1.format(v);
export const formatCurrencyCompact: ValueFormatter = (v) => currency.format(v);

/** Tooltip formatter adapter: Recharts passes unknown value shapes (numbers, arrays, strings). */
export function tooltipValue(format: ValueFormatter) {
  return (value: unknown) => {
    if (typeof value === "number") return format(value);
    if (Array.isArray(value) && value.every((v) => typeof v === "number"))
      return value.map(format).join(" – ");
    return String(value ?? "");
  };
}
