// An import's COPY batches keep their foreign keys with one set-based check per batch instead of one trigger per row:
// the rows' members (and subscriptions) are locked FOR KEY SHARE, as the triggers lock them, and a batch naming one
// that does not exist fails with the constraint's own error. Only then are the row triggers turned off, for the
// batch's own statements (`session_replication_role`, a superuser's setting): 8-15 µs of PostgreSQL a row spared.
import "server-only";
import type pg from "pg";

/** Connections whose session may set `session_replication_role` (noted by eventStageOf, which finds the connection). */
const mayTurnOffTriggers = new WeakMap<pg.PoolClient, boolean>();

export function noteTriggerRights(connection: pg.PoolClient, superuser: boolean): void {
  mayTurnOffTriggers.set(connection, superuser);
}

/**
 * `statements` with the row triggers off around them when this session may turn them off, else as they are (the
 * constraints' triggers then check every row as well). `set local`: a failure aborts the run's transaction, whose end
 * puts the setting back either way.
 */
export function withoutRowTriggers(connection: pg.PoolClient, statements: string): string {
  if (!mayTurnOffTriggers.get(connection)) return statements;
  return `set local session_replication_role = replica; ${statements}; set local session_replication_role = default`;
}

/**
 * A statement that locks the rows of `table` with these ids FOR KEY SHARE (what a foreign-key trigger does per row)
 * and fails as `constraint` fails when one of them does not exist, or has been erased meanwhile by a transaction
 * that committed (the lock waits for it first).
 */
export function holdReferenced(
  table: "members" | "subscriptions",
  ids: Iterable<number>,
  child: string,
  constraint: string,
): string {
  const wanted = [...new Set(ids)].filter(Number.isInteger);
  if (!wanted.length) return "";
  return `do $$ begin
    if (select count(*) from (select 1 from ${table} where id = any('{${wanted.join(",")}}'::int[]) for key share) held) < ${wanted.length} then
      raise foreign_key_violation using message = ${violation(child, constraint)};
    end if;
  end $$;`;
}

/** The message PostgreSQL gives when the constraint's own check fails. */
export const violation = (child: string, constraint: string) =>
  `'insert or update on table "${child}" violates foreign key constraint "${constraint}"'`;
