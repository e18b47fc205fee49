"use client";
// Column header: sortable columns get a button (Enter/Space toggle between descending and ascending) and
// the <th> reports the current order through aria-sort.
import { FlexRender, type Header, type RowData } from "@tanstack/react-table";
import { ArrowDown, ArrowUp, ChevronsUpDown } from "lucide-react";
import { cn } from "@/components/ui/cn";
import type { DataTableFeatures } from "./features";

export const alignClass = { left: "text-left", center: "text-center", right: "text-right" } as const;
const ariaSort = { asc: "ascending", desc: "descending" } as const;

export function HeaderCell<TData extends RowData>({
  header,
}: {
  header: Header<DataTableFeatures, TData, unknown>;
}) {
  const column = header.column;
  const meta = column.columnDef.meta;
  const sorted = column.getIsSorted();
  const canSort = column.getCanSort();
  const SortIcon = sorted === "asc" ? ArrowUp : sorted === "desc" ? ArrowDown : ChevronsUpDown;
  return (
    <th
      scope="col"
      colSpan={header.colSpan}
      aria-sort={canSort ? (sorted ? ariaSort[sorted] : "none") : undefined}
      className={cn(
        "border-b border-slate-200 px-3 py-2.5 font-medium whitespace-nowrap text-slate-600 dark:border-slate-800 dark:text-slate-300",
        alignClass[meta?.align ?? "left"],
        meta?.headerClassName,
      )}
    >
      {header.isPlaceholder ? null : canSort ? (
        <button
          type="button"
          onClick={column.getToggleSortingHandler()}
          className={cn(
            "-mx-1 inline-flex items-center gap-1 rounded px-1 hover:text-slate-900 focus-visible:ring-2 focus-visible:ring-slate-400 focus-visible:outline-none dark:hover:text-slate-100",
            meta?.align === "right" && "flex-row-reverse",
          )}
        >
          <FlexRender header={header} />
          <SortIcon className={cn("size-3.5", !sorted && "opacity-40")} aria-hidden="true" />
        </button>
      ) : (
        <FlexRender header={header} />
      )}
    </th>
  );
}
