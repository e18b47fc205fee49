// GET /api/v1/organizations/:id/affiliations/export: the organisation page's Affiliated members table as CSV,
// every affiliation (not just the page shown), in the page's order (current first, newest first).
import { apiRoute, routeIdWithoutQuery } from "@/lib/api/handler";
import { csvResponse, type CsvCell } from "@/components/data-table/csv";
import { organizationAffiliations, organizationSlug } from "@/lib/data/organizations";
import { NotFoundError } from "@/lib/services/errors";

export const dynamic = "force-dynamic";

const HEADERS = ["affiliation_id", "member_id", "member", "from", "until", "current", "origin"];
const CHUNK = 1000;

export async function GET(request: Request, context: { params: Promise<{ id: string }> }) {
  return apiRoute("read", async () => {
    const id = await routeIdWithoutQuery(request, context.params);
    const slug = await organizationSlug(id);
    if (slug === null) throw new NotFoundError("Organisation");
    const now = Date.now();
    const rows: CsvCell[][] = [];
    for (let skip = 0; ; skip += CHUNK) {
      const page = await organizationAffiliations(id, skip, CHUNK);
      for (const a of page)
        rows.push([
          a.id,
          a.memberId,
          a.memberName,
          a.startsAt,
          a.endsAt,
          a.endsAt === null || a.endsAt.getTime() > now,
          a.origin,
        ]);
      if (page.length < CHUNK) break;
    }
    return csvResponse(`organization-${slug}-affiliations`, HEADERS, rows);
  })(request);
}
