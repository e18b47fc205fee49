"use client";
// The tracker as a list: every outreach record, server-sorted and paged, with filters in the URL,
// CSV export of the whole filtered list, and (for admins) a status select and an edit dialog per row.
import { useMemo } from "react";
import Link from "next/link";
import {
  DataTable,
  createActionsColumn,
  createDataTableColumnHelper,
  type SortingEntry,
} from "@/components/data-table";
import { OutreachStatusBadge } from "@/components/ranked-list/cells";
import { EmptyState } from "@/components/ui/empty-state";
import { formatDate } from "@/lib/format/numbers";
import type { OutreachRow } from "@/lib/data/outreach";
import {
  OUTREACH_FILTER_PARAMS,
  OUTREACH_CHANNEL_LABELS,
  OUTREACH_KIND_LABELS,
  OUTREACH_LIST_LABELS,
} from "@/lib/validation/outreach";
import { EditOutreachDialog, type Assignee } from "./edit-outreach-dialog";
import { OutreachFilters } from "./outreach-filters";
import { StatusMover } from "./status-mover";

const col = createDataTableColumnHelper<OutreachRow>();

export type OutreachTableProps = {
  rows: OutreachRow[];
  total: number;
  pageIndex: number;
  pageSize: number;
  sorting: SortingEntry[];
  isAdmin: boolean;
  timeZone: string;
  assignees: Assignee[];
  exportHref: string;
};

export function OutreachTable(props: OutreachTableProps) {
  const { isAdmin, timeZone, assignees } = props;
  const columns = useMemo(() => {
    const date = (v: string | null) => formatDate(v, timeZone);
    const base = [
      col.accessor("memberName", {
        id: "member",
        header: "Member",
        enableHiding: false,
        cell: (i) => (
          <Link
            href={`/members/${i.row.original.memberId}`}
            className="font-medium text-indigo-700 hover:underline dark:text-indigo-300"
          >
            {i.getValue()}
          </Link>
        ),
      }),
      col.accessor("status", {
        id: "status",
        header: "Status",
        cell: (i) => (
          <div className="grid gap-1">
            {isAdmin && (
              <StatusMover key={`${i.row.original.id}-${i.row.original.version}`} row={i.row.original} />
            )}
            {(!isAdmin || i.row.original.claimed) && (
              <OutreachStatusBadge status={i.getValue()} claimed={i.row.original.claimed} />
            )}
          </div>
        ),
      }),
      col.accessor("kind", {
        id: "kind",
        header: "Kind",
        enableSorting: false,
        cell: (i) => OUTREACH_KIND_LABELS[i.getValue()] ?? i.getValue(),
      }),
      col.accessor("list", {
        id: "list",
        header: "List",
        enableSorting: false,
        cell: (i) => OUTREACH_LIST_LABELS[i.getValue()] ?? i.getValue(),
      }),
      col.accessor("assigneeLabel", {
        id: "assignee",
        header: "Assignee",
        enableSorting: false,
        cell: (i) => i.getValue() ?? <span className="text-slate-500">–</span>,
      }),
      col.accessor("channel", {
        id: "channel",
        header: "Channel",
        enableSorting: false,
        cell: (i) => {
          const c = i.getValue();
          return c ? (OUTREACH_CHANNEL_LABELS[c as keyof typeof OUTREACH_CHANNEL_LABELS] ?? c) : "–";
        },
      }),
      col.accessor("dueAt", { id: "due", header: "Due", cell: (i) => date(i.getValue()) }),
      col.accessor("contactedAt", {
        id: "contacted",
        header: "Contacted",
        cell: (i) => (
          <span>
            {date(i.getValue())}
            {i.row.original.contacts > 1 && (
              <span className="block text-xs text-slate-600 dark:text-slate-400">
                {i.row.original.contacts} times
              </span>
            )}
          </span>
        ),
      }),
      col.accessor("outcome", {
        id: "outcome",
        header: "Outcome",
        enableSorting: false,
        cell: (i) => i.getValue() ?? "–",
      }),
      col.accessor("note", {
        id: "note",
        header: "Note",
        enableSorting: false,
        cell: (i) => <span className="line-clamp-2 max-w-64 text-xs">{i.getValue() ?? ""}</span>,
      }),
      col.accessor("updatedAt", { id: "updated", header: "Updated", cell: (i) => date(i.getValue()) }),
    ];
    return isAdmin
      ? [
          ...base,
          createActionsColumn<OutreachRow>((row) => <EditOutreachDialog row={row} assignees={assignees} />),
        ]
      : base;
  }, [isAdmin, timeZone, assignees]);

  return (
    <DataTable
      tableId="outreach"
      label="Outreach records"
      columns={columns}
      data={props.rows}
      rowCount={props.total}
      pageIndex={props.pageIndex}
      pageSize={props.pageSize}
      sorting={props.sorting}
      getRowId={(row) => String(row.id)}
      toolbar={<OutreachFilters assignees={assignees} showStatus />}
      exportHref={props.exportHref}
      filterParams={OUTREACH_FILTER_PARAMS}
      noDataState={
        <EmptyState
          compact
          title="No outreach yet"
          description="Log outreach from the Candidates or At risk lists, or from a member's page."
        />
      }
      defaultColumnVisibility={{ note: false, channel: false }}
    />
  );
}
