// Ranked horizontal bars (top organisations) with month-over-month change. Plain HTML
// rather than Recharts: labels never truncate, rows can be links, and a screen reader
// reads it as a list. Server-renderable.
import Link from "next/link";
import { ArrowDownRight, ArrowUpRight } from "lucide-react";
import { cn } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/empty-state";
import { formatCompact, formatPercent1, type ValueFormatter } from "./chart-theme";

export type BarListItem = {
  id: string;
  label: string;
  value: number;
  /** Last month's value; enables the change column. */
  previous?: number | null;
  href?: string;
};

export type BarListChartProps = {
  title: string;
  items: BarListItem[];
  valueFormatter?: ValueFormatter;
  /** Show at most this many rows (items are expected pre-sorted). */
  limit?: number;
  color?: string;
  emptyMessage?: string;
  className?: string;
};

export function BarListChart({
  title,
  items,
  valueFormatter = formatCompact,
  limit = 10,
  color = "#0072B2",
  emptyMessage = "No organisations yet.",
  className,
}: BarListChartProps) {
  const shown = items.slice(0, limit);
  const max = Math.max(0, ...shown.map((i) => i.value));
  return (
    <figure role="group" aria-label={title} className={cn("m-0", className)}>
      {shown.length === 0 ? (
        <EmptyState compact title="Nothing to show" description={emptyMessage} />
      ) : (
        <ol className="flex flex-col gap-1.5">
          {shown.map((item) => {
            const width = max > 0 ? Math.max(2, (item.value / max) * 100) : 0;
            const hasPrev = item.previous !== null && item.previous !== undefined && item.previous !== 0;
            const delta = hasPrev ? (item.value - item.previous!) / Math.abs(item.previous!) : null;
            const Label = item.href ? (
              <Link
                href={item.href}
                className="truncate hover:underline focus-visible:ring-2 focus-visible:ring-slate-400 focus-visible:outline-none"
              >
                {item.label}
              </Link>
            ) : (
              <span className="truncate">{item.label}</span>
            );
            return (
              <li
                key={item.id}
                className="grid grid-cols-[minmax(0,1fr)_auto_4.5rem] items-center gap-3 text-sm"
              >
                <div className="relative flex h-7 min-w-0 items-center rounded-sm px-2">
                  <div
                    aria-hidden="true"
                    className="absolute inset-y-0 left-0 rounded-sm"
                    style={{ width: `${width}%`, backgroundColor: color, opacity: 0.18 }}
                  />
                  <span className="relative min-w-0 truncate text-slate-900 dark:text-slate-100">
                    {Label}
                  </span>
                </div>
                <span className="text-right font-medium text-slate-900 tabular-nums dark:text-slate-100">
                  {valueFormatter(item.value)}
                </span>
                <span
                  className={cn(
                    "inline-flex items-center justify-end gap-0.5 text-xs tabular-nums",
                    delta === null || delta === 0
                      ? "text-slate-500"
                      : delta > 0
                        ? "text-emerald-700 dark:text-emerald-400"
                        : "text-red-700 dark:text-red-400",
                  )}
                >
                  {delta === null ? (
                    item.previous === 0 && item.value > 0 ? (
                      "New"
                    ) : (
                      <span aria-label="No previous month">—</span>
                    )
                  ) : (
                    <>
                      {delta > 0 ? (
                        <ArrowUpRight className="size-3.5" aria-hidden="true" />
                      ) : delta < 0 ? (
                        <ArrowDownRight className="size-3.5" aria-hidden="true" />
                      ) : null}
                      <span className="sr-only">{delta > 0 ? "up" : delta < 0 ? "down" : "unchanged"} </span>
                      {formatPercent1(Math.abs(delta))}
                      <span className="sr-only"> vs last month</span>
                    </>
                  )}
                </span>
              </li>
            );
          })}
        </ol>
      )}
    </figure>
  );
}
