// GET /api/v1/outreach: outreach records, filtered and paged (read scope or any session).
// POST /api/v1/outreach: bulk "add to outreach" ({memberIds, list}), signed-in admins only.
import { NextResponse } from "next/server";
import { apiRoute, parseQuery } from "@/lib/api/handler";
import { outreachPage } from "@/lib/data/outreach";
import { addToOutreach } from "@/lib/services/outreach";
import { addToOutreachSchema, outreachApiQuerySchema } from "@/lib/validation/outreach";
import { requireSessionAdmin } from "./admin-session";

export const dynamic = "force-dynamic";

export const GET = apiRoute("read", async (request) => {
  const { page, pageSize, ...filters } = parseQuery(request, outreachApiQuerySchema);
  const result = await outreachPage(filters, { pageIndex: page - 1, pageSize, sorting: [] });
  return NextResponse.json({ page, pageSize, total: result.total, rows: result.rows });
});

export const POST = apiRoute("read", async (request, caller) => {
  const user = requireSessionAdmin(caller);
  const input = addToOutreachSchema.parse(await request.json().catch(() => ({})));
  return NextResponse.json(await addToOutreach(user, input), { status: 201 });
});
