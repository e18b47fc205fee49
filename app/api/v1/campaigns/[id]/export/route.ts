// GET /api/v1/campaigns/:id/export: CSV of the campaign's members with arm, decile and outcome
// (optionally ?arm=contact|holdout&converted=yes|no, as the page's filters).
import { apiRoute, parseQuery } from "@/lib/api/handler";
import { getCampaignSummary, listCampaignMembers } from "@/lib/data/campaigns";
import { NotFoundError } from "@/lib/services/errors";
import { campaignMembersQuerySchema } from "@/lib/validation/campaigns";
import { idSchema } from "@/lib/validation/id";
import { csvResponse } from "@/components/data-table/csv";

export const dynamic = "force-dynamic";

export async function GET(request: Request, context: { params: Promise<{ id: string }> }) {
  return apiRoute("read", async () => {
    const id = idSchema.parse((await context.params).id);
    const filters = parseQuery(request, campaignMembersQuerySchema);
    const campaign = await getCampaignSummary(id);
    if (!campaign) throw new NotFoundError("Campaign");
    const { rows } = await listCampaignMembers(id, { ...filters, sort: { id: "decile", desc: true } });
    const headers = [
      "member_id",
      "name",
      "arm",
      "score_decile",
      "score",
      "tier_at_start",
      "tier_now",
      "mrr_at_start_cents",
      "outcome",
      "final",
      "outreach_status",
    ];
    return csvResponse(
      `campaign-${id}-members`,
      headers,
      rows.map((r) => [
        r.memberId,
        r.name,
        r.arm,
        r.decile,
        r.score,
        r.tierAtStart,
        r.tierEnd,
        r.mrrAtStartCents,
        r.converted ? "converted" : "not_converted",
        campaign.isFinal,
        r.outreachStatus,
      ]),
    );
  })(request);
}
