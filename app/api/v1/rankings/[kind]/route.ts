// GET /api/v1/rankings/candidates|at-risk?asOf=&limit=&format=json|csv&<list filters> — the stored snapshot, through
// the one reader the pages and the CLI use (open outreach hidden unless outreach=show).
import { NextResponse } from "next/server";
import { apiRoute, jsonError, parseQuery } from "@/lib/api/handler";
import { csvFilename, CSV_CONTENT_TYPE, toCsv } from "@/components/data-table/csv";
import { RANKING_CSV_HEADERS, rankingCsvRows, rankingSnapshot } from "@/lib/data/rankings";
import { rankingKindSchema, rankingQuerySchema } from "@/lib/validation/rankings";
import { parseRankedListFilters } from "@/lib/validation/outreach";

export const dynamic = "force-dynamic";

export async function GET(request: Request, context: { params: Promise<{ kind: string }> }) {
  return apiRoute("read", async (req) => {
    const kind = rankingKindSchema.safeParse((await context.params).kind);
    if (!kind.success) return jsonError(404, "Unknown ranking: use candidates or at-risk");
    const query = parseQuery(req, rankingQuerySchema);
    const filters = parseRankedListFilters(Object.fromEntries(new URL(req.url).searchParams));
    const snapshot = await rankingSnapshot(kind.data, { asOf: query.asOf, limit: query.limit, filters });
    if (!snapshot)
      return jsonError(
        404,
        query.asOf
          ? `No ${kind.data} snapshot as of ${query.asOf}; run a recompute for that date`
          : `No ${kind.data} snapshot yet`,
      );
    if (query.format === "csv") {
      return new Response(toCsv(RANKING_CSV_HEADERS, rankingCsvRows(snapshot)), {
        headers: {
          "content-type": CSV_CONTENT_TYPE,
          "content-disposition": `attachment; filename="${csvFilename(`${kind.data}-${snapshot.asOf}`)}"`,
        },
      });
    }
    return NextResponse.json(snapshot);
  })(request);
}
