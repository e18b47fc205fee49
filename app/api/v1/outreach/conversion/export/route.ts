// GET /api/v1/outreach/conversion/export?by=list|assignee: the Outreach page's conversion table as CSV, from the
// same read as the page (one row per list or assignee; rate = converted / contacted, empty with nobody contacted).
import { z } from "zod";
import { apiRoute, parseQuery } from "@/lib/api/handler";
import { csvResponse } from "@/components/data-table/csv";
import { conversionByAssignee, conversionByList } from "@/lib/data/outreach";
import { OUTREACH_LIST_LABELS } from "@/lib/validation/outreach";

export const dynamic = "force-dynamic";

const querySchema = z.object({ by: z.enum(["list", "assignee"]) }).strict();

export const GET = apiRoute("read", async (request) => {
  const { by } = parseQuery(request, querySchema);
  const rows = await (by === "list" ? conversionByList() : conversionByAssignee());
  return csvResponse(
    `outreach-conversion-by-${by}`,
    [by, "contacted", "resolved", "converted", "claimed", "rate"],
    rows.map((r) => [
      OUTREACH_LIST_LABELS[r.label] ?? r.label,
      r.contacted,
      r.resolved,
      r.converted,
      r.claimed,
      r.rate,
    ]),
  );
});
