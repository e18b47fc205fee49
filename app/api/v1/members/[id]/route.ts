// GET /api/v1/members/:id: one member's profile, identities, organisations, plan history and scores.
import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/api/handler";
import { memberProfile } from "@/lib/data/member-detail";
import { NotFoundError } from "@/lib/services/errors";
import { memberIdSchema } from "@/lib/validation/members";

export const dynamic = "force-dynamic";

export const GET = apiRoute("read", async (request) => {
  const id = memberIdSchema.parse(new URL(request.url).pathname.split("/").at(-1));
  const member = await memberProfile(id);
  if (!member) throw new NotFoundError(`Member ${id} not found`);
  const { notes, ...rest } = member;
  // Notes are internal to the team; the API exposes how many there are, not their text.
  return NextResponse.json({ member: { ...rest, noteCount: notes.length } }, { headers: { "cache-control": "no-store" } });
});
