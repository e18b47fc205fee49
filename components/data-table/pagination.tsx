"use client";
// Footer: range summary, page-size choice and first/previous/next/last buttons.
import type { ReactTable, RowData } from "@tanstack/react-table";
import { ChevronLeft, ChevronRight, ChevronsLeft, ChevronsRight } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/input";
import type { DataTableFeatures } from "./features";

const count = new Intl.NumberFormat("en");

export function DataTablePagination<TData extends RowData>({
  table,
  pageSizeOptions,
}: {
  table: ReactTable<DataTableFeatures, TData>;
  pageSizeOptions: readonly number[];
}) {
  const { pageIndex, pageSize } = table.state.pagination;
  const rowCount = table.getRowCount();
  const pageCount = Math.max(1, table.getPageCount());
  const first = rowCount === 0 ? 0 : pageIndex * pageSize + 1;
  const last = Math.min(rowCount, (pageIndex + 1) * pageSize);
  return (
    <div className="flex flex-col gap-3 px-1 pt-3 text-sm text-slate-600 sm:flex-row sm:items-center sm:justify-between dark:text-slate-400">
      <p aria-live="polite">
        {rowCount === 0
          ? "No rows"
          : `${count.format(first)}–${count.format(last)} of ${count.format(rowCount)}`}
      </p>
      <div className="flex flex-wrap items-center gap-2 sm:gap-4">
        <label className="flex items-center gap-2">
          <span className="whitespace-nowrap">Rows per page</span>
          <Select
            className="h-8 w-20"
            value={String(pageSize)}
            onChange={(e) => table.setPageSize(Number(e.target.value))}
            options={pageSizeOptions.map((n) => ({ value: String(n), label: String(n) }))}
          />
        </label>
        <span className="whitespace-nowrap tabular-nums">
          Page {count.format(pageIndex + 1)} of {count.format(pageCount)}
        </span>
        <nav aria-label="Pagination" className="flex items-center gap-1">
          <Button
            variant="outline"
            size="icon"
            className="size-8"
            aria-label="First page"
            disabled={!table.getCanPreviousPage()}
            onClick={() => table.firstPage()}
          >
            <ChevronsLeft aria-hidden="true" />
          </Button>
          <Button
            variant="outline"
            size="icon"
            className="size-8"
            aria-label="Previous page"
            disabled={!table.getCanPreviousPage()}
            onClick={() => table.previousPage()}
          >
            <ChevronLeft aria-hidden="true" />
          </Button>
          <Button
            variant="outline"
            size="icon"
            className="size-8"
            aria-label="Next page"
            disabled={!table.getCanNextPage()}
            onClick={() => table.nextPage()}
          >
            <ChevronRight aria-hidden="true" />
          </Button>
          <Button
            variant="outline"
            size="icon"
            className="size-8"
            aria-label="Last page"
            disabled={!table.getCanLastPage()}
            onClick={() => table.lastPage()}
          >
            <ChevronsRight aria-hidden="true" />
          </Button>
        </nav>
      </div>
    </div>
  );
}
