// An import's events sent with COPY FROM STDIN into a staging table of the run's transaction, then moved into
// activity_events with one INSERT … SELECT … ON CONFLICT DO NOTHING per batch. Against one json_to_recordset statement
// per batch this spares PostgreSQL parsing each batch's JSON twice (the parameter's validation, then the recordset):
// 24-26 µs of backend CPU per event instead of 29-32 (docs/benchmarks.md, "Round 8, Slack/events"). The staging table
// is the transaction's own (dropped at its end, commit or rollback), so a run stays all or nothing.
import "server-only";
import type pg from "pg";
import { connectionOf } from "@/lib/db/connections";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { EventRecord } from "@/lib/ingest/types";
import { noteTriggerRights } from "./key-checks";

/**
 * The connection running this transaction (connectionOf) with its event_stage created, or null when it is not one of
 * createPrisma's (then events go by json_to_recordset).
 */
export async function eventStageOf(tx: Prisma.TransactionClient): Promise<pg.PoolClient | null> {
  const found = await connectionOf(tx);
  if (!found) return null;
  noteTriggerRights(found.connection, found.superuser);
  await found.connection.query(`create temporary table event_stage (
      m int, i int, s text, e text, t text, o timestamptz, c text, w real, p jsonb) on commit drop`);
  return found.connection;
}

/** One text-format COPY line per event, in the columns of event_stage (what eventsJson says as JSON). */
export function eventsCopyText(
  events: EventRecord[],
  actors: { memberId: number; identityId: number }[],
): string {
  const lines: string[] = new Array(events.length);
  for (let n = 0; n < events.length; n++) {
    const e = events[n];
    const weight = typeof e.weight === "number" && Number.isFinite(e.weight) ? String(e.weight) : NULL;
    const at = Number.isNaN(e.occurredAt.getTime()) ? NULL : e.occurredAt.toISOString();
    const properties = e.properties && hasKeys(e.properties) ? field(JSON.stringify(e.properties)) : NULL;
    lines[n] =
      `${actors[n].memberId}\t${actors[n].identityId}\t${field(e.source)}\t${field(e.externalId)}\t${field(e.type)}\t` +
      `${at}\t${e.channel == null ? NULL : field(e.channel)}\t${weight}\t${properties}\n`;
  }
  return lines.join("");
}

export const NULL = "\\N";
/** COPY's text format: backslash, tab, newline and carriage return escaped; nothing else is special. */
export const field = (value: string) =>
  SPECIAL.test(value) ? value.replace(SPECIALS, (c) => ESCAPES[c]) : value;
const SPECIAL = /[\\\t\n\r]/;
const SPECIALS = /[\\\t\n\r]/g;
const ESCAPES: Record<string, string> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" };

function hasKeys(o: object): boolean {
  for (const k in o) if (Object.hasOwn(o, k)) return true;
  return false;
}

const MOVE = `
  insert into activity_events (member_id, identity_id, source, external_id, type, occurred_at, channel, weight, properties)
  select u.m, u.i, u.s, u.e, u.t, u.o, u.c, coalesce(u.w, t.weight, 1), u.p
    from event_stage u left join activity_types t on t.type = u.t
  on conflict (source, external_id) do nothing`;

/** One batch at a time per connection: Prisma sends one statement at a time too, so node-postgres never queues two. */
const previousOn = new WeakMap<pg.PoolClient, Promise<unknown>>();

/**
 * Stages the batch and moves it into activity_events; returns how many were new. COPY, the move and the emptying of
 * the stage go as one message with the rows right behind it, so PostgreSQL never waits for Node in between.
 */
export function copyEvents(connection: pg.PoolClient, copyText: string): Promise<number> {
  return copyStaged(connection, `copy event_stage from stdin; ${MOVE}; truncate event_stage`, copyText);
}

/**
 * Sends `statements` (one simple-protocol message holding a `copy … from stdin`) with `rows` right behind it; resolves
 * with the row count of its last INSERT or COPY, or the value of the row a statement returns (payment-copy.ts).
 */
export function copyStaged(connection: pg.PoolClient, statements: string, rows: string): Promise<number> {
  const previous = previousOn.get(connection) ?? Promise.resolve();
  const done = previous.then(
    () =>
      new Promise<number>((resolve, reject) => {
        connection.query(new StagedCopy(statements, rows, resolve, reject));
      }),
  );
  previousOn.set(
    connection,
    done.catch(() => {}),
  );
  return done;
}

/** What node-postgres' connection offers a custom query beyond its typed methods (pg/lib/connection.js). */
type WireConnection = pg.Connection & { sendCopyFromChunk(chunk: Buffer): void; endCopyFrom(): void };

/**
 * A node-postgres custom query: one simple-protocol message holding `copy … from stdin; insert … select …; truncate`,
 * followed at once by the rows and CopyDone instead of after the server's CopyInResponse. PostgreSQL reads them in
 * order; if the COPY fails, the rest of the message is skipped and the rows that follow are dropped (protocol: "any
 * subsequent CopyData, CopyDone, or CopyFail messages issued by the frontend will simply be dropped").
 */
class StagedCopy implements pg.Submittable {
  private inserted = 0;
  constructor(
    private readonly statements: string,
    private readonly rows: string,
    private readonly resolve: (inserted: number) => void,
    private readonly reject: (error: Error) => void,
  ) {}
  submit(connection: pg.Connection): void {
    const wire = connection as WireConnection;
    wire.query(this.statements);
    wire.sendCopyFromChunk(Buffer.from(this.rows));
    wire.endCopyFrom();
  }
  handleCommandComplete(message: { text: string }): void {
    // A COPY's own count stands only when no INSERT or returned row follows it (change-copy.ts).
    const inserted = /^(?:INSERT \d+|COPY) (\d+)$/.exec(message.text);
    if (inserted) this.inserted = Number(inserted[1]);
  }
  handleError(error: Error): void {
    this.reject(error);
  }
  handleReadyForQuery(): void {
    this.resolve(this.inserted);
  }
  handleDataRow(message: { fields: unknown[] }): void {
    this.inserted = Number(message.fields[0]);
  }
  // Nothing to do: the rows went with the message.
  handleCopyInResponse(): void {}
  handleRowDescription(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
  handleCopyData(): void {}
}
