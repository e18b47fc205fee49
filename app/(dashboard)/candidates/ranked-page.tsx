// The server half shared by /candidates and /at-risk: reads the latest snapshot page, the filter
// choices and the session, then hands plain props to the shared client table.
import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { RankedListTable } from "@/components/ranked-list";
import { mergeSearchParams, parseTableSearchParams } from "@/components/data-table/search-params";
import { requireUser } from "@/lib/auth/session";
import { rankedListFilterOptions, rankedListPage } from "@/lib/data/ranked-lists";
import { formatCount, formatDate } from "@/lib/format/numbers";
import { RANKED_SORTS, parseRankedListFilters, type RankingKind } from "@/lib/validation/outreach";
import { addToOutreachAction, markContactedBulkAction, markOutreachDoneAction } from "../outreach/actions";

export type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const COPY: Record<RankingKind, { title: string; description: string }> = {
  candidates: {
    title: "Upgrade candidates",
    description: "Free and lower-tier members most likely to upgrade in the next 8 weeks.",
  },
  "at-risk": {
    title: "At risk",
    description: "Paying members most likely to downgrade or cancel in the next 8 weeks.",
  },
};

export async function RankedPage({ kind, searchParams }: { kind: RankingKind; searchParams: SearchParams }) {
  const user = await requireUser();
  const params = await searchParams;
  const filters = parseRankedListFilters(params);
  const table = parseTableSearchParams(params, {
    allowedSort: RANKED_SORTS,
    defaultSort: [{ id: "rank", desc: false }],
  });
  const [page, choices] = await Promise.all([
    rankedListPage(kind, filters, table),
    rankedListFilterOptions(kind),
  ]);
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (typeof value === "string") query.set(key, value);
  const exportQuery = mergeSearchParams(query, { page: null, pageSize: null }).toString();
  const copy = COPY[kind];
  return (
    <div className="space-y-4">
      <PageHeader
        title={copy.title}
        description={
          <>
            {copy.description}{" "}
            {page.asOf && (
              <span>
                Ranked on {formatDate(page.asOf, user.timeZone)} ·{" "}
                <span data-testid="ranked-total">{formatCount(page.total)}</span>{" "}
                {page.total === 1 ? "member" : "members"} match
                {page.hiddenOpenOutreach > 0 && (
                  <>
                    {" "}
                    ({formatCount(page.hiddenOpenOutreach)} with open outreach hidden ·{" "}
                    <Link
                      className="text-indigo-700 underline dark:text-indigo-300"
                      href={`?${mergeSearchParams(query, { outreach: "show", page: null }).toString()}`}
                    >
                      show them
                    </Link>
                    )
                  </>
                )}
                .
              </span>
            )}
          </>
        }
      />
      {page.display.sentence && (
        <p className="text-sm text-slate-600 dark:text-slate-400" data-testid="ranked-by">
          {page.display.sentence} {page.display.why && <span>Likelihood: {page.display.why}.</span>}
        </p>
      )}
      {page.display.billingWarning && (
        <p
          role="status"
          className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-200"
          data-testid="billing-stale"
        >
          {page.display.billingWarning}
        </p>
      )}
      {page.asOf === null ? (
        <EmptyState
          title="No ranking yet"
          description="Rankings appear after the first recompute (it runs after every import and hourly). Import data or load the demo community."
        />
      ) : (
        <RankedListTable
          kind={kind}
          rows={page.rows}
          total={page.total}
          pageIndex={table.pageIndex}
          pageSize={table.pageSize}
          sorting={table.sorting}
          isAdmin={user.role === "admin"}
          timeZone={user.timeZone}
          choices={choices}
          exportHref={`/api/v1/rankings/${kind}/export${exportQuery ? `?${exportQuery}` : ""}`}
          actions={{
            markDone: markOutreachDoneAction,
            addToOutreach: addToOutreachAction,
            markContacted: markContactedBulkAction,
          }}
          scoreDisplay={page.display.mode}
        />
      )}
    </div>
  );
}
