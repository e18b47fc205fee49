"use client";
// The organisations table: credited contributions this month with the change vs last month.
import Link from "next/link";
import { useMemo } from "react";
import {
  DataTable,
  UrlSearchInput,
  UrlSelectFilter,
  createDataTableColumnHelper,
  type SortingEntry,
} from "@/components/data-table";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";

const ORGANIZATION_FILTER_PARAMS = ["q", "staff", "accounts", "partner"] as const;
import { formatChange, monthOverMonth } from "@/lib/partners/changes";
import type { OrganizationRow } from "@/lib/data/organizations";
import { formatCount, formatMoney } from "@/lib/format/numbers";
import { PARTNER_STATUS_LABELS } from "@/lib/format/labels";

const PARTNER_TONE = { eligible: "success", lapsed: "warning", not_yet: "neutral" } as const;

const col = createDataTableColumnHelper<OrganizationRow>();
// So the default columns fit at 1366 px without scrolling sideways: headers of two words wrap, the numbers sit
// closer, and the domains show the first one and how many more (all in the tooltip).
const NUMBER = { align: "right" as const, headerClassName: "px-2", cellClassName: "px-2" };
// Links carry the month shown, so an organisation opens on the same month as the list.
const columnsFor = (inProgress: boolean, month: string) =>
  col.columns([
    col.accessor("name", {
      header: "Organisation",
      cell: (c) => (
        <span className="flex items-center gap-2">
          <Link
            href={`/organizations/${c.row.original.id}?month=${month}`}
            className="font-medium hover:underline"
          >
            {c.getValue()}
          </Link>
          {c.row.original.isStaffOrg && <Badge>staff</Badge>}
        </span>
      ),
    }),
    col.accessor("domains", {
      header: "Domains",
      enableSorting: false,
      cell: (c) => {
        const [first, ...more] = c.getValue();
        if (!first) return <span className="text-slate-500">–</span>;
        return (
          <span className="flex items-baseline gap-1 text-slate-500" title={c.getValue().join(", ")}>
            <span className="max-w-28 truncate">{first}</span>
            {more.length > 0 && <span className="text-xs whitespace-nowrap">+{more.length}</span>}
          </span>
        );
      },
    }),
    col.accessor("partnerStatus", {
      id: "partner",
      header: "Partner",
      enableSorting: false,
      meta: { label: "Partner status" },
      cell: (c) => <Badge tone={PARTNER_TONE[c.getValue()]}>{PARTNER_STATUS_LABELS[c.getValue()]}</Badge>,
    }),
    col.accessor("members", { header: "Members", meta: NUMBER, cell: (c) => formatCount(c.getValue()) }),
    col.accessor("payingMembers", {
      id: "paying",
      header: "Paying",
      meta: { ...NUMBER, label: "Paying members" },
      cell: (c) => formatCount(c.getValue()),
    }),
    col.accessor("mrrCents", {
      id: "mrr",
      header: "Members' MRR",
      meta: { ...NUMBER, headerClassName: "px-2 whitespace-normal" },
      cell: (c) => formatMoney(c.getValue()),
    }),
    col.accessor("contributions", {
      header: "Contributions",
      meta: NUMBER,
      cell: (c) => formatCount(c.getValue()),
    }),
    col.display({
      id: "change",
      header: inProgress ? "vs same days last month" : "vs last month",
      enableSorting: true,
      meta: { ...NUMBER, headerClassName: "px-2 whitespace-normal" },
      cell: (c) =>
        formatChange(monthOverMonth(c.row.original.contributions, c.row.original.previousContributions)),
    }),
    // Credited events that are not contributions (messages, reactions, stars…), counted like contributions.
    col.accessor("activity", {
      header: "Other activity",
      meta: { ...NUMBER, headerClassName: "px-2 whitespace-normal", label: "Other activity (events)" },
      cell: (c) => formatCount(c.getValue()),
    }),
    col.accessor("country", {
      header: "Country",
      enableSorting: false,
      meta: { headerClassName: "px-2", cellClassName: "px-2" },
      cell: (c) => c.getValue() ?? "–",
    }),
  ]);

export function OrganizationsTable(props: {
  month: string;
  inProgress: boolean;
  rows: OrganizationRow[];
  total: number;
  pageIndex: number;
  pageSize: number;
  sorting: SortingEntry[];
  exportHref: string;
}) {
  const columns = useMemo(() => columnsFor(props.inProgress, props.month), [props.inProgress, props.month]);
  return (
    <DataTable
      tableId="organizations"
      label="Organisations"
      columns={columns}
      data={props.rows}
      rowCount={props.total}
      pageIndex={props.pageIndex}
      pageSize={props.pageSize}
      sorting={props.sorting}
      getRowId={(r) => String(r.id)}
      exportHref={props.exportHref}
      filterParams={ORGANIZATION_FILTER_PARAMS}
      noDataState={
        <EmptyState
          compact
          title="No organisations yet"
          description="Organisations come from members' email domains, profiles and billing accounts, after an import."
        />
      }
      toolbar={
        <div className="flex flex-wrap gap-2">
          <UrlSearchInput param="q" label="Search organisations" placeholder="Name or domain" />
          <UrlSelectFilter
            param="staff"
            label="Staff organisation"
            allLabel="Staff organisation included"
            options={[
              { value: "exclude", label: "Staff organisation left out" },
              { value: "only", label: "Staff organisation only" },
            ]}
          />
          <UrlSelectFilter
            param="accounts"
            label="Paying members"
            allLabel="Paying members or not"
            options={[{ value: "paying", label: "With paying members" }]}
          />
          <UrlSelectFilter
            param="partner"
            label="Partner status"
            allLabel="Any partner status"
            options={(["eligible", "lapsed", "not_yet"] as const).map((value) => ({
              value,
              label: PARTNER_STATUS_LABELS[value],
            }))}
          />
        </div>
      }
    />
  );
}
