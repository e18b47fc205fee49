// GET /api/v1/alerts/export?state=open|snoozed|dismissed&kind=…: the Alerts feed as CSV, every alert of the
// state and kind (not just the page shown), newest first, from the same read as the page.
import { apiRoute, parseQuery } from "@/lib/api/handler";
import { csvResponse, type CsvCell } from "@/components/data-table/csv";
import { listAlerts } from "@/lib/data/alerts";
import { alertExportQuerySchema } from "@/lib/validation/alerts";

export const dynamic = "force-dynamic";

const HEADERS = [
  "id",
  "kind",
  "message",
  "week_or_time",
  "raised_at",
  "member_id",
  "member",
  "organisation_id",
  "organisation",
  "read_at",
  "snoozed_until",
  "dismissed_at",
];
const CHUNK = 1000;

export const GET = apiRoute("read", async (request) => {
  const { state, kind } = parseQuery(request, alertExportQuerySchema);
  const rows: CsvCell[][] = [];
  for (let offset = 0; ; offset += CHUNK) {
    const alerts = await listAlerts({ kind, state, limit: CHUNK, offset });
    for (const a of alerts)
      rows.push([
        a.id,
        a.kind,
        a.message,
        a.occurredAt,
        a.createdAt,
        a.memberId,
        a.memberName,
        a.orgId,
        a.orgName,
        a.readAt,
        a.snoozedUntil,
        a.dismissedAt,
      ]);
    if (alerts.length < CHUNK) break;
  }
  return csvResponse(`alerts-${state}`, HEADERS, rows);
});
