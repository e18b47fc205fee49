"use client";
// The trailing per-row actions column that tables add for admins: right-aligned, never hidden,
// pinned to the right edge so the actions stay in view while a wide table scrolls sideways,
// with a header only screen readers announce.
import type { ReactNode } from "react";
import type { RowData } from "@tanstack/react-table";
import type { DataTableColumnDef } from "./features";

export function createActionsColumn<TData extends RowData>(
  cell: (row: TData) => ReactNode,
): DataTableColumnDef<TData> {
  return {
    id: "actions",
    enableSorting: false,
    enableHiding: false,
    meta: {
      align: "right",
      label: "Actions",
      headerClassName: "sticky right-0 z-20 bg-slate-50 dark:bg-slate-900",
      cellClassName:
        "sticky right-0 z-[5] bg-white shadow-[-8px_0_8px_-8px_rgb(15_23_42/0.25)] dark:bg-slate-950",
    },
    header: () => <span className="sr-only">Actions</span>,
    cell: ({ row }) => cell(row.original),
  };
}
