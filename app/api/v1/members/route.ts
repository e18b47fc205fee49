// GET /api/v1/members: the member directory as JSON (paginated) or, with ?format=csv, the
// whole filtered list as a streamed CSV. Same filters as the Members page, and the same billing: mrr_cents
// leaves out stopped billing sources, and a member paying only through them is not counted as paying.
import { NextResponse } from "next/server";
import { z } from "zod";
import { apiRoute, parseQuery } from "@/lib/api/handler";
import { memberExportChunks, searchMembers, type MemberRow } from "@/lib/data/members";
import { CSV_CONTENT_TYPE, csvFilename, toCsv } from "@/components/data-table/csv";
import { MEMBER_SORTS, memberFiltersSchema } from "@/lib/validation/members";

export const dynamic = "force-dynamic";

const querySchema = memberFiltersSchema.extend({
  format: z.enum(["json", "csv"]).default("json"),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
  sort: z
    .string()
    .regex(new RegExp(`^-?(${MEMBER_SORTS.join("|")})$`))
    .default("name"),
});

const CSV_HEADERS = [
  "id",
  "name",
  "email",
  "handles",
  "sources",
  "organisation",
  "tier",
  "plan",
  "mrr_cents",
  "tags",
  "staff",
  "bot",
  "do_not_contact",
  "joined_at",
  "last_active_at",
  "counted_as_paying",
  "stopped_billing_source",
];
const csvRow = (m: MemberRow) => [
  m.id,
  m.displayName,
  m.primaryEmail,
  m.handles.join(" "),
  m.sources.join(" "),
  m.organization,
  m.tier,
  m.planName,
  m.mrrCents,
  m.tags.join(" "),
  m.isStaff,
  m.isBot,
  m.doNotContact,
  m.joinedAt,
  m.lastActiveAt,
  m.tier > 0 && !m.billingStopped,
  m.billingStopped?.source ?? null,
];

export const GET = apiRoute("read", async (request) => {
  const query = parseQuery(request, querySchema);
  const { format, page, pageSize, sort, ...filters } = query;
  if (format === "csv") {
    const encoder = new TextEncoder();
    const chunks = memberExportChunks(filters);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encoder.encode(toCsv(CSV_HEADERS, [])));
      },
      async pull(controller) {
        const next = await chunks.next();
        if (next.done) controller.close();
        // toCsv writes a header line; drop it for the data chunks.
        else
          controller.enqueue(
            encoder.encode(toCsv(CSV_HEADERS, next.value.map(csvRow)).split("\r\n").slice(1).join("\r\n")),
          );
      },
      async cancel() {
        await chunks.return(undefined);
      },
    });
    return new Response(stream, {
      headers: {
        "content-type": CSV_CONTENT_TYPE,
        "content-disposition": `attachment; filename="${csvFilename("members")}"`,
      },
    });
  }
  const desc = sort.startsWith("-");
  const result = await searchMembers(filters, {
    pageIndex: page - 1,
    pageSize,
    sort: sort.replace(/^-/, "") as (typeof MEMBER_SORTS)[number],
    desc,
  });
  return NextResponse.json({
    page,
    pageSize,
    total: result.total,
    botsHidden: result.botsHidden,
    members: result.rows,
  });
});
