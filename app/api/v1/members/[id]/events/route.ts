// GET /api/v1/members/:id/events?cursor=…: the member's event feed, newest first, 50 per page; 404 for a
// member that does not exist (checked only when the page is empty, so a busy feed costs no extra query).
import { NextResponse } from "next/server";
import { apiRoute, parseQuery } from "@/lib/api/handler";
import { memberEvents, memberExists } from "@/lib/data/member-detail";
import { NotFoundError } from "@/lib/services/errors";
import { eventCursorSchema, memberEventsQuerySchema } from "@/lib/validation/members";

export const dynamic = "force-dynamic";

export const GET = apiRoute("read", async (request) => {
  const parts = new URL(request.url).pathname.split("/");
  const { memberId, cursor } = memberEventsQuerySchema.parse({
    ...parseQuery(request, memberEventsQuerySchema.pick({ cursor: true })),
    memberId: parts.at(-2),
  });
  const page = await memberEvents(memberId, cursor ? eventCursorSchema.parse(cursor) : null);
  if (page.events.length === 0 && !(await memberExists(memberId))) throw new NotFoundError("Member");
  return NextResponse.json(page);
});
