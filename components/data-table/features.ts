// The TanStack Table v9 feature set every <DataTable> uses, and the column types built on
// it. Column definitions must be typed with these features: use `createDataTableColumnHelper`.
// Processing is server-side, so no client row-model factories are registered.
import {
  columnVisibilityFeature,
  createColumnHelper,
  metaHelper,
  rowPaginationFeature,
  rowSelectionFeature,
  rowSortingFeature,
  tableFeatures,
  type ColumnDef,
  type ColumnHelper,
  type RowData,
} from "@tanstack/react-table";

export type DataTableColumnMeta = {
  /** Plain-text name for the column chooser (falls back to a string header, then the id). */
  label?: string;
  align?: "left" | "center" | "right";
  headerClassName?: string;
  cellClassName?: string;
};

export const dataTableFeatures = tableFeatures({
  rowSortingFeature,
  rowPaginationFeature,
  rowSelectionFeature,
  columnVisibilityFeature,
  columnMeta: metaHelper<DataTableColumnMeta>(),
});

export type DataTableFeatures = typeof dataTableFeatures;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each column keeps its own value type
export type DataTableColumnDef<TData extends RowData> = ColumnDef<DataTableFeatures, TData, any>;

/**
 * Typed column helper for a row shape. Call at module scope so column identities stay stable:
 * `const col = createDataTableColumnHelper<Candidate>(); export const columns = col.columns([...])`.
 */
export function createDataTableColumnHelper<TData extends RowData>(): ColumnHelper<DataTableFeatures, TData> {
  return createColumnHelper<DataTableFeatures, TData>();
}
