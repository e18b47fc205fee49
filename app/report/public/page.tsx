// Public, read-only monthly report (no session): off unless an admin turns it on (404 otherwise).
// Shows aggregates and the names of people who have not opted out; no links into the dashboard.
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { isMonthKey } from "@/lib/analytics/months";
import { lastCompleteActivityMonth } from "@/lib/data/organizations";
import { monthlyReport, publicReportEnabled } from "@/lib/data/reports";
import { monthLabel } from "@/lib/partners/report";
import { ReportView } from "@/app/(dashboard)/reports/report-view";

export const metadata: Metadata = { title: "Community report", robots: { index: false } };
export const dynamic = "force-dynamic";

export default async function PublicReportPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  if (!(await publicReportEnabled())) notFound();
  const raw = (await searchParams).month;
  const month = typeof raw === "string" && isMonthKey(raw) ? raw : await lastCompleteActivityMonth();
  const report = await monthlyReport(month, { publicOnly: true });
  return (
    <main className="mx-auto max-w-5xl space-y-4 p-6">
      <h1 className="text-2xl font-semibold">Community report: {monthLabel(month)}</h1>
      <ReportView report={report} links={{}} />
    </main>
  );
}
