"use client";
// Cohort retention grid (HTML table, not Recharts): rows are cohort months, columns month
// offsets, shading by retained share. One cell is in the tab order; arrow keys, Home and End
// move between cells (roving tabindex), and the focused cell's details are shown below.
import { useRef, useState, type KeyboardEvent } from "react";
import { cn } from "@/components/ui/cn";
import { formatCount, formatMonth } from "@/lib/format/numbers";
import { formatPercent } from "./chart-theme";

export type RetentionCohort = {
  /** Row label, e.g. "2024-07". */
  cohort: string;
  /** Members in the cohort at offset 0. */
  size: number;
  /** Retained members per month offset; null where the offset is still in the future. */
  retained: (number | null)[];
  /** The offset that falls in the month still in progress: hatched and not read as a drop. */
  inProgressOffset?: number | null;
};

export type RetentionHeatmapProps = {
  title: string;
  cohorts: RetentionCohort[];
  /** Header for offset i; defaults to "M0", "M1", … */
  offsetLabel?: (offset: number) => string;
  emptyMessage?: string;
  className?: string;
};

/** Diagonal hatching: "still being counted", distinct from any share of the colour scale. */
const HATCHED = {
  backgroundImage: "repeating-linear-gradient(135deg, rgb(148 163 184 / 0.35) 0 3px, transparent 3px 7px)",
};

function cellStyle(share: number) {
  // Capped so the dark text keeps at least 4.5:1 contrast on the darkest cell.
  const alpha = 0.06 + Math.min(1, Math.max(0, share)) * 0.6;
  return { backgroundColor: `rgb(0 114 178 / ${alpha.toFixed(3)})`, color: "#0f172a" };
}

export function RetentionHeatmap({
  title,
  cohorts,
  offsetLabel = (i) => `M${i}`,
  emptyMessage = "No cohorts yet.",
  className,
}: RetentionHeatmapProps) {
  const columns = Math.max(0, ...cohorts.map((c) => c.retained.length));
  const [active, setActive] = useState<{ row: number; col: number }>({ row: 0, col: 0 });
  const [shown, setShown] = useState<{ row: number; col: number } | null>(null);
  const tableRef = useRef<HTMLTableElement>(null);

  if (cohorts.length === 0 || columns === 0) {
    return (
      <figure
        role="group"
        aria-label={title}
        className={cn("m-0 py-8 text-center text-sm text-slate-500", className)}
      >
        {emptyMessage}
      </figure>
    );
  }

  const describe = (row: number, col: number) => {
    const c = cohorts[row];
    const retained = c.retained[col];
    const at = `${formatMonth(c.cohort)}, ${offsetLabel(col)}`;
    if (retained === null || retained === undefined) return `${at}: not reached yet`;
    const share = c.size > 0 ? retained / c.size : 0;
    const of = `${formatCount(retained)} of ${formatCount(c.size)}`;
    if (c.inProgressOffset === col)
      return `${at}: month in progress, ${of} so far (${formatPercent(share)}); read it when the month ends`;
    return `${at}: ${of} retained (${formatPercent(share)})`;
  };

  const focusCell = (row: number, col: number) => {
    const r = Math.min(cohorts.length - 1, Math.max(0, row));
    const c = Math.min(columns - 1, Math.max(0, col));
    setActive({ row: r, col: c });
    setShown({ row: r, col: c });
    tableRef.current?.querySelector<HTMLElement>(`[data-cell="${r}-${c}"]`)?.focus();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTableElement>) => {
    const moves: Record<string, [number, number]> = {
      ArrowUp: [active.row - 1, active.col],
      ArrowDown: [active.row + 1, active.col],
      ArrowLeft: [active.row, active.col - 1],
      ArrowRight: [active.row, active.col + 1],
      Home: [active.row, 0],
      End: [active.row, columns - 1],
    };
    const target = moves[e.key];
    if (!target) return;
    e.preventDefault();
    focusCell(target[0], target[1]);
  };

  return (
    <figure role="group" aria-label={title} className={cn("m-0 flex min-w-0 flex-col gap-2", className)}>
      <div className="overflow-x-auto">
        <table
          ref={tableRef}
          onKeyDown={onKeyDown}
          className="w-full border-separate border-spacing-0.5 text-xs tabular-nums"
        >
          <caption className="sr-only">{title}. Use arrow keys to move between cells.</caption>
          <thead>
            <tr>
              <th scope="col" className="px-2 py-1 text-left font-medium text-slate-500">
                Cohort
              </th>
              <th scope="col" className="px-2 py-1 text-right font-medium text-slate-500">
                Size
              </th>
              {Array.from({ length: columns }, (_, i) => (
                <th key={i} scope="col" className="min-w-11 px-1 py-1 text-center font-medium text-slate-500">
                  {offsetLabel(i)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {cohorts.map((c, row) => (
              <tr key={c.cohort}>
                <th
                  scope="row"
                  className="px-2 py-1 text-left font-medium whitespace-nowrap text-slate-700 dark:text-slate-300"
                >
                  {formatMonth(c.cohort)}
                </th>
                <td className="px-2 py-1 text-right text-slate-600 dark:text-slate-400">
                  {formatCount(c.size)}
                </td>
                {Array.from({ length: columns }, (_, col) => {
                  const retained = c.retained[col];
                  const partial = c.inProgressOffset === col;
                  const reached = retained !== null && retained !== undefined && !partial;
                  const share = reached && c.size > 0 ? retained / c.size : 0;
                  const label = describe(row, col);
                  return (
                    <td
                      key={col}
                      data-cell={`${row}-${col}`}
                      tabIndex={active.row === row && active.col === col ? 0 : -1}
                      title={label}
                      aria-label={label}
                      onFocus={() => {
                        setActive({ row, col });
                        setShown({ row, col });
                      }}
                      onMouseEnter={() => setShown({ row, col })}
                      onMouseLeave={() => setShown(null)}
                      data-in-progress={partial || undefined}
                      style={reached ? cellStyle(share) : partial ? HATCHED : undefined}
                      className={cn(
                        "rounded-sm px-1 py-1.5 text-center outline-none focus-visible:ring-2 focus-visible:ring-slate-900 dark:focus-visible:ring-slate-100",
                        !reached && "bg-slate-50 text-slate-500 dark:bg-slate-900 dark:text-slate-400",
                      )}
                    >
                      {reached ? (
                        formatPercent(share)
                      ) : partial ? (
                        <span className="text-[10px] text-slate-700 dark:text-slate-200">so far</span>
                      ) : (
                        "·"
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="min-h-4 text-xs text-slate-600 dark:text-slate-400" aria-hidden="true">
        {shown
          ? describe(shown.row, shown.col)
          : `Hover or focus a cell for counts.${cohorts.some((c) => c.inProgressOffset != null) ? " Hatched cells are the month in progress." : ""}`}
      </p>
    </figure>
  );
}
