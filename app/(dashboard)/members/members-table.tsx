"use client";
// The member directory table: URL-bound search and filters, server-side sort and paging.
import Link from "next/link";
import { useMemo } from "react";
import {
  ClearFiltersButton,
  DataTable,
  UrlFilterChip,
  UrlSearchInput,
  UrlSelectFilter,
  createDataTableColumnHelper,
} from "@/components/data-table";
import type { SortingEntry } from "@/components/data-table/search-params";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { formatDate, formatMoney } from "@/lib/format/numbers";
import { sourceLabel } from "@/lib/format/labels";
import type { MemberFilterOptions, MemberRow } from "@/lib/data/members";

const col = createDataTableColumnHelper<MemberRow>();
// Drill-downs from the Overview (paying, kpi with month) are filters like the others: shown and cleared.
// Bots are hidden by default (as the Overview counts members); "Bots shown" is a filter like the others.
const FILTER_PARAMS = ["q", "tier", "source", "tag", "org", "paying", "bots", "kpi", "month"] as const;

function buildColumns(timeZone: string) {
  return col.columns([
    col.accessor("displayName", {
      id: "name",
      header: "Member",
      cell: ({ row }) => (
        <div className="min-w-0">
          <Link
            href={`/members/${row.original.id}`}
            className="font-medium text-sky-700 hover:underline dark:text-sky-400"
          >
            {row.original.displayName}
          </Link>
          <div className="truncate text-xs text-slate-500">
            {row.original.primaryEmail ?? row.original.handles[0] ?? ""}
          </div>
        </div>
      ),
    }),
    col.accessor("organization", {
      id: "organization",
      header: "Organisation",
      enableSorting: false,
      cell: (c) => c.getValue() ?? "–",
    }),
    col.accessor("tier", {
      id: "tier",
      header: "Plan",
      cell: ({ row }) => {
        const { tier, planName, billingStopped } = row.original;
        if (tier <= 0) return <span className="text-slate-500">Free</span>;
        const plan = planName ?? `Tier ${tier}`;
        if (!billingStopped) return <Badge tone="success">{plan}</Badge>;
        return (
          <span
            className="inline-flex items-center gap-1 text-slate-500"
            title={`Paid through ${sourceLabel(billingStopped.source)} until ${formatDate(billingStopped.dataThrough, timeZone)}, where its data stops: not counted as paying`}
          >
            <span>{plan}</span>
            <Badge tone="warning">stopped</Badge>
          </span>
        );
      },
    }),
    col.accessor("mrrCents", {
      id: "mrr",
      header: "MRR",
      meta: { align: "right" },
      cell: ({ row }) => {
        const { mrrCents, billingStopped } = row.original;
        if (mrrCents > 0) return formatMoney(mrrCents);
        if (!billingStopped) return "–";
        return (
          <span
            className="text-slate-500"
            title={`${sourceLabel(billingStopped.source)} stopped: not counted`}
          >
            – <span className="sr-only">(not counted: {sourceLabel(billingStopped.source)} stopped)</span>
          </span>
        );
      },
    }),
    col.accessor("sources", {
      id: "sources",
      header: "Sources",
      enableSorting: false,
      cell: (c) => c.getValue().map(sourceLabel).join(", "),
    }),
    col.accessor("tags", {
      id: "tags",
      header: "Tags & flags",
      enableSorting: false,
      cell: ({ row }) => (
        <div className="flex flex-wrap gap-1">
          {row.original.isStaff && <Badge tone="info">staff</Badge>}
          {row.original.isBot && <Badge tone="warning">bot</Badge>}
          {row.original.doNotContact && <Badge tone="danger">do not contact</Badge>}
          {row.original.tags.map((t) => (
            <Badge key={t}>{t}</Badge>
          ))}
        </div>
      ),
    }),
    col.accessor("joinedAt", {
      id: "joined",
      header: "Joined",
      cell: (c) => formatDate(c.getValue(), timeZone),
    }),
    col.accessor("lastActiveAt", {
      id: "lastActive",
      header: "Last active",
      cell: (c) => formatDate(c.getValue(), timeZone),
    }),
  ]);
}

export function MembersTable(props: {
  rows: MemberRow[];
  rowCount: number;
  pageIndex: number;
  pageSize: number;
  sorting: SortingEntry[];
  options: MemberFilterOptions;
  timeZone: string;
  exportHref: string;
  /** What an Overview figure's drill-down keeps (`kpi` and `month`), e.g. "Active in November 2026". */
  kpiLabel: string | null;
}) {
  const columns = useMemo(() => buildColumns(props.timeZone), [props.timeZone]);
  const { options } = props;
  return (
    <DataTable
      tableId="members"
      label="Members"
      columns={columns}
      data={props.rows}
      rowCount={props.rowCount}
      pageIndex={props.pageIndex}
      pageSize={props.pageSize}
      sorting={props.sorting}
      getRowId={(r) => String(r.id)}
      exportHref={props.exportHref}
      filterParams={FILTER_PARAMS}
      noDataState={
        <EmptyState
          compact
          title="No members yet"
          description={
            <>
              Members appear after an import: bring in Slack, GitHub, Stripe or Open Collective files on{" "}
              <Link href="/imports" className="underline">
                Imports
              </Link>
              , or connect a service in Settings.
            </>
          }
        />
      }
      toolbar={
        <>
          <UrlSearchInput param="q" label="Search members" placeholder="Name, email or handle" />
          <UrlSearchInput param="org" label="Organisation" placeholder="Organisation" className="sm:w-44" />
          <UrlSelectFilter
            param="tier"
            label="Plan"
            allLabel="All plans"
            options={options.tiers}
            className="sm:w-36"
          />
          <UrlSelectFilter
            param="source"
            label="Source"
            allLabel="All sources"
            options={options.sources.map((s) => ({ value: s, label: sourceLabel(s) }))}
            className="sm:w-36"
          />
          <UrlSelectFilter
            param="paying"
            label="Paying"
            allLabel="Paying or not"
            options={[{ value: "1", label: "Paying now" }]}
            className="sm:w-36"
          />
          <UrlSelectFilter
            param="bots"
            label="Bots"
            allLabel="Bots hidden"
            options={[{ value: "include", label: "Bots shown" }]}
            className="sm:w-36"
          />
          {props.kpiLabel && <UrlFilterChip params={["kpi", "month"]} label={props.kpiLabel} />}
          {options.tags.length > 0 && (
            <UrlSelectFilter
              param="tag"
              label="Tag"
              allLabel="All tags"
              options={options.tags.map((t) => ({ value: t, label: t }))}
              className="sm:w-36"
            />
          )}
          <ClearFiltersButton params={FILTER_PARAMS} />
        </>
      }
    />
  );
}
