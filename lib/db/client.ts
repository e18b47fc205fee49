// The server's Prisma clients. Import `db` from here in lib/services and lib/ingest (writes, jobs:
// always the primary), `readDb` in lib/data (page reads: a streaming replica when DATABASE_READ_URL
// is set and fresh enough, see read-routing.ts; otherwise the same client as `db`).
import "server-only";
import { createPrisma, type Db } from "./prisma";
import { databaseUrl, env } from "@/lib/env";
import { lsnToBytes, ReadRouter, type ReadTarget } from "./read-routing";

const globalForDb = globalThis as unknown as {
  groundswellDb?: Db;
  groundswellReadDb?: Db | null;
  groundswellRouter?: ReadRouter;
  groundswellPinned?: boolean;
};

function getDb(): Db {
  globalForDb.groundswellDb ??= createPrisma(databaseUrl());
  return globalForDb.groundswellDb;
}

function getReplica(): Db | null {
  if (globalForDb.groundswellReadDb === undefined) {
    const url = env().DATABASE_READ_URL;
    globalForDb.groundswellReadDb = url ? createPrisma(url) : null;
  }
  return globalForDb.groundswellReadDb;
}

function router(): ReadRouter {
  globalForDb.groundswellRouter ??= new ReadRouter({
    maxLagMs: env().DATABASE_READ_MAX_LAG_MS,
    sampleEveryMs: Math.min(250, env().DATABASE_READ_MAX_LAG_MS / 4),
  });
  return globalForDb.groundswellRouter;
}

/** Samples the primary's WAL position, then the replica's replayed position (in that order: see ReadRouter.record). */
async function sample(replica: Db): Promise<void> {
  const r = router();
  r.markSampling();
  const at = Date.now();
  try {
    const [primary] = await getDb().$queryRaw<{ lsn: string }[]>`select pg_current_wal_lsn()::text as lsn`;
    const [replayed] = await replica.$queryRaw<
      { lsn: string | null }[]
    >`select pg_last_wal_replay_lsn()::text as lsn`;
    r.record(at, {
      primary: lsnToBytes(primary.lsn),
      replayed: replayed.lsn ? lsnToBytes(replayed.lsn) : null,
    });
  } catch {
    r.record(at, null);
  }
}

/** Where the next page read goes, and why (for logs, health and tests). */
export function readTarget(): ReadTarget {
  const replica = getReplica();
  if (!replica) return { target: "primary", reason: "no replica" };
  if (globalForDb.groundswellPinned) return { target: "primary", reason: "pinned" };
  const r = router();
  if (r.sampleDue()) void sample(replica);
  return r.choose();
}

/** Sends every read of this process to the primary (the job worker: its reads feed writes). */
export function pinReadsToPrimary(): void {
  globalForDb.groundswellPinned = true;
}

/** Waits for a fresh sample (tests, and callers that must not act on a stale verdict). */
export async function refreshReadTarget(): Promise<ReadTarget> {
  const replica = getReplica();
  if (replica && !globalForDb.groundswellPinned) await sample(replica);
  return readTarget();
}

const WRITE_METHODS = new Set([
  "create",
  "createMany",
  "createManyAndReturn",
  "update",
  "updateMany",
  "updateManyAndReturn",
  "upsert",
  "delete",
  "deleteMany",
]);
// Raw statements and transactions may write; counting them as writes only ever sends reads to the primary a little longer.
const WRITING_CLIENT_METHODS = new Set([
  "$executeRaw",
  "$executeRawUnsafe",
  "$queryRaw",
  "$queryRawUnsafe",
  "$transaction",
]);

function bind(client: object, value: unknown) {
  return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(client) : value;
}

/**
 * A write is noted when it is called and again when it settles: a replica sample taken while it was still running
 * must not count as covering it. Prisma's promises are lazy thenables, so the note rides on `then` (awaiting runs it once).
 */
function noteWriteAround(fn: (...a: unknown[]) => unknown): (...a: unknown[]) => unknown {
  return (...args) => {
    router().noteWrite();
    const result = fn(...args) as
      { then?: (ok?: (v: unknown) => unknown, fail?: (e: unknown) => unknown) => unknown } | undefined;
    if (result && typeof result.then === "function") {
      const then = result.then.bind(result);
      const settled = (v: unknown) => (router().noteWrite(), v);
      const failed = (e: unknown) => {
        router().noteWrite();
        throw e;
      };
      result.then = (ok, fail) => (then(settled, failed) as Promise<unknown>).then(ok, fail);
    }
    return result;
  };
}

/** Lazily connected, so importing this module never needs a database (e.g. during `next build`). */
export const db: Db = new Proxy({} as Db, {
  get(_target, prop) {
    const client = getDb() as unknown as Record<PropertyKey, unknown>;
    const value = bind(client, client[prop]);
    if (!getReplica()) return value;
    if (typeof prop === "string" && WRITING_CLIENT_METHODS.has(prop))
      return noteWriteAround(value as (...a: unknown[]) => unknown);
    if (value && typeof value === "object" && typeof prop === "string" && !prop.startsWith("$")) {
      // A model delegate (db.member…): note writes made through it.
      return new Proxy(value, {
        get(delegate, method) {
          const member = bind(delegate, (delegate as Record<PropertyKey, unknown>)[method]);
          return typeof method === "string" && WRITE_METHODS.has(method)
            ? noteWriteAround(member as (...a: unknown[]) => unknown)
            : member;
        },
      });
    }
    return value;
  },
});

/** Page reads: the replica when DATABASE_READ_URL is set and fresh enough, else the primary. */
export const readDb: Db = new Proxy({} as Db, {
  get(_target, prop) {
    const client = (readTarget().target === "replica" ? getReplica()! : getDb()) as unknown as Record<
      PropertyKey,
      unknown
    >;
    return bind(client, client[prop]);
  },
});

/** Replace the client (tests point it at a fresh database); `replica` also replaces the read replica. */
export function setDb(client: Db, replica?: Db | null): void {
  globalForDb.groundswellDb = client;
  if (replica !== undefined) {
    globalForDb.groundswellReadDb = replica;
    globalForDb.groundswellRouter = undefined;
    globalForDb.groundswellPinned = false;
  }
}
