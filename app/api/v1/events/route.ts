// POST /api/v1/events: the ingest API. Bearer token with the events:write scope; up to 1,000
// canonical events per request, idempotent by (source, external_id), results per item.
// Default: written before the answer (200, created / duplicate / invalid per item). With
// `Prefer: respond-async`: validated, durably queued and answered 202 (counts, and only the items not
// accepted: invalid or duplicate); the worker writes queued events within seconds, each exactly once.
import { NextResponse } from "next/server";
import { apiRoute, jsonError } from "@/lib/api/handler";
import { acceptApiEvents, ingestApiEvents, type AcceptedResult } from "@/lib/services/imports/ingest-events";
import { requestRecompute } from "@/lib/jobs/queue";
import { readJsonBody } from "@/lib/api/read-body";
import {
  ingestEnvelopeSchema,
  MAX_INGEST_BODY_BYTES,
  prefersRespondAsync,
} from "@/lib/validation/ingest-api";

export const dynamic = "force-dynamic";

export const POST = apiRoute("events:write", async (request) => {
  const body = await readJsonBody(request, MAX_INGEST_BODY_BYTES);
  if (!body.ok) return body.response;
  const envelope = ingestEnvelopeSchema.safeParse(body.value);
  if (!envelope.success)
    return jsonError(400, "Body must be { events: [...] } with 1 to 1,000 items", envelope.error.issues);
  // Returned, not awaited here: this frame (the parsed body) ends before the wait for the commit.
  if (prefersRespondAsync(request.headers.get("prefer")))
    return acceptedResponse(acceptApiEvents(envelope.data.events, body.bytes));
  const result = await ingestApiEvents(envelope.data.events);
  // The worker runs the recompute pipeline; requests within 30 s collapse into one job.
  if (result.created > 0)
    await requestRecompute("ingest api").catch((error) =>
      console.error("[events] recompute request failed", error),
    );
  return NextResponse.json(result, { status: 200 });
});

async function acceptedResponse(accepting: Promise<AcceptedResult>): Promise<Response> {
  return NextResponse.json(await accepting, {
    status: 202,
    headers: { "Preference-Applied": "respond-async" },
  });
}
