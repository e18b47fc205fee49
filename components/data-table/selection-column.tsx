"use client";
// Checkbox column prepended by <DataTable> when row selection is on. The header checkbox
// selects the rows of the current page only; selected ids survive page changes.
import { Checkbox } from "@/components/ui/checkbox";
import type { RowData } from "@tanstack/react-table";
import type { DataTableColumnDef } from "./features";

export const SELECTION_COLUMN_ID = "__select";

export function createSelectionColumn<TData extends RowData>(): DataTableColumnDef<TData> {
  return {
    id: SELECTION_COLUMN_ID,
    enableSorting: false,
    enableHiding: false,
    meta: { headerClassName: "w-10", cellClassName: "w-10" },
    header: ({ table }) => (
      <Checkbox
        aria-label="Select all rows on this page"
        checked={
          table.getIsAllPageRowsSelected()
            ? true
            : table.getIsSomePageRowsSelected()
              ? "indeterminate"
              : false
        }
        onCheckedChange={(value) => table.toggleAllPageRowsSelected(value === true)}
      />
    ),
    cell: ({ row }) => (
      <Checkbox
        aria-label={`Select row ${row.id}`}
        checked={row.getIsSelected()}
        disabled={!row.getCanSelect()}
        onCheckedChange={(value) => row.toggleSelected(value === true)}
      />
    ),
  };
}
