// Chart components; each takes already-aggregated, serialisable data.
export { SparklineSvg, type SparklineSvgProps } from "./sparkline-svg";
export { TrendChart, type TrendChartProps, type TrendPoint } from "./trend-chart";
export {
  ACTIVITY_EVENT_STYLE,
  StackedActivityChart,
  type ActivityEvent,
  type ActivityEventType,
  type ActivitySource,
  type StackedActivityChartProps,
} from "./stacked-activity-chart";
export { MrrMovementsChart, type MrrMovement, type MrrMovementsChartProps } from "./mrr-movements-chart";
export { RetentionHeatmap, type RetentionCohort, type RetentionHeatmapProps } from "./retention-heatmap";
export {
  SurvivalChart,
  type SurvivalChartProps,
  type SurvivalPoint,
  type SurvivalSeries,
} from "./survival-chart";
export { CalibrationChart, type CalibrationBin, type CalibrationChartProps } from "./calibration-chart";
export { QiniChart, type QiniChartProps, type QiniPoint } from "./qini-chart";
export { BarListChart, type BarListChartProps, type BarListItem } from "./bar-list-chart";
export {
  MetricsOverTimeChart,
  type MetricSeries,
  type MetricsOverTimeChartProps,
} from "./metrics-over-time-chart";
export {
  CHART_PALETTE,
  chartColor,
  formatCompact,
  formatCurrencyCompact,
  formatPercent,
  type ValueFormatter,
} from "./chart-theme";
export type { ChartBaseProps } from "./chart-frame";
