// Writes one batch of normalised records in one transaction: identities, events (idempotent by
// source + external id), subscription changes and payments. Returns what was new and what was not.
import "server-only";
import type pg from "pg";
import { Prisma } from "@/lib/generated/prisma/client";
import type {
  EventRecord,
  IdentityRecord,
  IngestRecord,
  PaymentRecord,
  SubscriptionChangeRecord,
} from "@/lib/ingest/types";
import type { IdentityResolver } from "./identities";
import {
  buildPaymentInsert,
  insertPayments,
  prepareSubscriptionChanges,
  writeSubscriptionChanges,
  type PreparedChanges,
} from "./billing";
import { dropErased } from "./erased";
import { copyEvents, eventsCopyText } from "./event-copy";
import { copyPayments, paymentsCopyText } from "./payment-copy";

type Tx = Prisma.TransactionClient;

export interface BatchCounts {
  imported: number;
  duplicates: number;
  /** With `{ returnInsertedEvents: true }`: "source\u0000externalId" of each event this batch inserted. */
  insertedEvents?: Set<string>;
}

export const recordKey = (source: string, externalId: string) => `${source}\u0000${externalId}`;

/** A batch whose identities are resolved and whose members are held: only its statements remain to be run. */
export interface PreparedRecords {
  /** The events' insert (or, for a run staging them, their COPY text), built while the previous batch was being written. */
  events: EventInsert | null;
  /** Classified against the stored history when they are written; sorted, with their members and payloads, here. */
  changes: PreparedChanges | null;
  /** With a staging connection, their COPY text (payment-copy.ts); else one JSON statement. */
  payments: PaymentWrite | null;
  /** Identity records counted as imported rows (files that hold nothing else: users, members). */
  identitiesOnly: number;
}

type PaymentWrite =
  | { insert: Prisma.Sql; count: number }
  | { copy: { connection: pg.PoolClient; text: string }; count: number };

type EventInsert =
  | { insert: Prisma.Sql; count: number }
  | { copy: { connection: pg.PoolClient; text: string }; count: number };

/** `stage`: the run's transaction connection, its event_stage created (eventStageOf): events and payments go by COPY. */
interface PrepareOptions {
  identitiesResolved?: boolean;
  stage?: pg.PoolClient | null;
}

/**
 * `identitiesResolved`: the caller already ran `resolveIdentities` for these records (in its own,
 * earlier transaction), so identity records are not written again.
 */
export async function writeRecords(
  tx: Tx,
  resolver: IdentityResolver,
  batch: IngestRecord[],
  options: { returnInsertedEvents?: boolean; identitiesResolved?: boolean } = {},
): Promise<BatchCounts> {
  const prepared = await prepareRecords(tx, resolver, batch, options);
  return runPrepared(tx, resolver, prepared, options);
}

/**
 * Everything a batch needs before its rows can be inserted: erased people dropped, identities resolved (records
 * whose actor this run already resolved and holds cost no statement), members held, the insert built. An importer
 * runs this for batch N+1 while PostgreSQL still inserts batch N: queries of one transaction run in order, so
 * whatever this asks the database waits behind that insert, and batch N's new members are already in the resolver.
 */
export async function prepareRecords(
  tx: Tx,
  resolver: IdentityResolver,
  batch: IngestRecord[],
  options: PrepareOptions = {},
): Promise<PreparedRecords> {
  const records = await dropErased(tx, batch, (r) => r.kind !== "identity" && resolver.isHeld(tx, r.actor));
  const events: EventRecord[] = [];
  const changes: SubscriptionChangeRecord[] = [];
  const payments: PaymentRecord[] = [];
  let identities = 0;
  for (const r of records) {
    if (r.kind === "identity") identities++;
    else if (r.kind === "event") events.push(r);
    else if (r.kind === "subscription_change") changes.push(r);
    else payments.push(r);
  }
  if (!options.identitiesResolved) await resolveKept(tx, resolver, records);
  return {
    events: events.length ? await buildEventInsert(tx, resolver, events, options.stage ?? null) : null,
    changes: changes.length ? prepareSubscriptionChanges(resolver, changes, options.stage ?? null) : null,
    payments: payments.length ? buildPaymentWrite(resolver, payments, options.stage ?? null) : null,
    identitiesOnly: events.length || changes.length || payments.length ? 0 : identities,
  };
}

/** Runs a prepared batch's statements. */
export async function runPrepared(
  tx: Tx,
  resolver: IdentityResolver,
  prepared: PreparedRecords,
  options: { returnInsertedEvents?: boolean } = {},
): Promise<BatchCounts> {
  const counts: BatchCounts = { imported: prepared.identitiesOnly, duplicates: 0 };
  const add = (c: BatchCounts) => {
    counts.imported += c.imported;
    counts.duplicates += c.duplicates;
  };
  if (prepared.events && "copy" in prepared.events) {
    const inserted = await copyEvents(prepared.events.copy.connection, prepared.events.copy.text);
    add({ imported: inserted, duplicates: prepared.events.count - inserted });
  } else if (prepared.events) {
    const written = await insertEvents(tx, prepared.events, options.returnInsertedEvents === true);
    add(written);
    if (written.insertedEvents) counts.insertedEvents = written.insertedEvents;
  }
  if (prepared.changes) add(await writeSubscriptionChanges(tx, prepared.changes));
  if (prepared.payments && "copy" in prepared.payments)
    add(
      await copyPayments(tx, prepared.payments.copy.connection, {
        text: prepared.payments.copy.text,
        count: prepared.payments.count,
      }),
    );
  else if (prepared.payments) add(await insertPayments(tx, prepared.payments));
  return counts;
}

