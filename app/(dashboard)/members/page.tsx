import type { Metadata } from "next";
import { requireUser } from "@/lib/auth/session";
import { memberFilterOptions, searchMembers } from "@/lib/data/members";
import { parseTableSearchParams } from "@/components/data-table/search-params";
import { PageHeader } from "@/components/ui/page-header";
import { formatCount } from "@/lib/format/numbers";
import {
  MEMBER_SORTS,
  memberFiltersSchema,
  type MemberFilters,
  type MemberSort,
} from "@/lib/validation/members";
import { monthLabel } from "@/lib/partners/report";
import { MembersTable } from "./members-table";

export const metadata: Metadata = { title: "Members" };
export const dynamic = "force-dynamic";

const KPI_TEXT = {
  active: "active in",
  contributors: "who contributed in",
  upgrades: "who upgraded in",
  downgrades: "who downgraded in",
  joined: "who joined in",
  first_contribution: "who first contributed in",
} as const;

/** Says which Overview figure the list explains and whom it leaves out, so the counts agree. */
function drillDownText(filters: MemberFilters): string {
  const parts: string[] = [];
  if (filters.kpi && filters.month) parts.push(`${KPI_TEXT[filters.kpi]} ${monthLabel(filters.month)}`);
  if (filters.paying) parts.push("paying now");
  // The Overview's figures never count bots, whatever the Bots filter says.
  if (filters.kpi) parts.push("bots excluded");
  return parts.length ? `: ${parts.join(", ")}` : "";
}

/** Says whom the count leaves out by default, e.g. " · 1 bot hidden". */
function hiddenText(botsHidden: number): string {
  if (botsHidden === 0) return "";
  return ` · ${formatCount(botsHidden)} bot${botsHidden === 1 ? "" : "s"} hidden`;
}

const KPI_LABEL = {
  active: "Active in",
  contributors: "Contributed in",
  upgrades: "Upgraded in",
  downgrades: "Downgraded in",
  joined: "Joined in",
  first_contribution: "First contributed in",
} as const;

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function MembersPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requireUser();
  const params = await searchParams;
  const filters = memberFiltersSchema.parse(params);
  const table = parseTableSearchParams(params, {
    allowedSort: MEMBER_SORTS,
    defaultSort: [{ id: "name", desc: false }],
  });
  const sort = table.sorting[0] ?? { id: "name", desc: false };
  const [result, options] = await Promise.all([
    searchMembers(filters, {
      pageIndex: table.pageIndex,
      pageSize: table.pageSize,
      sort: sort.id as MemberSort,
      desc: sort.desc,
    }),
    memberFilterOptions(),
  ]);
  const exportQuery = new URLSearchParams(
    Object.entries({ ...filters, format: "csv" }).flatMap(([k, v]) =>
      v === undefined ? [] : [[k, String(v)]],
    ),
  ).toString();
  return (
    <div className="space-y-4">
      <PageHeader
        title="Members"
        description={`${formatCount(result.total)} matching members${drillDownText(filters)}${hiddenText(result.botsHidden)}`}
      />
      <MembersTable
        rows={result.rows}
        rowCount={result.total}
        pageIndex={table.pageIndex}
        pageSize={table.pageSize}
        sorting={table.sorting}
        options={options}
        timeZone={user.timeZone}
        exportHref={`/api/v1/members?${exportQuery}`}
        kpiLabel={
          filters.kpi && filters.month ? `${KPI_LABEL[filters.kpi]} ${monthLabel(filters.month)}` : null
        }
      />
    </div>
  );
}
