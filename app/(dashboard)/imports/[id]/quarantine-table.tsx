"use client";
// The rows an import could not read: file, line, reason and the original text, with the whole
// list downloadable as CSV.
import { DataTable, createDataTableColumnHelper } from "@/components/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import type { QuarantinedRowView } from "@/lib/data/imports";

const col = createDataTableColumnHelper<QuarantinedRowView>();
const columns = col.columns([
  col.accessor("file", { id: "file", header: "File", enableSorting: false }),
  col.accessor("line", { id: "line", header: "Line", enableSorting: false, meta: { align: "right" } }),
  col.accessor("reason", {
    id: "reason",
    header: "Reason",
    enableSorting: false,
    cell: (i) => <span className="text-amber-800 dark:text-amber-300">{i.getValue()}</span>,
  }),
  col.accessor("raw", {
    id: "raw",
    header: "Original line",
    enableSorting: false,
    cell: (i) => (
      <code className="block max-w-xl truncate text-xs" title={i.getValue()}>
        {i.getValue()}
      </code>
    ),
  }),
]);

type Props = {
  runId: number;
  rows: QuarantinedRowView[];
  total: number;
  pageIndex: number;
  pageSize: number;
};

export function QuarantineTable({ runId, rows, total, pageIndex, pageSize }: Props) {
  return (
    <DataTable
      tableId="import-quarantine"
      label="Quarantined rows"
      columns={columns}
      data={rows}
      rowCount={total}
      pageIndex={pageIndex}
      pageSize={pageSize}
      sorting={[]}
      getRowId={(row) => row.id}
      exportHref={`/api/v1/imports/${runId}/quarantine?format=csv`}
      emptyState={
        <EmptyState title="Nothing quarantined" description="Every row of this file was readable." />
      }
    />
  );
}
