// The ingest API's write paths: items are validated one by one; the synchronous path writes them in
// one transaction and reports created / duplicate per item, the asynchronous one stages them durably.
import "server-only";
import { db } from "@/lib/db/client";
import type { EventRecord, IdentityRecord, IngestRecord } from "@/lib/ingest/types";
import { newIdentityResolver } from "./resolver";
import { recordKey, writeRecords } from "@/lib/ingest/persist/records";
import { parseApiEvents, type ApiEvent } from "@/lib/validation/ingest-api";
import { stageApiRequest } from "./ingest-queue";

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

/** An item of an asynchronous request that was not accepted: invalid (why), or a repeat of an earlier item. */
export interface RejectedItem {
  index: number;
  status: "duplicate" | "invalid";
  error?: string;
}

/**
 * The asynchronous answer: counts, and only the items not accepted (every other item is accepted:
 * durably queued, stored exactly once or already stored). Lean on purpose: 100 per-item results cost
 * the web process more than a 100-event request's item check (docs/benchmarks.md, Load).
 */
export interface AcceptedResult {
  accepted: number;
  duplicates: number;
  invalid: number;
  rejected: RejectedItem[];
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
 * writes them to activity_events later, idempotent by (source, external_id). `body` is the request's
 * own JSON text, which is staged as it is when it can be (the items must be its `events`). Not async:
 * while a request waits for its commit only the answer and the staged bytes are alive, not its items.
 */
export function acceptApiEvents(items: unknown[], body?: Uint8Array): Promise<AcceptedResult> {
  const seen = new Set<string>();
  const staged: ApiEvent[] = [];
  const rejected: RejectedItem[] = [];
  let duplicates = 0;
  for (const { index, event, error } of checkItems(items)) {
    if (error !== undefined) {
      rejected.push({ index, status: "invalid", error });
      continue;
    }
    const key = recordKey(event.source, event.external_id);
    if (seen.has(key)) {
      rejected.push({ index, status: "duplicate" });
      duplicates++;
      continue;
    }
    seen.add(key);
    staged.push(event);
  }
  const result = { accepted: staged.length, duplicates, invalid: rejected.length - duplicates, rejected };
  if (staged.length === 0) return Promise.resolve(result);
  const skip = rejected.map((r) => r.index);
  return stageApiRequest(staged, skip, body).then(() => result);
}
