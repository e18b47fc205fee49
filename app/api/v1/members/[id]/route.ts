// GET /api/v1/members/:id: one member's profile, identities, organisations, plan history and scores.
// PATCH /api/v1/members/:id { public_opt_out?, do_not_contact? }: the member's consent flags (admins or a write token).
import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/api/handler";
import { memberProfile } from "@/lib/data/member-detail";
import { NotFoundError } from "@/lib/services/errors";
import { setMemberConsent } from "@/lib/services/privacy";
import { idSchema } from "@/lib/validation/id";
import { memberConsentSchema } from "@/lib/validation/members";

export const dynamic = "force-dynamic";

export const GET = apiRoute("read", async (request) => {
  const id = idSchema.parse(new URL(request.url).pathname.split("/").at(-1));
  const member = await memberProfile(id);
  if (!member) throw new NotFoundError(`Member ${id} not found`);
  const { notes, ...rest } = member;
  // Notes are internal to the team; the API exposes how many there are, not their text.
  return NextResponse.json(
    { member: { ...rest, noteCount: notes.length } },
    { headers: { "cache-control": "no-store" } },
  );
});

export const PATCH = apiRoute("events:write", async (request, caller) => {
  const id = idSchema.parse(new URL(request.url).pathname.split("/").at(-1));
  const body = memberConsentSchema.parse(await request.json().catch(() => ({})));
  const updated = await setMemberConsent(caller.kind === "session" ? caller.user : null, id, {
    publicOptOut: body.public_opt_out,
    doNotContact: body.do_not_contact,
  });
  return NextResponse.json({
    id: updated.id,
    public_opt_out: updated.publicOptOut,
    do_not_contact: updated.doNotContact,
  });
});
