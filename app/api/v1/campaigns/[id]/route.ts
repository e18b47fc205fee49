// GET /api/v1/campaigns/:id: one campaign's full result (arms, deciles, Qini, verdict, assumptions).
import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/api/handler";
import { getCampaignSummary } from "@/lib/data/campaigns";
import { NotFoundError } from "@/lib/services/errors";
import { idSchema } from "@/lib/validation/id";

export const dynamic = "force-dynamic";

export async function GET(request: Request, context: { params: Promise<{ id: string }> }) {
  return apiRoute("read", async () => {
    const id = idSchema.parse((await context.params).id);
    const summary = await getCampaignSummary(id);
    if (!summary) throw new NotFoundError("Campaign");
    return NextResponse.json(summary);
  })(request);
}
