// The monthly community report (?month=YYYY-MM): shout-outs with month-over-month change,
// exported in one click as Markdown or HTML ready to post.
import type { Metadata } from "next";
import { PageHeader, SegmentedLinks } from "@/components/ui";
import { buttonClasses } from "@/components/ui/button-classes";
import { requireUser } from "@/lib/auth/session";
import { monthlyReport, publicReportEnabled } from "@/lib/data/reports";
import { addMonths } from "@/lib/analytics/months";
import { latestActivityMonth } from "@/lib/data/organizations";
import { monthLabel } from "@/lib/partners/report";
import { monthViewFromParams } from "../organizations/month";
import { monthStatus } from "@/lib/analytics/periods";
import { ReportView } from "./report-view";

export const metadata: Metadata = { title: "Monthly report" };
export const dynamic = "force-dynamic";

export default async function ReportsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requireUser();
  const view = await monthViewFromParams(await searchParams);
  const month = view.month;
  const [report, publicOn, latest] = await Promise.all([
    monthlyReport(month, { dataThrough: view.dataThrough }),
    publicReportEnabled(),
    latestActivityMonth(),
  ]);
  // The five months around the one shown, never past the latest month with data.
  const months = [-4, -3, -2, -1, 0, 1, 2]
    .map((n) => addMonths(month, n))
    .filter((m) => m <= latest)
    .slice(-5);
  return (
    <div className="space-y-4">
      <PageHeader
        title={`Monthly report: ${monthLabel(month)}`}
        description={`${report.inProgress ? `The month is not over: ${report.comparison}. Notes on unusual months wait for the month to end.` : `Compared with ${monthLabel(report.previousMonth)}.`} The staff organisation is left out of the rankings.${publicOn ? " The public page is on." : ""}`}
        actions={
          <>
            <a
              href={`/api/v1/reports?month=${month}&format=md`}
              download={`community-report-${month}.md`}
              className={buttonClasses({ variant: "outline", size: "sm" })}
            >
              Download Markdown
            </a>
            <a
              href={`/api/v1/reports?month=${month}&format=html`}
              download={`community-report-${month}.html`}
              className={buttonClasses({ variant: "outline", size: "sm" })}
            >
              Download HTML
            </a>
            {publicOn && (
              <a
                href={`/report/public?month=${month}`}
                className={buttonClasses({ variant: "ghost", size: "sm" })}
              >
                Public page
              </a>
            )}
          </>
        }
      />
      <SegmentedLinks
        label="Month"
        items={months.map((m) => ({
          href: `/reports?month=${m}`,
          label:
            monthStatus(m, view.dataThrough) === "in_progress" ? `${monthLabel(m)} (so far)` : monthLabel(m),
          active: m === month,
        }))}
      />
      <ReportView report={report} links={{ members: "/members", orgs: "/organizations", csv: true }} />
    </div>
  );
}
