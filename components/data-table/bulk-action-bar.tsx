"use client";
// Bar shown above a <DataTable> while rows are selected: count, caller's actions, clear.
import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";

export type BulkActionContext = { selectedIds: string[]; clearSelection: () => void };

export function BulkActionBar({
  selectedIds,
  clearSelection,
  children,
}: BulkActionContext & { children?: ReactNode }) {
  return (
    <div
      role="region"
      aria-label="Bulk actions"
      className="mb-3 flex flex-wrap items-center gap-2 rounded-md border border-slate-200 bg-slate-50 px-3 py-2 text-sm dark:border-slate-800 dark:bg-slate-900"
    >
      <span aria-live="polite" className="font-medium">
        {selectedIds.length} selected
      </span>
      {children}
      <Button variant="ghost" size="sm" className="ml-auto" onClick={clearSelection}>
        Clear selection
      </Button>
    </div>
  );
}
