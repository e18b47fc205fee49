// Logical backup and restore of every table in the public schema, for the embedded database
// (which ships no pg_dump): gzipped JSON lines, tables in foreign-key order, checksummed.
import { createReadStream, createWriteStream } from "node:fs";
import { once } from "node:events";
import readline from "node:readline";
import { createGunzip, createGzip } from "node:zlib";
import pg from "pg";
import { z } from "zod";

export const BACKUP_FORMAT = "groundswell-backup";
const CHUNK = 2000;

// A backup file is input like any other: its lines are parsed with zod, and the table names it carries are
// used in SQL only once they are known to be this database's own tables.
const headerSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  version: z.literal(1),
  createdAt: z.string(),
  migrations: z.array(z.string()),
  tables: z.array(z.object({ name: z.string(), rows: z.number().int().nonnegative(), checksum: z.string() })),
});
type Header = z.infer<typeof headerSchema>;
const chunkSchema = z.object({ table: z.string(), rows: z.array(z.unknown()) });

/** A line of the backup as JSON; a clear error naming the file and line when it is not. */
function jsonLine(file: string, lineNo: number, line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    throw new Error(`${file}: line ${lineNo}: not JSON`);
  }
}

async function withClient<T>(url: string, run: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** Public tables ordered so that every table comes after the tables it references. */
export async function tablesInDependencyOrder(client: pg.Client): Promise<string[]> {
  const tables = (
    await client.query<{ t: string }>(
      `select tablename as t from pg_tables where schemaname = 'public' and tablename <> '_prisma_migrations' order by 1`,
    )
  ).rows.map((r) => r.t);
  const edges = (
    await client.query<{ child: string; parent: string }>(
      `select c.conrelid::regclass::text as child, c.confrelid::regclass::text as parent
         from pg_constraint c join pg_namespace n on n.oid = c.connamespace
        where c.contype = 'f' and n.nspname = 'public'`,
    )
  ).rows.map((r) => ({ child: r.child.replace(/"/g, ""), parent: r.parent.replace(/"/g, "") }));
  const ordered: string[] = [];
  const visiting = new Set<string>();
  const visit = (t: string) => {
    if (ordered.includes(t) || visiting.has(t)) return;
    visiting.add(t);
    for (const e of edges) if (e.child === t && e.parent !== t) visit(e.parent);
    ordered.push(t);
  };
  tables.forEach(visit);
  return ordered;
}

/** Row count and an order-independent checksum of one table's content. */
export async function tableChecksum(
  client: pg.Client,
  table: string,
): Promise<{ rows: number; checksum: string }> {
  const { rows } = await client.query<{ n: string; sum: string | null }>(
    `select count(*)::text as n, md5(coalesce(string_agg(h, '' order by h), '')) as sum from (select md5(row_to_json(t)::text) as h from "${table}" t) x`,
  );
  return { rows: Number(rows[0].n), checksum: rows[0].sum ?? "" };
}

export async function backupDatabase(
  url: string,
  file: string,
  log: (line: string) => void = () => {},
): Promise<Header> {
  return withClient(url, async (client) => {
    await client.query("begin isolation level repeatable read read only");
    const tables = await tablesInDependencyOrder(client);
    const header: Header = {
      format: BACKUP_FORMAT,
      version: 1,
      createdAt: new Date().toISOString(),
      migrations: (
        await client.query<{ migration_name: string }>(
          `select migration_name from _prisma_migrations where finished_at is not null order by 1`,
        )
      ).rows.map((r) => r.migration_name),
      tables: [],
    };
    for (const t of tables) header.tables.push({ name: t, ...(await tableChecksum(client, t)) });
    const gzip = createGzip();
    const out = createWriteStream(file, { mode: 0o600 });
    gzip.pipe(out);
    const write = async (line: string) => {
      if (!gzip.write(`${line}\n`)) await once(gzip, "drain");
    };
    await write(JSON.stringify(header));
    for (const t of tables) {
      await client.query(
        `declare dump_cursor no scroll cursor for select row_to_json(t)::text as j from "${t}" t`,
      );
      for (;;) {
        const { rows } = await client.query<{ j: string }>(`fetch ${CHUNK} from dump_cursor`);
        if (!rows.length) break;
        await write(`{"table":${JSON.stringify(t)},"rows":[${rows.map((r) => r.j).join(",")}]}`);
      }
      await client.query("close dump_cursor");
      log(`${t}: ${header.tables.find((x) => x.name === t)!.rows} rows`);
    }
    await client.query("commit");
    gzip.end();
    await once(out, "finish");
    return header;
  });
}

/** Replaces every table's content with the backup's, in one transaction, then checks the checksums. */
export async function restoreDatabase(
  url: string,
  file: string,
  log: (line: string) => void = () => {},
): Promise<Header> {
  let header: Header | undefined;
  return withClient(url, async (client) => {
    await client.query("begin");
    // Created only now: readline starts reading at once, and lines read before iteration would be lost.
    const lines = readline.createInterface({
      input: createReadStream(file).pipe(createGunzip()),
      crlfDelay: Infinity,
    });
    let lineNo = 0;
    try {
      for await (const line of lines) {
        lineNo++;
        if (!line) continue;
        if (!header) {
          const parsed = headerSchema.safeParse(jsonLine(file, lineNo, line));
          if (!parsed.success) throw new Error(`${file}: not a Groundswell backup`);
          header = parsed.data;
          const ours = new Set(await tablesInDependencyOrder(client));
          const foreign = header.tables.find((t) => !ours.has(t.name));
          if (foreign)
            throw new Error(
              `${file}: line ${lineNo}: table ${JSON.stringify(foreign.name)} is not in this database`,
            );
          const current = (
            await client.query<{ m: string }>(
              `select migration_name as m from _prisma_migrations where finished_at is not null order by 1`,
            )
          ).rows.map((r) => r.m);
          if (header.migrations.some((m) => !current.includes(m)))
            throw new Error(`${file}: made by a newer schema; upgrade Groundswell first`);
          const names = header.tables.map((t) => `"${t.name}"`).join(", ");
          if (names) await client.query(`truncate ${names} restart identity cascade`);
          continue;
        }
        const parsedChunk = chunkSchema.safeParse(jsonLine(file, lineNo, line));
        if (!parsedChunk.success) throw new Error(`${file}: line ${lineNo}: not a table's rows`);
        const chunk = parsedChunk.data;
        if (!header.tables.some((t) => t.name === chunk.table))
          throw new Error(`${file}: line ${lineNo}: unknown table ${JSON.stringify(chunk.table)}`);
        await client.query(
          `insert into "${chunk.table}" select * from json_populate_recordset(null::"${chunk.table}", $1::json)`,
          [JSON.stringify(chunk.rows)],
        );
      }
      if (!header) throw new Error(`${file}: empty backup`);
      await resetSequences(client);
      for (const t of header.tables) {
        const now = await tableChecksum(client, t.name);
        if (now.rows !== t.rows || now.checksum !== t.checksum)
          throw new Error(
            `${t.name}: restored content differs from the backup (${now.rows} vs ${t.rows} rows)`,
          );
        log(`${t.name}: ${t.rows} rows`);
      }
      await client.query("commit");
      return header;
    } catch (error) {
      await client.query("rollback");
      throw error;
    }
  });
}

async function resetSequences(client: pg.Client): Promise<void> {
  // Sequences owned by a column of a public table (serial / autoincrement ids), from the catalogs.
  const { rows } = await client.query<{ seq: string; t: string; c: string }>(
    `select s.relname as seq, t.relname as t, a.attname as c
       from pg_class s
       join pg_namespace n on n.oid = s.relnamespace and n.nspname = 'public'
       join pg_depend d on d.objid = s.oid and d.deptype in ('a', 'i')
       join pg_class t on t.oid = d.refobjid
       join pg_attribute a on a.attrelid = t.oid and a.attnum = d.refobjsubid
      where s.relkind = 'S'`,
  );
  for (const r of rows)
    await client.query(
      `select setval($1::regclass, coalesce((select max("${r.c}") from "${r.t}"), 0) + 1, false)`,
      [`"${r.seq}"`],
    );
}