/** Writes the identity records of a batch and makes sure every actor it names exists. */
export async function resolveIdentities(
  tx: Tx,
  resolver: IdentityResolver,
  batch: IngestRecord[],
): Promise<void> {
  await resolveKept(tx, resolver, await dropErased(tx, batch));
}

async function resolveKept(tx: Tx, resolver: IdentityResolver, records: IngestRecord[]): Promise<void> {
  const identities: IdentityRecord[] = [];
  const actors: EventRecord["actor"][] = [];
  for (const r of records) {
    if (r.kind === "identity") identities.push(r);
    else actors.push(r.actor);
  }
  await resolver.upsert(tx, identities);
  await resolver.ensureActors(tx, actors);
}

function buildPaymentWrite(
  resolver: IdentityResolver,
  payments: PaymentRecord[],
  stage: pg.PoolClient | null,
): PaymentWrite {
  if (!stage) return buildPaymentInsert(resolver, payments);
  const memberIds = payments.map((p) => resolver.get(p.actor)!.memberId);
  return { copy: { connection: stage, text: paymentsCopyText(payments, memberIds) }, count: payments.length };
}

async function buildEventInsert(
  tx: Tx,
  resolver: IdentityResolver,
  events: EventRecord[],
  stage: pg.PoolClient | null,
): Promise<EventInsert> {
  // Within one batch the same event may appear twice (e.g. a re-sent API item): keep the first.
  const seen = new Set<string>();
  const unique = events.filter((e) => {
    const k = `${e.source}\u0000${e.externalId}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  const actors = unique.map((e) => resolver.get(e.actor)!);
  // No foreign key checks these member ids (see holdMembers): lock the ones this run has not yet.
  await resolver.holdMembers(
    tx,
    actors.map((a) => a.memberId),
  );
  if (stage)
    return { copy: { connection: stage, text: eventsCopyText(unique, actors) }, count: events.length };
  // One JSON parameter instead of nine arrays: the driver adapter serialises one string far faster
  // than 9 × 10,000 array elements, and PostgreSQL parses it in C (as json: read once, left to right,
  // it costs PostgreSQL 7 % less per event than building a jsonb document first). The text is written
  // row by row rather than from an array of row objects: the same JSON, without 10,000 objects to collect.
  const rows = eventsJson(unique, actors);
  const insert = Prisma.sql`insert into activity_events (member_id, identity_id, source, external_id, type, occurred_at, channel, weight, properties)
     select u.m, u.i, u.s, u.e, u.t, u.o, u.c, coalesce(u.w, t.weight, 1), u.p
       from json_to_recordset(${rows}::json) as u(m int, i int, s text, e text, t text, o timestamptz, c text, w real, p jsonb)
       left join activity_types t on t.type = u.t
     on conflict (source, external_id) do nothing`;
  return { insert, count: events.length };
}

/** The events as a JSON array of {m, i, s, e, t, o, c, w, p} (what JSON.stringify of those objects gives). */
export function eventsJson(
  events: EventRecord[],
  actors: { memberId: number; identityId: number }[],
): string {
  const parts: string[] = new Array(events.length);
  for (let n = 0; n < events.length; n++) {
    const e = events[n];
    const weight = typeof e.weight === "number" && Number.isFinite(e.weight) ? e.weight : null;
    const properties = e.properties && hasKeys(e.properties) ? JSON.stringify(e.properties) : "null";
    parts[n] =
      `{"m":${actors[n].memberId},"i":${actors[n].identityId},"s":${JSON.stringify(e.source)},"e":${JSON.stringify(e.externalId)},` +
      `"t":${JSON.stringify(e.type)},"o":${JSON.stringify(e.occurredAt)},"c":${JSON.stringify(e.channel ?? null)},"w":${weight},"p":${properties}}`;
  }
  return `[${parts.join(",")}]`;
}

function hasKeys(o: object): boolean {
  for (const k in o) if (Object.hasOwn(o, k)) return true;
  return false;
}

async function insertEvents(
  tx: Tx,
  events: { insert: Prisma.Sql; count: number },
  returning: boolean,
): Promise<BatchCounts> {
  if (returning) {
    const returned = await tx.$queryRaw<{ source: string; external_id: string }[]>(
      Prisma.sql`${events.insert} returning source, external_id`,
    );
    return {
      imported: returned.length,
      duplicates: events.count - returned.length,
      insertedEvents: new Set(returned.map((r) => recordKey(r.source, r.external_id))),
    };
  }
  const inserted = await tx.$executeRaw(events.insert);
  return { imported: inserted, duplicates: events.count - inserted };
}
