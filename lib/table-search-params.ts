// Parses and writes the table's URL state (sort, page, pageSize). Pure and server-safe, so
// a server page can read the same params the client <DataTable> writes.
// URL format: `sort=col` ascending, `sort=-col` descending; `page` is 1-based.

export type SortingEntry = { id: string; desc: boolean };

export type TableSearchState = {
  /** 0-based, as TanStack expects. */
  pageIndex: number;
  pageSize: number;
  sorting: SortingEntry[];
};

export const PAGE_SIZE_OPTIONS = [10, 25, 50, 100] as const;

type RawSearchParams = Record<string, string | string[] | undefined> | URLSearchParams;

function read(params: RawSearchParams, key: string): string | undefined {
  if (params instanceof URLSearchParams) return params.get(key) ?? undefined;
  const value = params[key];
  return Array.isArray(value) ? value[0] : value;
}

export function parseSortParam(
  value: string | undefined | null,
  allowed?: readonly string[],
): SortingEntry[] {
  if (!value) return [];
  const desc = value.startsWith("-");
  const id = desc ? value.slice(1) : value;
  if (!id || (allowed && !allowed.includes(id))) return [];
  return [{ id, desc }];
}

export function sortingToParam(sorting: readonly SortingEntry[]): string | null {
  const first = sorting[0];
  return first ? `${first.desc ? "-" : ""}${first.id}` : null;
}

/**
 * Reads table state from a page's `searchParams`. `allowedSort` guards the value before it
 * reaches a query builder; page size is clamped to `pageSizeOptions`.
 */
export function parseTableSearchParams(
  params: RawSearchParams,
  options: {
    allowedSort?: readonly string[];
    defaultSort?: SortingEntry[];
    defaultPageSize?: number;
    pageSizeOptions?: readonly number[];
  } = {},
): TableSearchState {
  const sizes = options.pageSizeOptions ?? PAGE_SIZE_OPTIONS;
  const defaultPageSize = options.defaultPageSize ?? 25;
  const rawSize = Number(read(params, "pageSize"));
  const pageSize = sizes.includes(rawSize) ? rawSize : defaultPageSize;
  const rawPage = Number(read(params, "page"));
  const pageIndex = Number.isInteger(rawPage) && rawPage >= 1 ? Math.min(rawPage - 1, 100_000) : 0;
  const sorting = parseSortParam(read(params, "sort"), options.allowedSort);
  return { pageIndex, pageSize, sorting: sorting.length ? sorting : (options.defaultSort ?? []) };
}

/** Copies `current` and applies `updates`; null, undefined or "" removes a key. */
export function mergeSearchParams(
  current: URLSearchParams | string,
  updates: Record<string, string | number | null | undefined>,
): URLSearchParams {
  const next = new URLSearchParams(current.toString());
  for (const [key, value] of Object.entries(updates)) {
    if (value === null || value === undefined || value === "") next.delete(key);
    else next.set(key, String(value));
  }
  return next;
}
