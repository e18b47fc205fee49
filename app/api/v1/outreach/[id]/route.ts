// PATCH /api/v1/outreach/:id — edit one record with the `version` the caller read; 409 when someone
// else changed it since. Signed-in admins only (no token can edit outreach).
import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/api/handler";
import { idSchema } from "@/lib/validation/id";
import { outreachById } from "@/lib/data/outreach";
import { updateOutreach } from "@/lib/services/outreach";
import { patchOutreachBodySchema } from "@/lib/validation/outreach";
import { requireSessionAdmin } from "../admin-session";

export const dynamic = "force-dynamic";

export async function PATCH(request: Request, context: { params: Promise<{ id: string }> }) {
  const { id } = await context.params;
  return apiRoute("read", async (req, caller) => {
    const user = requireSessionAdmin(caller);
    const body = patchOutreachBodySchema.parse(await req.json().catch(() => ({})));
    const updated = await updateOutreach(user, { ...body, id: idSchema.parse(id) });
    return NextResponse.json(await outreachById(updated.id));
  })(request);
}

export async function GET(request: Request, context: { params: Promise<{ id: string }> }) {
  const { id } = await context.params;
  return apiRoute("read", async () => {
    const row = await outreachById(idSchema.parse(id));
    return row
      ? NextResponse.json(row)
      : NextResponse.json({ error: "Outreach record not found" }, { status: 404 });
  })(request);
}
