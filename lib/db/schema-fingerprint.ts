// A comparable description of a database's public schema read from the catalogs: tables,
// columns, enums, indexes, constraints and the names of views (their columns follow their query).
// Used to prove migrations give exactly schema.prisma.
import pg from "pg";

export async function schemaFingerprint(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const queries = [
      `select 'column ' || table_name || '.' || column_name || ' ' || udt_name || ' null=' || is_nullable || ' default=' || coalesce(column_default, '') as line
         from information_schema.columns c
        where table_schema = 'public' and table_name <> '_prisma_migrations'
          and exists (select 1 from information_schema.tables t where t.table_schema = 'public'
                         and t.table_name = c.table_name and t.table_type = 'BASE TABLE')`,
      `select 'view ' || table_name as line from information_schema.views where table_schema = 'public'`,
      `select 'enum ' || t.typname || ' ' || string_agg(e.enumlabel, ',' order by e.enumsortorder) as line
         from pg_type t join pg_enum e on e.enumtypid = t.oid join pg_namespace n on n.oid = t.typnamespace
        where n.nspname = 'public' group by t.typname`,
      `select 'index ' || indexname || ' ' || indexdef as line from pg_indexes
        where schemaname = 'public' and tablename <> '_prisma_migrations'`,
      `select 'constraint ' || c.conrelid::regclass::text || ' ' || c.conname || ' ' || pg_get_constraintdef(c.oid) as line
         from pg_constraint c join pg_namespace n on n.oid = c.connamespace
        where n.nspname = 'public' and c.conrelid::regclass::text <> '_prisma_migrations'`,
    ];
    const lines: string[] = [];
    for (const q of queries) lines.push(...(await client.query<{ line: string }>(q)).rows.map((r) => r.line));
    return lines.sort();
  } finally {
    await client.end();
  }
}

export async function executeScript(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
