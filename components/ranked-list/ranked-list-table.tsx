"use client";
// The shared table of /candidates and /at-risk: server-sorted and paged rows from the latest snapshot,
// rank change, 12-week sparkline, top reasons, outreach status, bulk "Add to outreach" and per-row
// "Mark done" for admins (viewers get neither; the server refuses them anyway).
import { useMemo, useState, useTransition } from "react";
import { ListPlus, MessageSquareCheck } from "lucide-react";
import { DataTable, createDataTableColumnHelper, type SortingEntry } from "@/components/data-table";
import { SparklineSvg } from "@/components/charts/sparkline-svg";
import { Button } from "@/components/ui/button";
import { formatDate } from "@/lib/format/numbers";
import type { RankedListRow } from "@/lib/data/ranked-lists";
import type { RankingKind } from "@/lib/validation/outreach";
import { MemberCell, OutreachStatusBadge, RankChange, TopReasons } from "./cells";
import { MarkContactedDialog } from "./mark-contacted-dialog";
import { MarkDoneButton } from "./mark-done-button";
import { RankedFilters } from "./ranked-filters";
import type { RankedFilterChoices, RankedListActions } from "./types";

export type RankedListTableProps = {
  kind: RankingKind;
  rows: RankedListRow[];
  total: number;
  pageIndex: number;
  pageSize: number;
  sorting: SortingEntry[];
  isAdmin: boolean;
  timeZone: string;
  choices: RankedFilterChoices;
  exportHref: string;
  actions: RankedListActions;
  /** "band" where the deployed ranker's out-of-time rates do not hold up: rank and High/Medium/Low, no percentage. */
  scoreDisplay: "percent" | "band";
};

const col = createDataTableColumnHelper<RankedListRow>();

function useColumns(
  kind: RankingKind,
  isAdmin: boolean,
  timeZone: string,
  markDone: RankedListActions["markDone"],
  scoreDisplay: "percent" | "band",
) {
  return useMemo(() => {
    const columns = [
      col.accessor("rank", {
        id: "rank",
        header: "Rank",
        meta: { align: "right", label: "Rank" },
        cell: (i) => i.getValue(),
      }),
      col.accessor("rankChange", {
        id: "rankChange",
        header: "Change",
        meta: { align: "center", label: "Rank change" },
        cell: (i) => <RankChange change={i.getValue()} />,
      }),
      // Tier and segment ride in the member's cell, and the last contact and "Mark done" in the pinned Outreach
      // column, so the default columns fit at 1366 px and nothing scrolls under the pinned column.
      col.accessor("name", {
        id: "name",
        header: "Member",
        enableHiding: false,
        cell: (i) => <MemberCell row={i.row.original} />,
      }),
      // One sortable column either way: a percentage where out-of-time rates hold up, else the band of the member's place.
      col.accessor("score", {
        id: "score",
        header: "Score",
        meta: {
          align: "right",
          label: scoreDisplay === "percent" ? "Score (out-of-time rate)" : "Score (band)",
        },
        cell: (i) =>
          scoreDisplay === "percent" ? `${(i.getValue() * 100).toFixed(1)}%` : (i.row.original.band ?? "–"),
      }),
      col.accessor("activity12w", {
        id: "activity",
        header: "12 weeks",
        enableSorting: false,
        meta: { label: "Activity (12 weeks)" },
        cell: (i) => <SparklineSvg values={i.getValue()} label="Activity over the last 12 weeks" filled />,
      }),
      col.accessor("reasons", {
        id: "reasons",
        header: "Top reasons",
        enableSorting: false,
        cell: (i) => <TopReasons reasons={i.getValue()} />,
      }),
      col.accessor("orgName", {
        id: "org",
        header: "Organisation",
        enableSorting: false,
        cell: (i) => i.getValue() ?? <span className="text-slate-500">–</span>,
      }),
      // Sorts by the last contact, the date it shows under the status.
      col.accessor("lastContactedAt", {
        id: "lastContacted",
        header: "Outreach",
        enableHiding: !isAdmin,
        meta: {
          label: "Outreach (last contacted)",
          ...(isAdmin && {
            headerClassName: "sticky right-0 z-20 bg-slate-50 dark:bg-slate-900",
            cellClassName:
              "sticky right-0 z-[5] bg-white shadow-[-8px_0_8px_-8px_rgb(15_23_42/0.25)] dark:bg-slate-950",
          }),
        },
        cell: (i) => (
          <div className="flex flex-col items-start gap-1">
            {/* The date under the status, not beside it: side by side they widened the pinned column past 1280 px. */}
            <div className="flex flex-col items-start gap-0.5 whitespace-nowrap">
              <OutreachStatusBadge status={i.row.original.outreachStatus} />
              {i.getValue() && (
                <span className="text-xs text-slate-600 dark:text-slate-400">
                  <span className="sr-only">last contacted </span>
                  {formatDate(i.getValue(), timeZone)}
                </span>
              )}
            </div>
            {isAdmin && (
              <MarkDoneButton
                memberId={i.row.original.memberId}
                memberName={i.row.original.name}
                list={kind}
                markDone={markDone}
              />
            )}
          </div>
        ),
      }),
    ];
    return columns;
  }, [kind, isAdmin, timeZone, markDone, scoreDisplay]);
}

