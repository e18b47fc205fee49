// Integration-test helpers: point the app's Prisma client at the run's fresh database and
// truncate every table between tests.
import { inject } from "vitest";
import { setDb } from "@/lib/db/client";
import { createPrisma, type Db } from "@/lib/db/prisma";
import { resetEnvCache } from "@/lib/env";
import { truncateAllTables } from "@/lib/db/truncate";

let client: Db | undefined;

export function useTestDatabase(): Db {
  if (client) return client;
  process.env.DATABASE_URL = inject("databaseUrl");
  resetEnvCache();
  client = createPrisma(process.env.DATABASE_URL, 5);
  setDb(client);
  return client;
}

/** Empties every table between tests (see lib/db/truncate.ts) and the job queue. */
export async function truncateAll(db: Db): Promise<void> {
  await truncateAllTables(db);
  // The job queue lives outside "public": a job one test file queued and never fetched would be
  // the next file's first fetch (seen as an import test running another file's upload).
  const [queue] = await db.$queryRaw<{ present: boolean }[]>`
    select to_regclass('pgboss.job') is not null as present`;
  if (queue?.present) await db.$executeRaw`delete from pgboss.job`;
}
