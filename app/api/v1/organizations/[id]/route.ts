// GET /api/v1/organizations/:id?month=YYYY-MM: one organisation with its partner eligibility,
// 12-month series, affiliations, financial contributions and CoC flags.
import { z } from "zod";
import { apiRoute, parseQuery } from "@/lib/api/handler";
import { idSchema } from "@/lib/validation/id";
import { lastCompleteActivityMonth, organizationDetail } from "@/lib/data/organizations";
import { NotFoundError } from "@/lib/services/errors";
import { monthSchema } from "@/lib/validation/organizations";

export const dynamic = "force-dynamic";

export async function GET(request: Request, context: { params: Promise<{ id: string }> }) {
  return apiRoute("read", async () => {
    const id = idSchema.parse((await context.params).id);
    const { month } = parseQuery(request, z.object({ month: monthSchema.optional() }));
    const detail = await organizationDetail(id, month ?? (await lastCompleteActivityMonth()));
    if (!detail) throw new NotFoundError("Organisation");
    return Response.json(detail);
  })(request);
}
