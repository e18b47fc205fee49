// Schemas for the ingest API (POST /api/v1/events): the request envelope, and one canonical
// event per item, validated item by item so one bad item never refuses the batch.
import { z } from "zod";

export const MAX_EVENTS_PER_REQUEST = 1000;

const text = (max: number) => z.string().trim().min(1).max(max);

export const apiEventSchema = z.object({
  source: text(64),
  external_id: text(512),
  actor_source: text(64),
  actor_external_id: text(512),
  actor_email: z.string().trim().email().max(320).optional().nullable(),
  actor_name: z.string().trim().max(200).optional().nullable(),
  actor_handle: z.string().trim().max(200).optional().nullable(),
  type: text(64),
  occurred_at: z.iso.datetime({ offset: true }).or(z.iso.date()),
  channel: z.string().trim().max(200).optional().nullable(),
  weight: z.number().finite().min(0).max(1000).optional().nullable(),
  properties: z.record(z.string(), z.unknown()).optional().nullable(),
});
export type ApiEvent = z.infer<typeof apiEventSchema>;

export const ingestEnvelopeSchema = z.object({
  events: z.array(z.unknown()).min(1).max(MAX_EVENTS_PER_REQUEST, `at most ${MAX_EVENTS_PER_REQUEST} events per request`),
});

/** RFC 7240: `Prefer: respond-async` (among other preferences) asks the ingest API to queue and answer 202. */
export function prefersRespondAsync(prefer: string | null): boolean {
  return !!prefer && prefer.split(",").some((p) => p.split(";")[0].trim().toLowerCase() === "respond-async");
}

/** Query of POST /api/v1/imports (the body is the file itself, streamed). */
export const importUploadQuerySchema = z.object({
  source: z.enum(["slack", "github", "git", "stripe-events", "opencollective", "csv", "jsonl"]),
  kind: z.enum(["members", "identities", "events", "subscription_changes"]).optional(),
  repository: z.string().trim().regex(/^[\w.-]+\/[\w.-]+$/, "owner/name").optional(),
});

/** Sources that write revenue: never from a token, only from a signed-in admin (#18 item 5). */
export const BILLING_IMPORT_SOURCES: ReadonlySet<string> = new Set(["stripe-events", "opencollective"]);

/** Largest upload accepted (streamed to disk, never held in memory). */
export const MAX_UPLOAD_BYTES = 5 * 1024 ** 3;
