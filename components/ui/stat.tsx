// KPI tile: label, value, change versus last month, optional sparkline slot.
import type { ReactNode } from "react";
import { ArrowDownRight, ArrowUpRight, Minus } from "lucide-react";
import { cn } from "./cn";

export type StatProps = {
  label: ReactNode;
  /** Pre-formatted value, e.g. "$12,400" or "1,204". */
  value: ReactNode;
  /** Relative change versus last month as a fraction (0.12 = +12%); null/undefined hides it. */
  delta?: number | null;
  /** Text after the delta; defaults to "vs last month". */
  deltaLabel?: string;
  /** Set when a rise is bad (churn, failures) so colours flip. */
  invertDelta?: boolean;
  /** Who the number leaves out, e.g. "Excludes 3 bots." */
  footnote?: ReactNode;
  /** E.g. <SparklineSvg …/>. */
  sparkline?: ReactNode;
  className?: string;
};

const percent = new Intl.NumberFormat("en", { style: "percent", maximumFractionDigits: 1 });

export function Stat({
  label,
  value,
  delta,
  deltaLabel = "vs last month",
  invertDelta = false,
  footnote,
  sparkline,
  className,
}: StatProps) {
  const hasDelta = delta !== null && delta !== undefined && Number.isFinite(delta);
  const direction = !hasDelta || delta === 0 ? "flat" : delta > 0 ? "up" : "down";
  const good = direction === "flat" ? null : (direction === "up") !== invertDelta;
  const Icon = direction === "up" ? ArrowUpRight : direction === "down" ? ArrowDownRight : Minus;
  return (
    <div
      className={cn(
        "flex flex-col gap-2 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-950",
        className,
      )}
    >
      <p className="text-sm text-slate-500 dark:text-slate-400">{label}</p>
      <div className="flex items-end justify-between gap-3">
        <p className="text-2xl font-semibold tracking-tight text-slate-900 tabular-nums dark:text-slate-100">
          {value}
        </p>
        {sparkline && <div className="h-8 w-24 shrink-0">{sparkline}</div>}
      </div>
      {hasDelta && (
        <p className="flex items-center gap-1 text-xs">
          <span
            className={cn(
              "inline-flex items-center gap-0.5 font-medium tabular-nums",
              good === null && "text-slate-500",
              good === true && "text-emerald-700 dark:text-emerald-400",
              good === false && "text-red-600 dark:text-red-400",
            )}
          >
            <Icon className="size-3.5" aria-hidden="true" />
            <span className="sr-only">
              {direction === "up" ? "Up" : direction === "down" ? "Down" : "Unchanged"}
            </span>
            {percent.format(Math.abs(delta))}
          </span>
          <span className="text-slate-500 dark:text-slate-400">{deltaLabel}</span>
        </p>
      )}
      {footnote && <p className="text-xs text-slate-600 dark:text-slate-400">{footnote}</p>}
    </div>
  );
}
