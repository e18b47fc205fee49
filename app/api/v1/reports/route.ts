// GET /api/v1/reports?month=YYYY-MM&format=json|md|html: the monthly report as data, or rendered
// as Markdown (text/markdown) and HTML (text/html) ready to post; format=csv&table=… one ranked table as CSV.
// Session or read token.
import { apiRoute, parseQuery } from "@/lib/api/handler";
import { lastCompleteActivityMonth } from "@/lib/data/organizations";
import { monthlyReport } from "@/lib/data/reports";
import { renderReportHtml, renderReportMarkdown, reportTableCsv } from "@/lib/partners";
import { csvResponse } from "@/components/data-table/csv";
import { reportQuerySchema } from "@/lib/validation/organizations";

export const dynamic = "force-dynamic";

export const GET = apiRoute("read", async (request) => {
  const query = parseQuery(request, reportQuerySchema);
  const month = query.month ?? (await lastCompleteActivityMonth());
  const report = await monthlyReport(month);
  const file = `community-report-${month}`;
  if (query.format === "csv" && query.table) {
    return csvResponse(`${file}-${query.table}`, ...reportTableCsv(report, query.table));
  }
  if (query.format === "md" || query.format === "markdown") {
    return new Response(renderReportMarkdown(report), {
      headers: {
        "content-type": "text/markdown; charset=utf-8",
        "content-disposition": `attachment; filename="${file}.md"`,
      },
    });
  }
  if (query.format === "html") {
    return new Response(renderReportHtml(report), {
      headers: {
        "content-type": "text/html; charset=utf-8",
        "content-disposition": `attachment; filename="${file}.html"`,
        "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'",
      },
    });
  }
  return Response.json(report);
});
