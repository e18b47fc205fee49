// A batch's new subscription changes sent with COPY FROM STDIN straight into subscription_changes, on the run's own
// connection (eventStageOf). The JSON statement it replaces had no ON CONFLICT either (the changes already stored are
// left out before), so COPY lands the same rows with the same ids (written in time order) and fails where it failed;
// it spares PostgreSQL parsing and sorting a JSON parameter of every change (docs/benchmarks.md, Import, round 9b).
import "server-only";
import type pg from "pg";
import { copyStaged, field, NULL } from "./event-copy";
import { holdReferenced, withoutRowTriggers } from "./key-checks";

/** A new change as classified (billing.ts): its subscription, member, kind and both sides of the change. */
export interface ChangeRow {
  sub: number;
  m: number;
  s: string;
  e: string;
  k: string;
  fp: string | null;
  tp: string | null;
  ft: number;
  tt: number;
  mb: number;
  ma: number;
  c: string;
  o: Date;
}

const COPY = `copy subscription_changes (subscription_id, member_id, source, external_id, kind, from_plan_key, to_plan_key,
  from_tier, to_tier, mrr_before_cents, mrr_after_cents, currency, occurred_at) from stdin`;

const nullable = (value: string | null) => (value == null ? NULL : field(value));

/** One text-format COPY line per change, in order (ids ascend in it). */
export function changesCopyText(rows: ChangeRow[]): string {
  const lines: string[] = new Array(rows.length);
  for (let n = 0; n < rows.length; n++) {
    const r = rows[n];
    const at = Number.isNaN(r.o.getTime()) ? NULL : r.o.toISOString();
    lines[n] =
      `${r.sub}\t${r.m}\t${field(r.s)}\t${field(r.e)}\t${field(r.k)}\t${nullable(r.fp)}\t${nullable(r.tp)}\t` +
      `${r.ft}\t${r.tt}\t${r.mb}\t${r.ma}\t${field(r.c)}\t${at}\n`;
  }
  return lines.join("");
}

/**
 * Inserts the rows in order on the run's connection; resolves with how many landed. Their members and subscriptions
 * are held and checked once for the batch (key-checks.ts), so the two foreign keys' row triggers need not run.
 */
export function copyChanges(connection: pg.PoolClient, rows: ChangeRow[]): Promise<number> {
  const statements = [
    holdReferenced(
      "members",
      rows.map((r) => r.m),
      "subscription_changes",
      "subscription_changes_member_id_fkey",
    ),
    holdReferenced(
      "subscriptions",
      rows.map((r) => r.sub),
      "subscription_changes",
      "subscription_changes_subscription_id_fkey",
    ),
    COPY,
  ].join(" ");
  return copyStaged(connection, withoutRowTriggers(connection, statements), changesCopyText(rows));
}
