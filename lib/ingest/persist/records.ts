// Writes one batch of normalised records in one transaction: identities, events (idempotent by
// source + external id), subscription changes and payments. Returns what was new and what was not.
import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { EventRecord, IdentityRecord, IngestRecord, PaymentRecord, SubscriptionChangeRecord } from "@/lib/ingest/types";
import type { IdentityResolver } from "./identities";
import { writeSubscriptionChanges, writePayments } from "./billing";

type Tx = Prisma.TransactionClient;

export interface BatchCounts {
  imported: number;
  duplicates: number;
  /** With `{ returnInsertedEvents: true }`: "source\u0000externalId" of each event this batch inserted. */
  insertedEvents?: Set<string>;
}

export const recordKey = (source: string, externalId: string) => `${source}\u0000${externalId}`;

export async function writeRecords(tx: Tx, resolver: IdentityResolver, records: IngestRecord[], options: { returnInsertedEvents?: boolean } = {}): Promise<BatchCounts> {
  const identities: IdentityRecord[] = [];
  const events: EventRecord[] = [];
  const changes: SubscriptionChangeRecord[] = [];
  const payments: PaymentRecord[] = [];
  for (const r of records) {
    if (r.kind === "identity") identities.push(r);
    else if (r.kind === "event") events.push(r);
    else if (r.kind === "subscription_change") changes.push(r);
    else payments.push(r);
  }
  let t0 = performance.now();
  await resolver.upsert(tx, identities);
  await resolver.ensureActors(tx, [...events, ...changes, ...payments].map((r) => r.actor));
  const tA = performance.now() - t0; t0 = performance.now();
  const counts: BatchCounts = { imported: 0, duplicates: 0 };
  const add = (c: BatchCounts) => {
    counts.imported += c.imported;
    counts.duplicates += c.duplicates;
  };
  if (events.length) {
    const written = await writeEvents(tx, resolver, events, options.returnInsertedEvents === true);
    add(written);
    if (written.insertedEvents) counts.insertedEvents = written.insertedEvents;
  }
  if (process.env.BENCH_DEBUG) console.log('actors', tA.toFixed(0), 'events', (performance.now() - t0).toFixed(0));
  if (changes.length) add(await writeSubscriptionChanges(tx, resolver, changes));
  if (payments.length) add(await writePayments(tx, resolver, payments));
  // Identity records count as imported rows only in files that hold nothing else (users, members).
  if (!events.length && !changes.length && !payments.length) counts.imported += identities.length;
  return counts;
}

async function writeEvents(tx: Tx, resolver: IdentityResolver, events: EventRecord[], returning: boolean): Promise<BatchCounts> {
  // Within one batch the same event may appear twice (e.g. a re-sent API item): keep the first.
  const seen = new Set<string>();
  const unique = events.filter((e) => {
    const k = `${e.source}\u0000${e.externalId}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  const actors = unique.map((e) => resolver.get(e.actor)!);
  const sql = `insert into activity_events (member_id, identity_id, source, external_id, type, occurred_at, channel, weight, properties)
     select u.member_id, u.identity_id, u.source, u.external_id, u.type, u.occurred_at, u.channel,
            coalesce(u.weight, t.weight, 1), u.properties::jsonb
       from unnest($1::int[], $2::int[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::text[], $8::real[], $9::text[])
         as u(member_id, identity_id, source, external_id, type, occurred_at, channel, weight, properties)
       left join activity_types t on t.type = u.type
     on conflict (source, external_id) do nothing`;
  const params = [
    actors.map((a) => a.memberId),
    actors.map((a) => a.identityId),
    unique.map((e) => e.source),
    unique.map((e) => e.externalId),
    unique.map((e) => e.type),
    unique.map((e) => e.occurredAt),
    unique.map((e) => e.channel ?? null),
    unique.map((e) => (typeof e.weight === "number" && Number.isFinite(e.weight) ? e.weight : null)),
    unique.map((e) => (e.properties && Object.keys(e.properties).length ? JSON.stringify(e.properties) : null)),
  ];
  if (returning) {
    const rows = await tx.$queryRawUnsafe<{ source: string; external_id: string }[]>(`${sql} returning source, external_id`, ...params);
    return { imported: rows.length, duplicates: events.length - rows.length, insertedEvents: new Set(rows.map((r) => recordKey(r.source, r.external_id))) };
  }
  const inserted = await tx.$executeRawUnsafe(sql, ...params);
  return { imported: inserted, duplicates: events.length - inserted };
}
