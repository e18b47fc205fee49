// The ingest API's write paths: items are validated one by one; the synchronous path writes them in
// one transaction and reports created / duplicate per item, the asynchronous one stages them durably.
import "server-only";
import { db } from "@/lib/db/client";
import type { EventRecord, IdentityRecord, IngestRecord } from "@/lib/ingest/types";
import { newIdentityResolver } from "./resolver";
import { recordKey, writeRecords } from "@/lib/ingest/persist/records";
import { parseApiEvents, type ApiEvent } from "@/lib/validation/ingest-api";
import { stageApiEvents } from "./ingest-queue";

export interface IngestItemResult {
  index: number;
  status: "created" | "duplicate" | "invalid";
  error?: string;
}

export interface IngestResult {
  created: number;
  duplicates: number;
  invalid: number;
  results: IngestItemResult[];
}

export interface AcceptedItemResult {
  index: number;
  /** accepted: durably queued, stored exactly once (or already stored); duplicate: repeats an earlier item of this request. */
  status: "accepted" | "duplicate" | "invalid";
  error?: string;
}

export interface AcceptedResult {
  accepted: number;
  duplicates: number;
  invalid: number;
  results: AcceptedItemResult[];
}

function toEventRecord(e: ApiEvent): EventRecord {
  return {
    kind: "event",
    source: e.source,
    externalId: e.external_id,
    actor: { source: e.actor_source, externalId: e.actor_external_id },
    type: e.type,
    occurredAt: new Date(e.occurred_at),
    channel: e.channel ?? null,
    ...(typeof e.weight === "number" && { weight: e.weight }),
    ...(e.properties && { properties: e.properties }),
  };
}

function actorRecord(e: ApiEvent): IdentityRecord | null {
  if (!e.actor_email && !e.actor_name && !e.actor_handle) return null;
  return {
    kind: "identity",
    source: e.actor_source,
    externalId: e.actor_external_id,
    ...(e.actor_email && { email: e.actor_email }),
    ...(e.actor_name && { displayName: e.actor_name }),
    ...(e.actor_handle && { handle: e.actor_handle }),
  };
}

/** The persist layer's records for validated API events: the actors they describe, then the events. */
export function apiEventsToRecords(events: ApiEvent[]): IngestRecord[] {
  const identities = new Map<string, IdentityRecord>();
  for (const e of events) {
    const actor = actorRecord(e);
    if (actor) identities.set(recordKey(actor.source, actor.externalId), actor);
  }
  return [...identities.values(), ...events.map(toEventRecord)];
}

type Checked =
  { index: number; event: ApiEvent; error?: undefined } | { index: number; event?: undefined; error: string };

/** Validates each item on its own, so one bad item never refuses the batch. */
function checkItems(items: unknown[]): Checked[] {
  return parseApiEvents(items).map((parsed, index) => {
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return { index, error: `${issue.path.join(".") || "item"}: ${issue.message}` };
    }
    return { index, event: parsed.data };
  });
}

/** Writes a batch of API events (already capped in size by the caller's schema) and waits for the commit. */
export async function ingestApiEvents(items: unknown[]): Promise<IngestResult> {
  const checked = checkItems(items);
  const results: IngestItemResult[] = checked.map(({ index, error }) =>
    error === undefined ? { index, status: "created" } : { index, status: "invalid", error },
  );
  const valid = checked.filter((c): c is Checked & { event: ApiEvent } => c.event !== undefined);
  if (valid.length) {
    const records = apiEventsToRecords(valid.map((v) => v.event));
    const written = await db.$transaction((tx) =>
      writeRecords(tx, newIdentityResolver(), records, { returnInsertedEvents: true }),
    );
    const inserted = written.insertedEvents ?? new Set<string>();
    for (const { index, event } of valid) {
      // The first item with a key takes "created"; a repeat within the request is a duplicate.
      const created = inserted.delete(recordKey(event.source, event.external_id));
      results[index] = { index, status: created ? "created" : "duplicate" };
    }
  }
  const count = (s: IngestItemResult["status"]) => results.filter((r) => r.status === s).length;
  return { created: count("created"), duplicates: count("duplicate"), invalid: count("invalid"), results };
}

/**
 * The asynchronous path: validates, stages the valid items in the durable ingest queue (shared with
 * concurrent requests, see ingest-queue.ts) and resolves once they are committed; the queue's drainer
 * writes them to activity_events later, idempotent by (source, external_id).
 */
export async function acceptApiEvents(items: unknown[]): Promise<AcceptedResult> {
  const { results, staging } = stageable(items);
  // Only the answer lives across the wait for the commit (the events are serialised by then): a request
  // holding its parsed events for ~100 ms would have them copied by every young-generation collection.
  const accepted = staging ? await staging : 0;
  const count = (s: AcceptedItemResult["status"]) => results.filter((r) => r.status === s).length;
  return { accepted, duplicates: count("duplicate"), invalid: count("invalid"), results };
}

/** Each item's answer, and the staging of the accepted ones (resolving to their count once committed). */
function stageable(items: unknown[]): { results: AcceptedItemResult[]; staging?: Promise<number> } {
  const seen = new Set<string>();
  const staged: ApiEvent[] = [];
  const results = checkItems(items).map(({ index, event, error }): AcceptedItemResult => {
    if (error !== undefined) return { index, status: "invalid", error };
    const key = recordKey(event.source, event.external_id);
    if (seen.has(key)) return { index, status: "duplicate" };
    seen.add(key);
    staged.push(event);
    return { index, status: "accepted" };
  });
  const accepted = staged.length;
  return accepted ? { results, staging: stageApiEvents(staged).then(() => accepted) } : { results };
}
