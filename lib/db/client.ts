// The server's one Prisma client. Import `db` from here in lib/data, lib/services and lib/ingest.
import "server-only";
import { createPrisma, type Db } from "./prisma";
import { databaseUrl } from "@/lib/env";

const globalForDb = globalThis as unknown as { groundswellDb?: Db };

function getDb(): Db {
  globalForDb.groundswellDb ??= createPrisma(databaseUrl());
  return globalForDb.groundswellDb;
}

/** Lazily connected, so importing this module never needs a database (e.g. during `next build`). */
export const db: Db = new Proxy({} as Db, {
  get(_target, prop) {
    const client = getDb() as unknown as Record<PropertyKey, unknown>;
    const value = client[prop];
    return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(client) : value;
  },
});

/** Replace the client (tests point it at a fresh database). */
export function setDb(client: Db): void {
  globalForDb.groundswellDb = client;
}
