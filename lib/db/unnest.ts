// Bulk writes as one statement per chunk: columns travel as typed arrays and come back as rows through
// `unnest(...)`, so 50,000 rows cost one round trip and a handful of parameters instead of 50,000 × columns.
import { Prisma } from "@/lib/generated/prisma/client";

/** PostgreSQL element types a column may be sent as (the only text this helper writes into SQL). */
export type PgElementType = "int" | "bigint" | "text" | "boolean" | "float8" | "real" | "timestamptz";

/** Column name (as the statement reads it) → element type and one value per row; every array the same length. */
export type UnnestColumns = Record<string, readonly [PgElementType, readonly unknown[]]>;

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/** `unnest($1::int[], $2::text[]) as u(id, name)`: the rows `from..to` of the columns, as a table named `alias`. */
export function unnestRows(columns: UnnestColumns, from = 0, to?: number, alias = "u"): Prisma.Sql {
  const names = Object.keys(columns);
  for (const name of [alias, ...names])
    if (!IDENTIFIER.test(name))
      throw new Error(`unnestRows: ${JSON.stringify(name)} is not a plain identifier`);
  const arrays = names.map((name) => {
    const [type, values] = columns[name];
    return Prisma.sql`${values.slice(from, to)}::${Prisma.raw(type)}[]`;
  });
  return Prisma.sql`unnest(${Prisma.join(arrays, ", ")}) as ${Prisma.raw(alias)}(${Prisma.raw(names.join(", "))})`;
}

/**
 * Runs `statement` once per chunk of `chunkSize` rows, passing the chunk as `unnest(...) as u(...)`.
 * Returns the total of what the statements report (rows written).
 */
export async function writeInChunks(
  client: Pick<Prisma.TransactionClient, "$executeRaw">,
  columns: UnnestColumns,
  statement: (rows: Prisma.Sql) => Prisma.Sql,
  chunkSize = 50_000,
): Promise<number> {
  const lengths = new Set(Object.values(columns).map(([, values]) => values.length));
  if (lengths.size > 1)
    throw new Error(`writeInChunks: columns of different lengths (${[...lengths].join(", ")})`);
  const n = lengths.values().next().value ?? 0;
  let written = 0;
  for (let from = 0; from < n; from += chunkSize)
    written += await client.$executeRaw(statement(unnestRows(columns, from, from + chunkSize)));
  return written;
}
