// Statistics that say a full table is empty. Writers here fill tables inside long transactions (an import, the
// rollups rebuild); an ANALYZE that autovacuum runs meanwhile counts the uncommitted rows as absent and records
// `reltuples = 0` over full pages. The planner scales that density by the table's current size, so the table stays
// "empty" until autovacuum analyzes it again, and joins against it become nested loops of sequential scans (a
// report over a few thousand rollup rows can then run for minutes). Checking the catalogue is a millisecond;
// only tables in that state are analyzed.
import "server-only";
import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";

// Fewer than one row per page counted (never-analyzed tables say -1 and are left to autovacuum).
const PLANNED_EMPTY = Prisma.sql`
  c.relnamespace = current_schema()::regnamespace and c.relkind = 'r'
  and c.relpages > 0 and c.reltuples >= 0 and c.reltuples < c.relpages`;

/** Tables of this schema whose statistics count fewer than one row per page (real rows are 4-200 per page). */
export async function tablesPlannedEmpty(): Promise<string[]> {
  const rows = await db.$queryRaw<{ name: string }[]>`
    select c.relname as name from pg_class c
     where ${PLANNED_EMPTY} order by 1`;
  return rows.map((r) => r.name);
}

/** Analyzes the tables whose statistics say empty over full pages; returns their names. */
export async function analyzeTablesPlannedEmpty(): Promise<string[]> {
  const tables = await tablesPlannedEmpty();
  if (tables.length === 0) return tables;
  // ANALYZE takes no parameters: the block quotes each catalogue name itself (%I).
  await db.$executeRaw`
    do $$
    declare t text;
    begin
      for t in select c.relname from pg_class c
                where ${PLANNED_EMPTY}
      loop
        execute format('analyze %I', t);
      end loop;
    end $$`;
  return tables;
}
