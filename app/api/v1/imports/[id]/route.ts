// GET /api/v1/imports/[id]: one import run's status and live counts (polled by the progress bar).
import { NextResponse } from "next/server";
import { apiRoute, jsonError } from "@/lib/api/handler";
import { parseRouteId } from "@/lib/validation/id";
import { getImportRun } from "@/lib/data/imports";

export const dynamic = "force-dynamic";

export async function GET(request: Request, context: { params: Promise<{ id: string }> }) {
  const { id } = await context.params;
  return apiRoute("read", async () => {
    const runId = parseRouteId(id);
    if (runId === null) return jsonError(400, "Bad import id");
    const run = await getImportRun(runId);
    if (!run) return jsonError(404, "Import not found");
    return NextResponse.json(run, { headers: { "cache-control": "no-store" } });
  })(request);
}
