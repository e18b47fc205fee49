"use client";
// Generic server-driven table on TanStack Table v9. The server page owns the data: sorting
// and pagination write URL params (`sort=col|-col`, `page`, `pageSize`) and the page
// re-renders with the new rows. Selection and column visibility stay on the client.
import { useCallback, useMemo, useState, useTransition, type ReactNode } from "react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import {
  functionalUpdate,
  useTable,
  type PaginationState,
  type RowData,
  type RowSelectionState,
  type SortingState,
  type Updater,
} from "@tanstack/react-table";
import { Download, SearchX } from "lucide-react";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { cn } from "@/components/ui/cn";
import { dataTableFeatures, type DataTableColumnDef } from "./features";
import { BulkActionBar, type BulkActionContext } from "./bulk-action-bar";
import { ColumnChooser } from "./column-chooser";
import { HeaderCell, alignClass } from "./header-cell";
import { DataTablePagination } from "./pagination";
import { createSelectionColumn } from "./selection-column";
import { PAGE_SIZE_OPTIONS, mergeSearchParams, sortingToParam, type SortingEntry } from "./search-params";
import { usePersistedColumnVisibility } from "./use-column-visibility";

export type { BulkActionContext };

export type DataTableProps<TData extends RowData> = {
  /** Stable id; keys the saved column choice in localStorage. */
  tableId: string;
  /** Accessible name of the table, e.g. "Upgrade candidates". */
  label: string;
  /** Keep stable (module scope or useMemo), or the table rebuilds every render. */
  columns: DataTableColumnDef<TData>[];
  /** Rows of the current page, already filtered, sorted and sliced by the server. */
  data: TData[];
  /** Total rows after filters, across all pages. */
  rowCount: number;
  pageIndex: number;
  pageSize: number;
  sorting: SortingEntry[];
  getRowId: (row: TData) => string;
  pageSizeOptions?: readonly number[];
  enableRowSelection?: boolean | ((row: TData) => boolean);
  onSelectionChange?: (selectedIds: string[]) => void;
  /** Rendered above the table while rows are selected. */
  bulkActions?: (context: BulkActionContext) => ReactNode;
  /** Filter controls (see UrlSearchInput, UrlSelectFilter). */
  toolbar?: ReactNode;
  /** CSV of the whole filtered list, e.g. `/api/export/candidates?${query}`. */
  exportHref?: string;
  /** Shown when `data` is empty. */
  emptyState?: ReactNode;
  /**
   * The URL params that filter this list. Given, an empty list with none of them set says there is nothing yet
   * (`noDataState`), not "no results, try clearing the filters" (a fresh install has no filters to clear).
   */
  filterParams?: readonly string[];
  /** Shown when the list is empty and unfiltered (see `filterParams`). */
  noDataState?: ReactNode;
  defaultColumnVisibility?: Record<string, boolean>;
  /** Classes for the scroll container; its max height keeps the header sticky. */
  scrollClassName?: string;
  className?: string;
};

