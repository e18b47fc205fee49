// GET /api/v1/organizations?month=&q=&staff=&accounts=paying&partner=&sort=&format=json|csv: the whole
// filtered list of organisations with credited contributions, paying members, members' MRR and
// partner status (CSV export of the Organisations table).
import { apiRoute, parseQuery } from "@/lib/api/handler";
import { parseSortParam } from "@/components/data-table/search-params";
import { CSV_CONTENT_TYPE, csvFilename, toCsv } from "@/components/data-table/csv";
import { lastCompleteActivityMonth, listOrganizations, ORGANIZATION_SORTS } from "@/lib/data/organizations";
import { organizationListQuerySchema } from "@/lib/validation/organizations";

export const dynamic = "force-dynamic";

export const GET = apiRoute("read", async (request) => {
  const query = parseQuery(request, organizationListQuerySchema);
  const month = query.month ?? (await lastCompleteActivityMonth());
  const sorting = parseSortParam(query.sort, ORGANIZATION_SORTS);
  const { rows, total } = await listOrganizations(
    {
      month,
      q: query.q,
      staff: query.staff,
      payingOnly: query.accounts === "paying",
      partner: query.partner,
      sorting,
      pageIndex: 0,
      pageSize: 0,
    },
    false,
  );
  if (query.format === "csv") {
    const csv = toCsv(
      [
        "id",
        "name",
        "domains",
        "country",
        "staff",
        "partner_status",
        "members",
        "paying_members",
        "members_mrr_cents",
        "contributions",
        "previous_month_contributions",
        "activity",
        "month",
      ],
      rows.map((r) => [
        r.id,
        r.name,
        r.domains.join(" "),
        r.country,
        r.isStaffOrg,
        r.partnerStatus,
        r.members,
        r.payingMembers,
        r.mrrCents,
        r.contributions,
        r.previousContributions,
        r.activity,
        month,
      ]),
    );
    return new Response(csv, {
      headers: {
        "content-type": CSV_CONTENT_TYPE,
        "content-disposition": `attachment; filename="${csvFilename(`organizations-${month}`)}"`,
      },
    });
  }
  return Response.json({ month, total, rows });
});
