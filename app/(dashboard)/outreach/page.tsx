// /outreach: every outreach record as a list or as a board by status (`view=list|board` in the URL),
// plus conversion of contacted members by list and by assignee.
import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { SegmentedLinks } from "@/components/ui/segmented-links";
import { mergeSearchParams, parseTableSearchParams } from "@/components/data-table/search-params";
import { requireUser } from "@/lib/auth/session";
import {
  conversionByAssignee,
  conversionByList,
  outreachAssignees,
  outreachBoard,
  outreachPage,
} from "@/lib/data/outreach";
import { OUTREACH_SORTS, parseOutreachFilters } from "@/lib/validation/outreach";
import { ConversionTables } from "./conversion-tables";
import { OutreachBoard } from "./outreach-board";
import { BoardToolbar } from "./board-toolbar";
import { OutreachTable } from "./outreach-table";

export const metadata: Metadata = { title: "Outreach" };
export const dynamic = "force-dynamic";

export default async function OutreachPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requireUser();
  const params = await searchParams;
  const view = params.view === "board" ? "board" : "list";
  const filters = parseOutreachFilters(params);
  const table = parseTableSearchParams(params, { allowedSort: OUTREACH_SORTS });
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (typeof value === "string") query.set(key, value);
  const hrefFor = (v: "list" | "board") =>
    `/outreach?${mergeSearchParams(query, { view: v, page: null }).toString()}`;
  const exportQuery = mergeSearchParams(query, { view: null, page: null, pageSize: null }).toString();

  const [assignees, byList, byAssignee, list, board] = await Promise.all([
    outreachAssignees(),
    conversionByList(),
    conversionByAssignee(),
    view === "list" ? outreachPage(filters, table) : null,
    view === "board" ? outreachBoard(filters) : null,
  ]);
  const isAdmin = user.role === "admin";

  return (
    <div className="space-y-6">
      <PageHeader
        title="Outreach"
        description="Who was asked to upgrade or renew, by whom, and what came of it."
        actions={
          <SegmentedLinks
            label="Outreach view"
            items={[
              { href: hrefFor("list"), label: "List", active: view === "list" },
              { href: hrefFor("board"), label: "Board", active: view === "board" },
            ]}
          />
        }
      />
      {list && (
        <OutreachTable
          rows={list.rows}
          total={list.total}
          pageIndex={table.pageIndex}
          pageSize={table.pageSize}
          sorting={table.sorting}
          isAdmin={isAdmin}
          timeZone={user.timeZone}
          assignees={assignees}
          exportHref={`/api/v1/outreach/export${exportQuery ? `?${exportQuery}` : ""}`}
        />
      )}
      {board && (
        <div className="space-y-3">
          <BoardToolbar
            assignees={assignees}
            exportHref={`/api/v1/outreach/export${exportQuery ? `?${exportQuery}` : ""}`}
          />
          <OutreachBoard columns={board} isAdmin={isAdmin} assignees={assignees} timeZone={user.timeZone} />
        </div>
      )}
      <ConversionTables byList={byList} byAssignee={byAssignee} />
    </div>
  );
}
