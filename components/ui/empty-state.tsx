// Shown when a list or chart has nothing to display; says why and offers the next step.
import type { ComponentType, ReactNode, SVGProps } from "react";
import { Inbox } from "lucide-react";
import { cn } from "./cn";

export type EmptyStateProps = {
  icon?: ComponentType<SVGProps<SVGSVGElement>>;
  title: ReactNode;
  description?: ReactNode;
  /** A button or link, e.g. "Clear filters" or "Import data". */
  action?: ReactNode;
  className?: string;
  /** Tighter padding for use inside cards and charts. */
  compact?: boolean;
};

export function EmptyState({
  icon: Icon = Inbox,
  title,
  description,
  action,
  className,
  compact = false,
}: EmptyStateProps) {
  return (
    <div
      role="status"
      className={cn(
        "flex flex-col items-center justify-center gap-2 text-center",
        compact
          ? "px-4 py-6"
          : "rounded-lg border border-dashed border-slate-300 px-6 py-12 dark:border-slate-700",
        className,
      )}
    >
      <span className="flex size-10 items-center justify-center rounded-full bg-slate-100 text-slate-500 dark:bg-slate-800 dark:text-slate-400">
        <Icon className="size-5" aria-hidden="true" />
      </span>
      <p className="text-sm font-medium text-slate-900 dark:text-slate-100">{title}</p>
      {description && <p className="max-w-sm text-sm text-slate-500 dark:text-slate-400">{description}</p>}
      {action && <div className="mt-2">{action}</div>}
    </div>
  );
}
