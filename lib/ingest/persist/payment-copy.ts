// An import's payments sent with COPY FROM STDIN into a staging table of the run's transaction, then moved into
// payments as insert_payments moves them (billing.ts): a plain insert, and the batch again with ON CONFLICT DO NOTHING
// only when one of its rows is stored. Against one JSON parameter per batch this spares PostgreSQL parsing the JSON
// twice and Node building it and handing Prisma a multi-megabyte parameter (docs/benchmarks.md, Import, round 9).
// The staging table is the transaction's own (dropped at its end, commit or rollback), so a run stays all or nothing.
import "server-only";
import type pg from "pg";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { PaymentRecord } from "@/lib/ingest/types";
import { copyStaged, field, NULL } from "./event-copy";
import type { BatchCounts } from "./records";
import { violation, withoutRowTriggers } from "./key-checks";

type Tx = Prisma.TransactionClient;

const PAYMENT_COLUMNS =
  "member_id, source, external_id, amount_cents, currency, status, kind, subscription_external_id, occurred_at";

/**
 * Created with the transaction's first staged batch, in the same message. A temporary function, as insert_payments:
 * the migrations' SQL runner splits scripts on semicolons, which a plpgsql body cannot avoid.
 */
const SETUP = `
  create temporary table payment_stage (m int, s text, e text, a int, c text, st text, k text, sub text, o timestamptz)
    on commit drop;
  create or replace function pg_temp.move_staged_payments() returns integer language plpgsql as $$
  declare
    inserted integer;
    held integer;
  begin
    -- The payments' foreign key to members, checked once for the batch (key-checks.ts): each member locked as the
    -- constraint's trigger locks it, and a member that does not exist fails the batch with the constraint's error.
    select count(*) into held from (select 1 from members where id in (select m from payment_stage) for key share) h;
    if held < (select count(distinct m) from payment_stage) then
      raise foreign_key_violation using message = ${violation("payments", "payments_member_id_fkey")};
    end if;
    begin
      insert into payments (${PAYMENT_COLUMNS}) select m, s, e, a, c, st, k, sub, o from payment_stage;
      get diagnostics inserted = row_count;
    exception when unique_violation then
      insert into payments (${PAYMENT_COLUMNS}) select m, s, e, a, c, st, k, sub, o from payment_stage
      on conflict (source, external_id) do nothing;
      get diagnostics inserted = row_count;
    end;
    return inserted;
  end
  $$;`;
const MOVE = "copy payment_stage from stdin; select pg_temp.move_staged_payments(); truncate payment_stage";

const staged = new WeakSet<Tx>();

/** One text-format COPY line per payment, in payment_stage's columns (what buildPaymentInsert says as JSON). */
export function paymentsCopyText(payments: PaymentRecord[], memberIds: number[]): string {
  const lines: string[] = new Array(payments.length);
  for (let n = 0; n < payments.length; n++) {
    const p = payments[n];
    const amount = Number.isFinite(p.amountCents) ? String(Math.round(p.amountCents)) : NULL;
    const at = Number.isNaN(p.occurredAt.getTime()) ? NULL : p.occurredAt.toISOString();
    const subscription = p.subscriptionExternalId == null ? NULL : field(p.subscriptionExternalId);
    lines[n] =
      `${memberIds[n]}\t${field(p.source)}\t${field(p.externalId)}\t${amount}\t${field(p.currency.toLowerCase())}\t` +
      `${field(p.status)}\t${field(p.paymentKind)}\t${subscription}\t${at}\n`;
  }
  return lines.join("");
}

/**
 * Stages the batch on `connection` (the one running `tx`, as eventStageOf finds it) and moves it into payments;
 * statements sent on it run in order with Prisma's own, so the first batch's message creates the stage first.
 */
export async function copyPayments(
  tx: Tx,
  connection: pg.PoolClient,
  copy: { text: string; count: number },
): Promise<BatchCounts> {
  const setup = staged.has(tx) ? "" : SETUP;
  staged.add(tx);
  const inserted = await copyStaged(connection, withoutRowTriggers(connection, `${setup}${MOVE}`), copy.text);
  return { imported: inserted, duplicates: copy.count - inserted };
}
