"use client";
// A campaign's members: arm, score decile, outcome so far and outreach status, server-sorted and
// paged; admins can record contact for members of the contact arm (never the holdout).
import { useMemo, useState, useTransition } from "react";
import Link from "next/link";
import {
  DataTable,
  UrlSelectFilter,
  createActionsColumn,
  createDataTableColumnHelper,
  type SortingEntry,
} from "@/components/data-table";
import { Badge, Button } from "@/components/ui";
import type { CampaignMemberRow } from "@/lib/data/campaigns";
import { setCampaignOutreachStatusAction } from "../actions";

const col = createDataTableColumnHelper<CampaignMemberRow>();

function MarkContactedButton({
  campaignId,
  row,
  onDone,
}: {
  campaignId: number;
  row: CampaignMemberRow;
  onDone: (message: string) => void;
}) {
  const [pending, start] = useTransition();
  if (row.arm !== "contact" || row.outreachStatus !== "todo") return null;
  return (
    <Button
      size="sm"
      variant="outline"
      pending={pending}
      aria-label={`Mark ${row.name} contacted`}
      onClick={() =>
        start(async () => {
          const result = await setCampaignOutreachStatusAction({
            campaignId,
            memberId: row.memberId,
            status: "contacted",
          });
          onDone(result.ok ? `Marked ${row.name} contacted.` : result.error);
        })
      }
    >
      Mark contacted
    </Button>
  );
}

export function CampaignMembersTable(props: {
  campaignId: number;
  rows: CampaignMemberRow[];
  total: number;
  pageIndex: number;
  pageSize: number;
  sorting: SortingEntry[];
  isAdmin: boolean;
  exportHref: string;
}) {
  const { campaignId, isAdmin } = props;
  const [message, setMessage] = useState<string | null>(null);
  const columns = useMemo(() => {
    const base = [
      col.accessor("name", {
        id: "name",
        header: "Member",
        enableHiding: false,
        cell: (i) => (
          <Link
            href={`/members/${i.row.original.memberId}`}
            className="font-medium text-indigo-700 hover:underline"
          >
            {i.getValue()}
          </Link>
        ),
      }),
      col.accessor("arm", {
        id: "arm",
        header: "Arm",
        cell: (i) => <Badge tone={i.getValue() === "contact" ? "info" : "neutral"}>{i.getValue()}</Badge>,
      }),
      col.accessor("decile", { id: "decile", header: "Decile", meta: { align: "right" } }),
      col.accessor("score", {
        id: "score",
        header: "Score",
        meta: { align: "right" },
        cell: (i) => `${(i.getValue() * 100).toFixed(1)}%`,
      }),
      col.accessor("tierAtStart", {
        id: "tierAtStart",
        header: "Tier at start",
        enableSorting: false,
        meta: { align: "right" },
      }),
      col.accessor("tierEnd", {
        id: "tierEnd",
        header: "Tier now",
        enableSorting: false,
        meta: { align: "right" },
      }),
      col.accessor("converted", {
        id: "outcome",
        header: "Outcome",
        cell: (i) =>
          i.getValue() ? (
            <Badge tone="success">converted</Badge>
          ) : (
            <span className="text-slate-500">not yet</span>
          ),
      }),
      col.accessor("outreachStatus", {
        id: "outreach",
        header: "Outreach",
        enableSorting: false,
        cell: (i) => i.getValue() ?? <span className="text-slate-500">none (held out)</span>,
      }),
    ];
    return isAdmin
      ? [
          ...base,
          createActionsColumn<CampaignMemberRow>((row) => (
            <MarkContactedButton campaignId={campaignId} row={row} onDone={setMessage} />
          )),
        ]
      : base;
  }, [campaignId, isAdmin]);
  return (
    <div className="space-y-2">
      {message && (
        <p role="status" className="rounded-md bg-sky-50 px-3 py-2 text-sm text-sky-800">
          {message}
        </p>
      )}
      <DataTable
        tableId="campaign-members"
        label="Campaign members"
        columns={columns}
        data={props.rows}
        rowCount={props.total}
        pageIndex={props.pageIndex}
        pageSize={props.pageSize}
        sorting={props.sorting}
        getRowId={(r) => String(r.memberId)}
        exportHref={props.exportHref}
        toolbar={
          <>
            <UrlSelectFilter
              param="arm"
              label="Arm"
              allLabel="Both arms"
              options={[
                { value: "contact", label: "Contact" },
                { value: "holdout", label: "Holdout" },
              ]}
            />
            <UrlSelectFilter
              param="converted"
              label="Outcome"
              allLabel="Any outcome"
              options={[
                { value: "yes", label: "Converted" },
                { value: "no", label: "Not converted" },
              ]}
            />
          </>
        }
      />
    </div>
  );
}
