// POST /api/v1/events: the ingest API. Bearer token with the events:write scope; up to 1,000
// canonical events per request, idempotent by (source, external_id), results per item.
import { NextResponse } from "next/server";
import { apiRoute, jsonError } from "@/lib/api/handler";
import { ingestApiEvents } from "@/lib/services/imports/ingest-events";
import { ingestEnvelopeSchema } from "@/lib/validation/ingest-api";

export const dynamic = "force-dynamic";

export const POST = apiRoute("events:write", async (request) => {
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return jsonError(400, "Body is not JSON");
  }
  const envelope = ingestEnvelopeSchema.safeParse(body);
  if (!envelope.success) return jsonError(400, "Body must be { events: [...] } with 1 to 1,000 items", envelope.error.issues);
  const result = await ingestApiEvents(envelope.data.events);
  return NextResponse.json(result, { status: 200 });
});
