// GET /api/v1/rankings/candidates|at-risk/export?<the page's filters and sort> — CSV of the WHOLE filtered
// list (every page), streamed in batches; session or a token with the read scope.
import { z } from "zod";
import { apiRoute } from "@/lib/api/handler";
import { parseTableSearchParams } from "@/components/data-table/search-params";
import { rankedListForExport } from "@/lib/data/ranked-lists";
import { RANKING_KINDS, RANKED_SORTS, parseRankedListFilters } from "@/lib/validation/outreach";
import { csvStreamResponse } from "../../csv-stream";

export const dynamic = "force-dynamic";

const HEADERS = [
  "rank",
  "member id",
  "name",
  "email",
  "identities",
  "organisation",
  "tier",
  "segment",
  "score",
  "band",
  "reasons",
  "rank change",
  "outreach status",
  "last contacted",
];

export async function GET(request: Request, context: { params: Promise<{ kind: string }> }) {
  const { kind: rawKind } = await context.params;
  return apiRoute("read", async () => {
    const kind = z.enum(RANKING_KINDS).parse(rawKind);
    const params = Object.fromEntries(new URL(request.url).searchParams);
    const filters = parseRankedListFilters(params);
    const { sorting } = parseTableSearchParams(params, {
      allowedSort: RANKED_SORTS,
      defaultSort: [{ id: "rank", desc: false }],
    });
    return csvStreamResponse(kind, HEADERS, rankedListForExport(kind, filters, sorting), (r) => [
      r.rank,
      r.memberId,
      r.name,
      r.email,
      r.identities,
      r.orgName,
      r.tierName,
      r.segment ?? "",
      Number(r.score.toFixed(4)),
      r.band ?? "",
      r.reasons.map((x) => `${x.text} (${x.weight >= 0 ? "+" : ""}${x.weight.toFixed(2)})`).join("; "),
      r.rankChange === null ? "new" : r.rankChange,
      r.outreachStatus ?? "",
      r.lastContactedAt,
    ]);
  })(request);
}
