"use client";
// The trailing per-row actions column that tables add for admins: right-aligned, never hidden,
// with a header only screen readers announce.
import type { ReactNode } from "react";
import type { RowData } from "@tanstack/react-table";
import type { DataTableColumnDef } from "./features";

export function createActionsColumn<TData extends RowData>(cell: (row: TData) => ReactNode): DataTableColumnDef<TData> {
  return {
    id: "actions",
    enableSorting: false,
    enableHiding: false,
    meta: { align: "right", label: "Actions" },
    header: () => <span className="sr-only">Actions</span>,
    cell: ({ row }) => cell(row.original),
  };
}
