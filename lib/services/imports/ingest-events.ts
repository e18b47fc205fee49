// The ingest API's write path: validates each item, writes the valid ones through the same persist
// layer as file imports in one transaction, and reports created / duplicate / invalid per item.
import "server-only";
import { db } from "@/lib/db/client";
import type { EventRecord, IdentityRecord, IngestRecord } from "@/lib/ingest/types";
import { newIdentityResolver } from "./resolver";
import { recordKey, writeRecords } from "@/lib/ingest/persist/records";
import { apiEventSchema, type ApiEvent } from "@/lib/validation/ingest-api";

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

/** Writes a batch of API events (already capped in size by the caller's schema). */
export async function ingestApiEvents(items: unknown[]): Promise<IngestResult> {
  const results: IngestItemResult[] = new Array(items.length);
  const valid: { index: number; event: EventRecord }[] = [];
  const identities = new Map<string, IdentityRecord>();
  items.forEach((item, index) => {
    const parsed = apiEventSchema.safeParse(item);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      results[index] = { index, status: "invalid", error: `${issue.path.join(".") || "item"}: ${issue.message}` };
      return;
    }
    const event = toEventRecord(parsed.data);
    if (Number.isNaN(event.occurredAt.getTime())) {
      results[index] = { index, status: "invalid", error: "occurred_at: not a date" };
      return;
    }
    valid.push({ index, event });
    const actor = actorRecord(parsed.data);
    if (actor) identities.set(recordKey(actor.source, actor.externalId), actor);
  });
  if (valid.length) {
    const records: IngestRecord[] = [...identities.values(), ...valid.map((v) => v.event)];
    const written = await db.$transaction((tx) => writeRecords(tx, newIdentityResolver(), records, { returnInsertedEvents: true }));
    const inserted = written.insertedEvents ?? new Set<string>();
    for (const { index, event } of valid) {
      const k = recordKey(event.source, event.externalId);
      // The first item with a key takes "created"; a repeat within the request is a duplicate.
      const created = inserted.delete(k);
      results[index] = { index, status: created ? "created" : "duplicate" };
    }
  }
  const count = (s: IngestItemResult["status"]) => results.filter((r) => r.status === s).length;
  return { created: count("created"), duplicates: count("duplicate"), invalid: count("invalid"), results };
}