function AddToOutreachButton({
  ids,
  kind,
  add,
  onDone,
}: {
  ids: string[];
  kind: RankingKind;
  add: RankedListActions["addToOutreach"];
  onDone: (message: string) => void;
}) {
  const [pending, startTransition] = useTransition();
  return (
    <Button
      size="sm"
      pending={pending}
      onClick={() =>
        startTransition(async () => {
          const result = await add({ memberIds: ids.map(Number), list: kind });
          if (!result.ok) return onDone(result.error);
          const r = result.data;
          const skipped = [
            r.skippedAlreadyOpen.length && `${r.skippedAlreadyOpen.length} already in outreach`,
            r.skippedDoNotContact.length && `${r.skippedDoNotContact.length} do not contact`,
            r.skippedMissing.length && `${r.skippedMissing.length} not found`,
          ].filter(Boolean);
          onDone(
            `Added ${r.created.length} to outreach${skipped.length ? ` (skipped: ${skipped.join(", ")})` : ""}.`,
          );
        })
      }
    >
      <ListPlus aria-hidden="true" />
      Add to outreach
    </Button>
  );
}

export function RankedListTable(props: RankedListTableProps) {
  const { kind, isAdmin, actions } = props;
  const columns = useColumns(kind, isAdmin, props.timeZone, actions.markDone, props.scoreDisplay);
  const [message, setMessage] = useState<string | null>(null);
  return (
    <div className="space-y-2">
      {message && (
        <p
          role="status"
          className="rounded-md bg-sky-50 px-3 py-2 text-sm text-sky-800 dark:bg-sky-950 dark:text-sky-200"
        >
          {message}
        </p>
      )}
      <DataTable
        tableId={`ranked-${kind}`}
        label={kind === "candidates" ? "Upgrade candidates" : "At-risk paying members"}
        columns={columns}
        data={props.rows}
        rowCount={props.total}
        pageIndex={props.pageIndex}
        pageSize={props.pageSize}
        sorting={props.sorting}
        getRowId={(row) => String(row.memberId)}
        enableRowSelection={isAdmin}
        toolbar={<RankedFilters choices={props.choices} kind={kind} />}
        exportHref={props.exportHref}
        defaultColumnVisibility={{ org: false }}
        bulkActions={({ selectedIds, clearSelection }) => (
          <>
            <AddToOutreachButton
              ids={selectedIds}
              kind={kind}
              add={actions.addToOutreach}
              onDone={(text) => {
                setMessage(text);
                clearSelection();
              }}
            />
            {actions.markContacted && (
              <MarkContactedDialog
                memberIds={selectedIds.map(Number)}
                list={kind}
                markContacted={actions.markContacted}
                who={`${selectedIds.length} member${selectedIds.length === 1 ? "" : "s"}`}
                onDone={(text) => {
                  setMessage(text);
                  clearSelection();
                }}
                trigger={
                  <Button size="sm" variant="outline">
                    <MessageSquareCheck aria-hidden="true" />
                    Mark contacted…
                  </Button>
                }
              />
            )}
          </>
        )}
      />
    </div>
  );
}
