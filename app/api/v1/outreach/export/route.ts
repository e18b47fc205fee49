// GET /api/v1/outreach/export?status=&assignee=&list=&kind=&sort= — CSV of the whole filtered tracker list.
import { apiRoute } from "@/lib/api/handler";
import { parseTableSearchParams } from "@/components/data-table/search-params";
import { outreachForExport } from "@/lib/data/outreach";
import { OUTREACH_SORTS, parseOutreachFilters } from "@/lib/validation/outreach";
import { csvStreamResponse } from "../../rankings/csv-stream";

export const dynamic = "force-dynamic";

const HEADERS = [
  "id",
  "member id",
  "member",
  "email",
  "kind",
  "list",
  "status",
  "assignee",
  "channel",
  "due",
  "contacted at",
  "outcome",
  "outcome at",
  "note",
  "created at",
  "version",
];

export const GET = apiRoute("read", async (request) => {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const filters = parseOutreachFilters(params);
  const { sorting } = parseTableSearchParams(params, { allowedSort: OUTREACH_SORTS });
  return csvStreamResponse("outreach", HEADERS, outreachForExport(filters, sorting), (r) => [
    r.id,
    r.memberId,
    r.memberName,
    r.memberEmail,
    r.kind,
    r.list,
    r.status,
    r.assigneeLabel,
    r.channel,
    r.dueAt,
    r.contactedAt,
    r.outcome,
    r.outcomeAt,
    r.note,
    r.createdAt,
    r.version,
  ]);
});
