// Empties every application table (not the migrations ledger) in one statement: for tests and benchmarks
// that reuse one database across cases. Table names come from the catalog, quoted as identifiers.
import { Prisma } from "@/lib/generated/prisma/client";
import type { Db } from "./prisma";

export async function truncateAllTables(db: Db): Promise<void> {
  const rows = await db.$queryRaw<{ tablename: string }[]>`
    select tablename from pg_tables where schemaname = 'public' and tablename <> '_prisma_migrations'`;
  if (rows.length === 0) return;
  const tables = rows.map((r) => Prisma.raw(`"${r.tablename.replaceAll('"', '""')}"`));
  await db.$executeRaw`truncate ${Prisma.join(tables)} restart identity cascade`;
}
