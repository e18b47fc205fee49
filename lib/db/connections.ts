// The node-postgres connections of createPrisma's pools, by backend pid: how the connection under a Prisma transaction
// is found for what Prisma cannot send, COPY FROM STDIN (an import's events, lib/ingest/persist/event-copy.ts).
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
