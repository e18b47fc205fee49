// Organisations: who contributes, credited by affiliation dates (see lib/data/organizations),
// this month against last month, with links to partner detail, settings and alerts.
import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader, SegmentedLinks } from "@/components/ui";
import { buttonClasses } from "@/components/ui/button-classes";
import { parseTableSearchParams } from "@/components/data-table/search-params";
import { requireUser } from "@/lib/auth/session";
import { listOrganizations, ORGANIZATION_SORTS } from "@/lib/data/organizations";
import { addMonths } from "@/lib/analytics/months";
import { comparisonLabel, monthStatus } from "@/lib/analytics/periods";
import { monthLabel } from "@/lib/partners/report";
import { partnerFilterSchema } from "@/lib/validation/organizations";
import { OrganizationsTable } from "./organizations-table";
import { monthViewFromParams } from "./month";
import { stoppedSourcesNote } from "./stopped-note";

export const metadata: Metadata = { title: "Organisations" };
export const dynamic = "force-dynamic";

export default async function OrganizationsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requireUser();
  const params = await searchParams;
  const view = await monthViewFromParams(params);
  const month = view.month;
  const table = parseTableSearchParams(params, {
    allowedSort: ORGANIZATION_SORTS,
    defaultSort: [{ id: "contributions", desc: true }],
    defaultPageSize: 25,
  });
  const q = typeof params.q === "string" ? params.q : undefined;
  const staff = params.staff === "exclude" || params.staff === "only" ? params.staff : "include";
  const payingOnly = params.accounts === "paying";
  const partner = partnerFilterSchema.parse(params.partner);
  const { rows, total, notCounted } = await listOrganizations({
    q,
    month,
    staff,
    payingOnly,
    partner,
    dataThrough: view.dataThrough,
    ...table,
  });
  // The export carries every filter the table shows, so the file holds the rows on screen (all pages).
  const query = new URLSearchParams({
    month,
    staff,
    ...(q ? { q } : {}),
    ...(payingOnly ? { accounts: "paying" } : {}),
    ...(partner ? { partner } : {}),
    format: "csv",
  });
  return (
    <div className="space-y-4">
      <PageHeader
        title="Organisations"
        description={`Contributions credited to each organisation in ${monthLabel(month)}, ${comparisonLabel(view)}; partner status for ${monthLabel(month)}. Other activity counts the credited events that are not contributions (by default messages, reactions and stars; see Settings → Contributions). Member counts leave out bots.${stoppedSourcesNote(notCounted, user.timeZone)}${view.status === "in_progress" ? " The month is not over: its figures are partial." : ""}`}
        actions={
          <>
            <Link
              href={`/reports?month=${month}`}
              className={buttonClasses({ variant: "outline", size: "sm" })}
            >
              Monthly report
            </Link>
            <Link href="/alerts" className={buttonClasses({ variant: "outline", size: "sm" })}>
              Alerts
            </Link>
            <Link
              href="/organizations/settings"
              className={buttonClasses({ variant: "outline", size: "sm" })}
            >
              Contribution settings
            </Link>
          </>
        }
      />
      <SegmentedLinks
        label="Month"
        items={[-2, -1, 0, 1]
          .map((n) => addMonths(month, n))
          .filter((m) => monthStatus(m, view.dataThrough) !== "future")
          .slice(-3)
          .map((m) => ({
            href: `/organizations?month=${m}`,
            label:
              monthStatus(m, view.dataThrough) === "in_progress"
                ? `${monthLabel(m)} (so far)`
                : monthLabel(m),
            active: m === month,
          }))}
      />
      <OrganizationsTable
        month={month}
        inProgress={view.status === "in_progress"}
        rows={rows}
        total={total}
        pageIndex={table.pageIndex}
        pageSize={table.pageSize}
        sorting={table.sorting}
        exportHref={`/api/v1/organizations?${query}`}
      />
    </div>
  );
}
