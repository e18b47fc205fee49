// Builds a Prisma client on node-postgres (Prisma 7 has no query engine binary).
// lib/db/client.ts holds the app's singleton; scripts and tests create their own.
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { registerConnections } from "./connections";

export type Db = PrismaClient;

export function createPrisma(connectionString: string, poolSize = 10): PrismaClient {
  // The pool is built here (the adapter would build the same one) so that its connections can be found under a
  // transaction for COPY (connections.ts); the adapter still ends it on $disconnect.
  const pool = new pg.Pool({ connectionString, max: poolSize });
  registerConnections(pool);
  const adapter = new PrismaPg(pool, { disposeExternalPool: true });
  return new PrismaClient({ adapter });
}
