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

/** Empties every table between tests (see lib/db/truncate.ts). */
export const truncateAll = truncateAllTables;
