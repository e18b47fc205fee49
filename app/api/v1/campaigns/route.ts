// GET /api/v1/campaigns: every campaign with sizes, uplift and verdict (JSON, or ?format=csv).
import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/api/handler";
import { listCampaigns } from "@/lib/data/campaigns";
import { csvResponse } from "@/components/data-table/csv";

export const dynamic = "force-dynamic";

export const GET = apiRoute("read", async (request) => {
  const campaigns = await listCampaigns();
  if (new URL(request.url).searchParams.get("format") === "csv") {
    const headers = [
      "id",
      "name",
      "goal",
      "source_list",
      "status",
      "final",
      "launched_at",
      "horizon_weeks",
      "holdout_share",
      "seed",
      "contacted",
      "contacted_conversions",
      "held_out",
      "held_out_conversions",
      "uplift",
      "uplift_lower",
      "uplift_upper",
      "p_value",
      "verdict",
    ];
    const rows = campaigns.map((c) => {
      const r = c.result;
      return [
        c.id,
        c.name,
        c.goal,
        c.sourceList,
        c.status,
        c.isFinal,
        c.launchedAt,
        c.horizonWeeks,
        c.holdoutShare,
        c.seed,
        r.treatment.members,
        r.treatment.conversions,
        r.holdout.members,
        r.holdout.conversions,
        r.uplift?.estimate,
        r.uplift?.lower,
        r.uplift?.upper,
        r.pValue,
        c.verdict.sentence,
      ];
    });
    return csvResponse("campaigns", headers, rows);
  }
  return NextResponse.json({
    campaigns: campaigns.map(({ result, verdict, ...c }) => ({
      ...c,
      treatment: result.treatment,
      holdout: result.holdout,
      uplift: result.uplift,
      pValue: result.pValue,
      verdict,
    })),
  });
});
