// Client-side table pieces. Server code (pages, route handlers) should import
// "./search-params" and "./csv" directly so it does not pull client modules.
export { DataTable, type BulkActionContext, type DataTableProps } from "./data-table";
export { createActionsColumn } from "./actions-column";
export { DataTableSkeleton, type DataTableSkeletonProps } from "./data-table-skeleton";
export {
  createDataTableColumnHelper,
  dataTableFeatures,
  type DataTableColumnDef,
  type DataTableColumnMeta,
  type DataTableFeatures,
} from "./features";
export { ClearFiltersButton, UrlFilterChip, UrlSearchInput, UrlSelectFilter } from "./filters";
export { useUrlFilters, type FilterUpdates, type UrlFilters } from "./use-url-filters";
export {
  PAGE_SIZE_OPTIONS,
  parseTableSearchParams,
  sortingToParam,
  type SortingEntry,
  type TableSearchState,
} from "./search-params";
