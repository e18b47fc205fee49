// GET /api/v1/members/:id/events?cursor=…: the member's event feed, newest first, 50 per page.
import { NextResponse } from "next/server";
import { apiRoute, parseQuery } from "@/lib/api/handler";
import { memberEvents } from "@/lib/data/member-detail";
import { eventCursorSchema, memberEventsQuerySchema } from "@/lib/validation/members";

export const dynamic = "force-dynamic";

export const GET = apiRoute("read", async (request) => {
  const parts = new URL(request.url).pathname.split("/");
  const { memberId, cursor } = memberEventsQuerySchema.parse({
    ...parseQuery(request, memberEventsQuerySchema.pick({ cursor: true })),
    memberId: parts.at(-2),
  });
  const page = await memberEvents(memberId, cursor ? eventCursorSchema.parse(cursor) : null);
  return NextResponse.json(page);
});
