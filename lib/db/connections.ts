// The node-postgres connections of createPrisma's pools, by backend pid: how the connection under a Prisma transaction
// is found for what Prisma cannot send: COPY FROM STDIN (an import's events, lib/ingest/persist/event-copy.ts), and bytes
// without Prisma's raw-parameter JSON (the cut-off cache's buffers, lib/services/rankings/feature-cache.ts).
import { randomUUID } from "node:crypto";
import type pg from "pg";

const byBackendPid = new Map<number, Set<pg.PoolClient>>();

/** Keeps track of the pool's connections (createPrisma calls this for each pool it builds). */
export function registerConnections(pool: pg.Pool): void {
  pool.on("connect", (client) => {
    const pid = (client as pg.PoolClient & { processID: number }).processID;
    const set = byBackendPid.get(pid) ?? new Set();
    set.add(client);
    byBackendPid.set(pid, set);
  });
  pool.on("remove", (client) => {
    const pid = (client as pg.PoolClient & { processID: number }).processID;
    byBackendPid.get(pid)?.delete(client);
    if (!byBackendPid.get(pid)?.size) byBackendPid.delete(pid);
  });
}

/** The open connections of createPrisma's pools whose backend has this pid (normally one; servers may share pids). */
export function connectionsWithPid(pid: number): pg.PoolClient[] {
  return [...(byBackendPid.get(pid) ?? [])];
}

/** What a Prisma transaction offers for the probe (Prisma.TransactionClient's raw query). */
type RawQuerier = { $queryRaw<T>(query: TemplateStringsArray, ...values: unknown[]): PromiseLike<T> };

/**
 * The node-postgres connection running this Prisma transaction, with whether its session is a superuser's, or null
 * when it is not one of createPrisma's. Found by backend pid, then proven by a value set local to this transaction:
 * statements sent on it run inside the transaction, in the order they are sent, between Prisma's own.
 */
export async function connectionOf(
  tx: RawQuerier,
): Promise<{ connection: pg.PoolClient; superuser: boolean } | null> {
  const token = randomUUID();
  const [{ pid }] = await tx.$queryRaw<{ pid: number }[]>`
    select pg_backend_pid() as pid, set_config('groundswell.connection_probe', ${token}, true) as probe`;
  for (const connection of connectionsWithPid(pid)) {
    const seen = await connection
      .query<{ token: string | null; superuser: string }>(
        "select current_setting('groundswell.connection_probe', true) as token, current_setting('is_superuser') as superuser",
      )
      .then((r) => r.rows[0] ?? null)
      .catch(() => null);
    if (seen?.token === token) return { connection, superuser: seen.superuser === "on" };
  }
  return null;
}
