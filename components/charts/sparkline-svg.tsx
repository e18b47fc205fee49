// Dependency-free sparkline for table rows: one static <svg> per row instead of a Recharts
// instance, so a 50-row page stays cheap. Server-renderable (no hooks).
import { cn } from "@/components/ui/cn";

export type SparklineSvgProps = {
  values: readonly (number | null)[];
  /** Accessible description, e.g. "Activity over the last 12 weeks". */
  label: string;
  width?: number;
  height?: number;
  /** Any CSS colour; defaults to the current text colour. */
  color?: string;
  /** Fill the area under the line faintly. */
  filled?: boolean;
  /** Mark the most recent value with a dot. */
  showLast?: boolean;
  /** The last value is a period still in progress: drawn dashed with a hollow dot, not as a drop. */
  partialLast?: boolean;
  className?: string;
};

export function SparklineSvg({
  values,
  label,
  width = 80,
  height = 24,
  color = "currentColor",
  filled = false,
  showLast = true,
  partialLast = false,
  className,
}: SparklineSvgProps) {
  const points = values
    .map((v, i) => ({ i, v }))
    .filter((p): p is { i: number; v: number } => p.v !== null && Number.isFinite(p.v));
  if (points.length === 0) {
    return (
      <span
        className={cn("inline-block text-xs text-slate-500", className)}
        style={{ width }}
        aria-label={`${label}: no data`}
      >
        —
      </span>
    );
  }
  const pad = 2;
  const min = Math.min(...points.map((p) => p.v));
  const max = Math.max(...points.map((p) => p.v));
  const span = max - min || 1;
  const stepX = values.length > 1 ? (width - pad * 2) / (values.length - 1) : 0;
  const x = (i: number) => pad + i * stepX;
  const y = (v: number) => (max === min ? height / 2 : pad + (1 - (v - min) / span) * (height - pad * 2));
  const coords = points.map((p) => `${x(p.i).toFixed(1)},${y(p.v).toFixed(1)}`);
  const last = points[points.length - 1];
  const dashedTail = partialLast && points.length > 1;
  const line = (dashedTail ? coords.slice(0, -1) : coords).join(" ");
  const first = points[0];
  return (
    <svg
      role="img"
      aria-label={`${label}: from ${first.v} to ${last.v}${partialLast ? " (the latest period is still in progress)" : ""}`}
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      className={cn("inline-block overflow-visible text-slate-500", className)}
    >
      {filled && points.length > 1 && (
        <polygon
          points={`${x(first.i)},${height} ${coords.join(" ")} ${x(last.i)},${height}`}
          fill={color}
          fillOpacity={0.12}
          stroke="none"
        />
      )}
      {points.length > 1 && (
        <polyline
          points={line}
          fill="none"
          stroke={color}
          strokeWidth={1.5}
          strokeLinejoin="round"
          strokeLinecap="round"
        />
      )}
      {dashedTail && (
        <polyline
          points={coords.slice(-2).join(" ")}
          fill="none"
          stroke={color}
          strokeWidth={1.5}
          strokeDasharray="2 2"
          data-in-progress="true"
        />
      )}
      {(showLast || points.length === 1) && (
        <circle
          cx={x(last.i)}
          cy={y(last.v)}
          r={2}
          fill={partialLast ? "white" : color}
          stroke={color}
          strokeWidth={partialLast ? 1 : 0}
        />
      )}
    </svg>
  );
}
