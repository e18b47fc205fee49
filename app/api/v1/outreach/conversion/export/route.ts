// GET /api/v1/outreach/conversion/export?by=list|assignee: the Outreach page's conversion table as CSV, from the
// same read as the page (one row per list or assignee; rate = converted / contacted, empty with nobody contacted).
import { z } from "zod";
import { apiRoute, parseQuery } from "@/lib/api/handler";
import { CSV_CONTENT_TYPE, csvFilename, toCsv } from "@/components/data-table/csv";
import { conversionByAssignee, conversionByList } from "@/lib/data/outreach";
import { OUTREACH_LIST_LABELS } from "@/lib/validation/outreach";

export const dynamic = "force-dynamic";

const querySchema = z.object({ by: z.enum(["list", "assignee"]) }).strict();

export const GET = apiRoute("read", async (request) => {
  const { by } = parseQuery(request, querySchema);
  const rows = await (by === "list" ? conversionByList() : conversionByAssignee());
  const csv = toCsv(
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
  return new Response(csv, {
    headers: {
      "content-type": CSV_CONTENT_TYPE,
      "content-disposition": `attachment; filename="${csvFilename(`outreach-conversion-by-${by}`)}"`,
    },
  });
});
