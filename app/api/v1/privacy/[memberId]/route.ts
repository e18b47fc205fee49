// GET: everything held about one member as JSON (a download). DELETE: erase the member.
// Admins only, through a session (never a token): both are audited.
import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/api/handler";
import { idSchema } from "@/lib/validation/id";
import { AuthError } from "@/lib/auth/roles";
import type { ApiCaller } from "@/lib/auth/api-token";
import { eraseMember, exportMemberData } from "@/lib/services/privacy";

function adminOf(caller: ApiCaller) {
  if (caller.kind !== "session" || caller.user.role !== "admin")
    throw new AuthError(403, "Only an admin, signed in, can export or erase a member");
  return caller.user;
}

function memberIdOf(request: Request) {
  return idSchema.parse(new URL(request.url).pathname.split("/").filter(Boolean).at(-1));
}

export const GET = apiRoute("read", async (request, caller) => {
  const data = await exportMemberData(adminOf(caller), memberIdOf(request));
  return new NextResponse(JSON.stringify(data, null, 2), {
    headers: {
      "content-type": "application/json",
      "content-disposition": `attachment; filename="member-${memberIdOf(request)}.json"`,
      "cache-control": "no-store",
    },
  });
});

export const DELETE = apiRoute("read", async (request, caller) => {
  return NextResponse.json(await eraseMember(adminOf(caller), memberIdOf(request)));
});
