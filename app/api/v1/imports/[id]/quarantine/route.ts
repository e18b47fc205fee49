// GET /api/v1/imports/[id]/quarantine[?format=csv]: the rows an import could not read, with the
// reason and the original line; the CSV streams every row, page by page.
import { NextResponse } from "next/server";
import { apiRoute, jsonError } from "@/lib/api/handler";
import { parseRouteId } from "@/lib/validation/id";
import { CSV_CONTENT_TYPE, toCsv } from "@/components/data-table/csv";
import { getImportRun, listQuarantinedRows, quarantinedRowsInPages } from "@/lib/data/imports";

export const dynamic = "force-dynamic";

const HEADERS = ["file", "line", "reason", "original_line"];

export async function GET(request: Request, context: { params: Promise<{ id: string }> }) {
  const { id } = await context.params;
  return apiRoute("read", async () => {
    const runId = parseRouteId(id);
    if (runId === null) return jsonError(400, "Bad import id");
    const run = await getImportRun(runId);
    if (!run) return jsonError(404, "Import not found");
    const url = new URL(request.url);
    if (url.searchParams.get("format") !== "csv") {
      const page = Math.max(1, Number(url.searchParams.get("page") ?? "1") || 1);
      const { rows, total } = await listQuarantinedRows(runId, { pageIndex: page - 1, pageSize: 500 });
      return NextResponse.json({ importRunId: runId, total, page, rows });
    }
    const encoder = new TextEncoder();
    const stream = new ReadableStream<Uint8Array>({
      async start(controller) {
        controller.enqueue(encoder.encode(toCsv(HEADERS, [])));
        for await (const rows of quarantinedRowsInPages(runId)) {
          const body = toCsv(
            HEADERS,
            rows.map((r) => [r.file, r.line, r.reason, r.raw]),
          );
          controller.enqueue(encoder.encode(body.slice(body.indexOf("\r\n") + 2)));
        }
        controller.close();
      },
    });
    return new Response(stream, {
      headers: {
        "content-type": CSV_CONTENT_TYPE,
        "content-disposition": `attachment; filename="import-${runId}-quarantine.csv"`,
      },
    });
  })(request);
}