export function DataTable<TData extends RowData>(props: DataTableProps<TData>) {
  const {
    columns,
    data,
    rowCount,
    pageIndex,
    pageSize,
    sorting,
    getRowId,
    enableRowSelection = false,
    onSelectionChange,
  } = props;
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const [isPending, startTransition] = useTransition();
  const [rowSelection, setRowSelection] = useState<RowSelectionState>({});
  // Selection survives paging and sorting but not a filter change: ids outside the new
  // result set would otherwise be acted on invisibly.
  const filterKey = mergeSearchParams(searchParams, { page: null, pageSize: null, sort: null }).toString();
  const [selectionFilterKey, setSelectionFilterKey] = useState(filterKey);
  if (filterKey !== selectionFilterKey) {
    setSelectionFilterKey(filterKey);
    setRowSelection({});
    onSelectionChange?.([]);
  }
  const [columnVisibility, onColumnVisibilityChange] = usePersistedColumnVisibility(
    props.tableId,
    props.defaultColumnVisibility,
  );

  const navigate = useCallback(
    (updates: Record<string, string | number | null>) => {
      const qs = mergeSearchParams(searchParams, updates).toString();
      startTransition(() => router.push(qs ? `${pathname}?${qs}` : pathname, { scroll: false }));
    },
    [pathname, router, searchParams],
  );

  const pagination = useMemo<PaginationState>(() => ({ pageIndex, pageSize }), [pageIndex, pageSize]);
  const sortingState = useMemo<SortingState>(
    () => sorting.map((s) => ({ id: s.id, desc: s.desc })),
    [sorting],
  );

  const onSortingChange = useCallback(
    (updater: Updater<SortingState>) =>
      navigate({ sort: sortingToParam(functionalUpdate(updater, sortingState)), page: null }),
    [navigate, sortingState],
  );

  const onPaginationChange = useCallback(
    (updater: Updater<PaginationState>) => {
      const next = functionalUpdate(updater, pagination);
      if (next.pageSize !== pagination.pageSize) navigate({ pageSize: next.pageSize, page: null });
      else navigate({ page: next.pageIndex > 0 ? next.pageIndex + 1 : null });
    },
    [navigate, pagination],
  );

  const onRowSelectionChange = useCallback(
    (updater: Updater<RowSelectionState>) => {
      const next = functionalUpdate(updater, rowSelection);
      setRowSelection(next);
      onSelectionChange?.(Object.keys(next).filter((id) => next[id]));
    },
    [onSelectionChange, rowSelection],
  );

  const allColumns = useMemo(
    () => (enableRowSelection ? [createSelectionColumn<TData>(), ...columns] : columns),
    [columns, enableRowSelection],
  );

  const table = useTable({
    features: dataTableFeatures,
    columns: allColumns,
    data,
    getRowId,
    rowCount,
    manualPagination: true,
    manualSorting: true,
    autoResetPageIndex: false,
    enableMultiSort: false,
    // No "off" step: with no sort in the URL the page's default applies, so on the default column (Rank, sorted
    // ascending, whose first direction is descending) asc → off read as asc again and the header never turned.
    enableSortingRemoval: false,
    enableRowSelection:
      typeof enableRowSelection === "function"
        ? (row) => enableRowSelection(row.original)
        : enableRowSelection,
    state: { sorting: sortingState, pagination, rowSelection, columnVisibility },
    onSortingChange,
    onPaginationChange,
    onRowSelectionChange,
    onColumnVisibilityChange,
  });

  const selectedIds = Object.keys(rowSelection).filter((id) => rowSelection[id]);
  const clearSelection = () => onRowSelectionChange({});
  const visibleColumnCount = table.getVisibleLeafColumns().length;

  return (
    <div className={cn("w-full", props.className)}>
      <div className="flex flex-col gap-2 pb-3 sm:flex-row sm:items-center sm:justify-between">
        <div className="flex flex-1 flex-wrap items-center gap-2">{props.toolbar}</div>
        <div className="flex items-center gap-2">
          <ColumnChooser table={table} />
          {props.exportHref && (
            <Button asChild variant="outline" size="sm">
              <a href={props.exportHref} download>
                <Download aria-hidden="true" />
                Export CSV
              </a>
            </Button>
          )}
        </div>
      </div>

      {selectedIds.length > 0 && (
        <BulkActionBar selectedIds={selectedIds} clearSelection={clearSelection}>
          {props.bulkActions?.({ selectedIds, clearSelection })}
        </BulkActionBar>
      )}

      <div
        className={cn(
          "relative max-h-[70vh] overflow-auto rounded-lg border border-slate-200 dark:border-slate-800",
          isPending && "opacity-60 transition-opacity",
          props.scrollClassName,
        )}
        aria-busy={isPending}
        // Keyboard users can scroll a wide table sideways (axe: scrollable-region-focusable).
        role="region"
        aria-label={`${props.label} (scrollable)`}
        tabIndex={0}
      >
        <table className="w-full caption-bottom border-separate border-spacing-0 text-sm">
          <caption className="sr-only">{props.label}</caption>
          <thead className="sticky top-0 z-10 bg-slate-50 dark:bg-slate-900">
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((header) => (
                  <HeaderCell key={header.id} header={header} />
                ))}
              </tr>
            ))}
          </thead>
          <tbody>
            {data.length === 0 ? (
              <tr>
                <td colSpan={visibleColumnCount} className="p-4">
                  {props.emptyState ??
                    (props.filterParams && !props.filterParams.some((k) => searchParams.get(k)) ? (
                      (props.noDataState ?? (
                        <EmptyState
                          compact
                          title="Nothing here yet"
                          description="Rows appear after an import."
                        />
                      ))
                    ) : (
                      <EmptyState
                        compact
                        icon={SearchX}
                        title="No results"
                        description="Try changing or clearing the filters."
                      />
                    ))}
                </td>
              </tr>
            ) : (
              table.getRowModel().rows.map((row) => (
                <tr
                  key={row.id}
                  data-state={row.getIsSelected() ? "selected" : undefined}
                  className="hover:bg-slate-50 data-[state=selected]:bg-sky-50/60 dark:hover:bg-slate-900/60 dark:data-[state=selected]:bg-sky-950/30"
                >
                  {row.getVisibleCells().map((cell) => {
                    const meta = cell.column.columnDef.meta;
                    return (
                      <td
                        key={cell.id}
                        className={cn(
                          "border-b border-slate-100 px-3 py-2 align-middle text-slate-900 dark:border-slate-800/60 dark:text-slate-100",
                          alignClass[meta?.align ?? "left"],
                          meta?.align === "right" && "tabular-nums",
                          meta?.cellClassName,
                        )}
                      >
                        <table.FlexRender cell={cell} />
                      </td>
                    );
                  })}
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>

      <DataTablePagination table={table} pageSizeOptions={props.pageSizeOptions ?? PAGE_SIZE_OPTIONS} />
    </div>
  );
}
