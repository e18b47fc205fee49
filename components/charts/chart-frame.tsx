// Wrapper every chart renders into: gives it an accessible name and description, a fixed
// height for the responsive chart, and an empty state when there is nothing to plot.
import type { ReactNode } from "react";
import { BarChart3 } from "lucide-react";
import { EmptyState } from "@/components/ui/empty-state";
import { cn } from "@/components/ui/cn";

export type ChartBaseProps = {
  /** Accessible name; shown as a heading when `showTitle` is set. */
  title: string;
  /** Short text summary for screen readers (and shown under the title when visible). */
  description?: string;
  showTitle?: boolean;
  /** Plot height in px. */
  height?: number;
  emptyMessage?: string;
  className?: string;
};

export function ChartFrame({
  title,
  description,
  showTitle = false,
  height = 260,
  emptyMessage = "No data for this period yet.",
  isEmpty,
  footer,
  fitContent = false,
  className,
  children,
}: ChartBaseProps & {
  isEmpty: boolean;
  footer?: ReactNode;
  /** The content is text, not a responsive chart: it takes the height it needs. */
  fitContent?: boolean;
  children: ReactNode;
}) {
  return (
    <figure
      role="group"
      aria-label={title}
      className={cn("m-0 flex w-full min-w-0 flex-col gap-2", className)}
    >
      <figcaption className={showTitle ? "flex flex-col gap-0.5" : "sr-only"}>
        <span className="text-sm font-semibold text-slate-900 dark:text-slate-100">{title}</span>
        {description && <span className="text-xs text-slate-500 dark:text-slate-400">{description}</span>}
      </figcaption>
      {isEmpty ? (
        <div style={{ minHeight: height }} className="flex items-center justify-center">
          <EmptyState compact icon={BarChart3} title="Nothing to show" description={emptyMessage} />
        </div>
      ) : (
        <div
          style={fitContent ? undefined : { height }}
          className="w-full min-w-0 text-slate-900 dark:text-slate-100"
        >
          {children}
        </div>
      )}
      {!isEmpty && footer}
    </figure>
  );
}
