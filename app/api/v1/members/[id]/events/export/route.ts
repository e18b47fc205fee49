// GET /api/v1/members/:id/events/export: the member page's Events list as CSV, every event (not just the pages
// loaded), newest first, from the same read as the page.
import { apiRoute, routeIdWithoutQuery } from "@/lib/api/handler";
import { csvResponse, type CsvCell } from "@/components/data-table/csv";
import { memberEvents, memberExists } from "@/lib/data/member-detail";
import { NotFoundError } from "@/lib/services/errors";
import { eventCursorSchema } from "@/lib/validation/members";

export const dynamic = "force-dynamic";

const HEADERS = ["event_id", "occurred_at", "type", "source", "channel", "weight", "summary"];
const CHUNK = 1000;

export async function GET(request: Request, context: { params: Promise<{ id: string }> }) {
  return apiRoute("read", async () => {
    const id = await routeIdWithoutQuery(request, context.params);
    if (!(await memberExists(id))) throw new NotFoundError("Member");
    const rows: CsvCell[][] = [];
    for (let cursor: string | null = null; ;) {
      const page = await memberEvents(id, cursor ? eventCursorSchema.parse(cursor) : null, CHUNK);
      for (const e of page.events)
        rows.push([e.id, e.occurredAt, e.type, e.source, e.channel, e.weight, e.summary]);
      cursor = page.nextCursor;
      if (!cursor) break;
    }
    return csvResponse(`member-${id}-events`, HEADERS, rows);
  })(request);
}
