// Loading placeholder shaped like a <DataTable>; use in a route's loading.tsx or a Suspense fallback.
import { Skeleton } from "@/components/ui/skeleton";
import { cn } from "@/components/ui/cn";

export type DataTableSkeletonProps = {
  columns?: number;
  rows?: number;
  /** Render the toolbar placeholder row. */
  toolbar?: boolean;
  className?: string;
};

export function DataTableSkeleton({
  columns = 5,
  rows = 10,
  toolbar = true,
  className,
}: DataTableSkeletonProps) {
  const cols = Array.from({ length: columns }, (_, i) => i);
  return (
    <div role="status" aria-live="polite" aria-busy="true" className={cn("w-full", className)}>
      <span className="sr-only">Loading table…</span>
      {toolbar && (
        <div className="flex items-center justify-between gap-2 pb-3">
          <Skeleton className="h-9 w-full max-w-64" />
          <Skeleton className="h-8 w-24" />
        </div>
      )}
      <div className="overflow-hidden rounded-lg border border-slate-200 dark:border-slate-800">
        <div className="flex gap-4 border-b border-slate-200 bg-slate-50 px-3 py-3 dark:border-slate-800 dark:bg-slate-900">
          {cols.map((c) => (
            <Skeleton key={c} className="h-4 flex-1" />
          ))}
        </div>
        {Array.from({ length: rows }, (_, r) => (
          <div
            key={r}
            className="flex gap-4 border-b border-slate-100 px-3 py-3 last:border-0 dark:border-slate-800/60"
          >
            {cols.map((c) => (
              <Skeleton
                key={c}
                className={cn("h-4 flex-1", c === 0 && "max-w-48", (r + c) % 3 === 0 && "opacity-70")}
              />
            ))}
          </div>
        ))}
      </div>
      <div className="flex justify-between pt-3">
        <Skeleton className="h-4 w-32" />
        <Skeleton className="h-8 w-48" />
      </div>
    </div>
  );
}
