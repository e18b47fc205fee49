"use client";
// Import run history: server-sorted and paged, with counts, status and the error of failed runs;
// each row links to its quarantined rows. Fits 1366 px: a long file name or error wraps anywhere and is cut
// after two lines, its whole text in a tooltip (and on the run's page); the error sits under its file. Counts take
// six characters at most ("1.2M"), the exact figure in a tooltip, so a large import cannot widen the table.
import { useMemo } from "react";
import Link from "next/link";
import { DataTable, createDataTableColumnHelper, type SortingEntry } from "@/components/data-table";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { codeLabel, IMPORT_STATUS_LABELS, sourceLabel } from "@/lib/format/labels";
import { formatCompactCount, formatCount, formatDateTime } from "@/lib/format/numbers";
import type { ImportRunRow } from "@/lib/data/imports";

const col = createDataTableColumnHelper<ImportRunRow>();

const TONES: Record<string, BadgeTone> = {
  succeeded: "success",
  failed: "danger",
  running: "info",
  queued: "neutral",
};

function Count({ value }: { value: number }) {
  const short = formatCompactCount(value);
  const full = formatCount(value);
  return short === full ? short : <span title={full}>{short}</span>;
}

export function StatusBadge({ status }: { status: string }) {
  return <Badge tone={TONES[status] ?? "neutral"}>{codeLabel(IMPORT_STATUS_LABELS, status)}</Badge>;
}

type Props = {
  rows: ImportRunRow[];
  total: number;
  pageIndex: number;
  pageSize: number;
  sorting: SortingEntry[];
  timeZone: string;
};

export function ImportsTable(props: Props) {
  const { timeZone } = props;
  const columns = useMemo(() => {
    const count = (v: number) => <Count value={v} />;
    return [
      col.accessor("startedAt", {
        id: "startedAt",
        header: "Started",
        cell: (i) => formatDateTime(i.getValue(), timeZone),
      }),
      col.accessor("source", {
        id: "source",
        header: "Source",
        // Two words wrap ("Open Collective"): the table fits 1366 px with a long source and a long uploader.
        cell: (i) => <span className="whitespace-normal">{sourceLabel(i.getValue())}</span>,
      }),
      col.accessor("fileName", {
        id: "file",
        header: "File",
        enableSorting: false,
        enableHiding: false,
        cell: (i) => {
          const error = i.row.original.error;
          return (
            <div className="max-w-64 min-w-36 wrap-anywhere">
              <Link
                href={`/imports/${i.row.original.id}`}
                title={i.getValue()}
                className="line-clamp-2 font-medium text-indigo-700 hover:underline dark:text-indigo-300"
              >
                {i.getValue()}
              </Link>
              {error && (
                <p title={error} className="line-clamp-2 text-xs text-red-700 dark:text-red-400">
                  {error}
                </p>
              )}
            </div>
          );
        },
      }),
      col.accessor("status", {
        id: "status",
        header: "Status",
        cell: (i) => <StatusBadge status={i.getValue()} />,
      }),
      col.accessor("read", {
        id: "read",
        header: () => <span title="Rows (lines, messages, transactions) read from the file">Read</span>,
        meta: { align: "right", label: "Read" },
        cell: (i) => count(i.getValue()),
      }),
      col.accessor("imported", {
        id: "imported",
        header: () => (
          <span title="Records stored: a row can give several (an Open Collective transaction a payment and a plan change), so this can exceed Read">
            Imported
          </span>
        ),
        meta: { align: "right", label: "Imported" },
        cell: (i) => count(i.getValue()),
      }),
      col.accessor("duplicates", {
        id: "duplicates",
        header: "Duplicates",
        meta: { align: "right" },
        cell: (i) => count(i.getValue()),
      }),
      col.accessor("quarantined", {
        id: "quarantined",
        header: "Quarantined",
        meta: { align: "right" },
        cell: (i) =>
          i.getValue() > 0 ? (
            <Link href={`/imports/${i.row.original.id}`} className="text-amber-700 hover:underline">
              {count(i.getValue())}
            </Link>
          ) : (
            "0"
          ),
      }),
      col.accessor("membersCreated", {
        id: "membersCreated",
        header: "New members",
        enableSorting: false,
        meta: { align: "right", headerClassName: "whitespace-normal" },
        cell: (i) => count(i.getValue()),
      }),
      col.accessor("identitiesLinked", {
        id: "identitiesLinked",
        header: "Identities linked",
        enableSorting: false,
        meta: { align: "right", headerClassName: "whitespace-normal" },
        cell: (i) => count(i.getValue()),
      }),
      col.accessor("createdBy", {
        id: "createdBy",
        header: "By",
        enableSorting: false,
        cell: (i) => {
          const by = i.getValue();
          return by ? (
            <span title={by} className="block max-w-32 truncate">
              {by}
            </span>
          ) : (
            "CLI"
          );
        },
      }),
    ];
  }, [timeZone]);
  return (
    <DataTable
      tableId="imports"
      label="Import runs"
      columns={columns}
      data={props.rows}
      rowCount={props.total}
      pageIndex={props.pageIndex}
      pageSize={props.pageSize}
      sorting={props.sorting}
      getRowId={(row) => String(row.id)}
      exportHref="/api/v1/imports?format=csv"
      defaultColumnVisibility={{ createdBy: false }}
      emptyState={
        <EmptyState
          title="No imports yet"
          description="Choose a source and a file above; each run is listed here with its counts."
        />
      }
    />
  );
}
