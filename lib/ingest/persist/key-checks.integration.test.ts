// An import's COPY batches (payments, subscription changes) keep their foreign keys' guarantees with the row triggers
// off (key-checks.ts): a batch naming a member or subscription that does not exist fails with the constraint's error
// and lands nothing; the rows it names are locked until the run ends, as the triggers lock them; and the triggers
// are on again for whatever the run writes next.
import { beforeEach, describe, expect, it } from "vitest";
import { truncateAll, useTestDatabase } from "@/lib/test/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { PaymentRecord } from "@/lib/ingest/types";
import { eventStageOf } from "./event-copy";
import { copyPayments, paymentsCopyText } from "./payment-copy";
import { copyChanges, type ChangeRow } from "./change-copy";

const db = useTestDatabase();

const payment = (externalId: string): PaymentRecord => ({
  kind: "payment",
  source: "opencollective",
  externalId,
  actor: { source: "opencollective", externalId: "backer" },
  amountCents: 500,
  currency: "USD",
  status: "paid",
  paymentKind: "donation",
  occurredAt: new Date("2024-06-01T00:00:00Z"),
  subscriptionExternalId: null,
});

const changeRow = (sub: number, m: number): ChangeRow => ({
  sub,
  m,
  s: "opencollective",
  e: `change-${sub}-${m}`,
  k: "new",
  fp: null,
  tp: "oc:month:500",
  ft: 0,
  tt: 1,
  mb: 0,
  ma: 500,
  c: "usd",
  o: new Date("2024-06-01T00:00:00Z"),
});

async function stageOf(tx: Prisma.TransactionClient) {
  const stage = await eventStageOf(tx);
  expect(stage).not.toBeNull();
  return stage!;
}

const copyPaymentsIn = async (
  tx: Prisma.TransactionClient,
  memberIds: number[],
  stage?: Awaited<ReturnType<typeof stageOf>>,
) =>
  copyPayments(tx, stage ?? (await stageOf(tx)), {
    text: paymentsCopyText(
      memberIds.map((_, n) => payment(`p${n}`)),
      memberIds,
    ),
    count: memberIds.length,
  });

describe("foreign keys of an import's COPY batches", () => {
  let memberId: number;
  let subscriptionId: number;
  beforeEach(async () => {
    await truncateAll(db);
    memberId = (await db.member.create({ data: { displayName: "Backer" } })).id;
    subscriptionId = (
      await db.subscription.create({
        data: {
          memberId,
          source: "opencollective",
          externalId: "oc:backer:month",
          status: "active",
          startedAt: new Date("2024-06-01T00:00:00Z"),
          currency: "usd",
        },
      })
    ).id;
  });

  it("runs as a superuser here, so the row triggers are turned off for the batches (the path under test)", async () => {
    const [{ superuser }] = await db.$queryRaw<
      { superuser: string }[]
    >`select current_setting('is_superuser') as superuser`;
    expect(superuser).toBe("on");
  });

  it("a payment batch naming a member that does not exist fails with the constraint's error and lands nothing", async () => {
    await expect(db.$transaction((tx) => copyPaymentsIn(tx, [memberId, memberId + 1000]))).rejects.toThrow(
      /payments_member_id_fkey/,
    );
    expect(await db.payment.count()).toBe(0);
  });

  it("a change naming a member or a subscription that does not exist fails and lands nothing", async () => {
    const copy = (rows: ChangeRow[]) => db.$transaction(async (tx) => copyChanges(await stageOf(tx), rows));
    await expect(copy([changeRow(subscriptionId, memberId + 1000)])).rejects.toThrow(
      /subscription_changes_member_id_fkey/,
    );
    await expect(copy([changeRow(subscriptionId + 1000, memberId)])).rejects.toThrow(
      /subscription_changes_subscription_id_fkey/,
    );
    expect(await db.subscriptionChange.count()).toBe(0);
    expect(await copy([changeRow(subscriptionId, memberId)])).toBe(1);
  });

  it("holds the members and subscriptions a batch names until the run ends: erasing them meanwhile has to wait", async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let written!: () => void;
    const wrote = new Promise<void>((resolve) => (written = resolve));
    const run = db.$transaction(async (tx) => {
      const stage = await stageOf(tx);
      await copyPaymentsIn(tx, [memberId], stage);
      await copyChanges(stage, [changeRow(subscriptionId, memberId)]);
      written();
      await held;
    });
    await wrote;
    const erase = (statement: Prisma.Sql) =>
      db.$transaction(async (tx) => {
        await tx.$executeRaw`set local lock_timeout = '200ms'`;
        await tx.$executeRaw(statement);
      });
    const { Prisma: P } = await import("@/lib/generated/prisma/client");
    await expect(erase(P.sql`delete from subscriptions where id = ${subscriptionId}`)).rejects.toThrow(
      /lock timeout/,
    );
    await expect(erase(P.sql`delete from members where id = ${memberId}`)).rejects.toThrow(/lock timeout/);
    release();
    await run;
    // Once the run committed, erasing the member takes its payment and change with it (the constraints cascade).
    await db.member.delete({ where: { id: memberId } });
    expect(await db.payment.count()).toBe(0);
    expect(await db.subscriptionChange.count()).toBe(0);
  });

  it("a session that may not turn the triggers off keeps them, and the batch still lands or fails as before", async () => {
    const asPlainRole = (memberIds: number[]) =>
      db.$transaction(async (tx) => {
        // Rolled back with the transaction: a role without superuser rights, allowed what an import writes.
        await tx.$executeRaw`create role groundswell_plain_importer nologin`;
        await tx.$executeRaw`grant select, insert, update on all tables in schema public to groundswell_plain_importer`;
        await tx.$executeRaw`grant usage on all sequences in schema public to groundswell_plain_importer`;
        // This pooled session may hold the superuser's copy of the stage's function from an earlier test.
        await tx.$executeRaw`drop function if exists pg_temp.move_staged_payments()`;
        await tx.$executeRaw`set local role groundswell_plain_importer`;
        const inserted = await copyPaymentsIn(tx, memberIds);
        const [{ role }] = await tx.$queryRaw<{ role: string }[]>`
          select current_setting('session_replication_role') as role`;
        expect(role).toBe("origin");
        throw new RolledBack(inserted);
      });
    class RolledBack extends Error {
      constructor(readonly inserted: unknown) {
        super("rolled back");
      }
    }
    const landed = await asPlainRole([memberId, memberId]).catch((e: unknown) => e);
    expect(landed).toBeInstanceOf(RolledBack);
    expect((landed as RolledBack).inserted).toEqual({ imported: 2, duplicates: 0 });
    await expect(asPlainRole([memberId, memberId + 1000])).rejects.toThrow(/payments_member_id_fkey/);
    expect(await db.payment.count()).toBe(0);
  });

  it("turns the triggers back on for what the run writes next", async () => {
    await expect(
      db.$transaction(async (tx) => {
        await copyPaymentsIn(tx, [memberId]);
        const [{ role }] = await tx.$queryRaw<{ role: string }[]>`
          select current_setting('session_replication_role') as role`;
        expect(role).toBe("origin");
        await tx.$executeRaw`insert into payments (member_id, source, external_id, amount_cents, currency, status, kind, occurred_at)
          values (${memberId + 1000}, 'opencollective', 'orphan', 500, 'usd', 'paid', 'donation', now())`;
      }),
    ).rejects.toThrow(/payments_member_id_fkey/);
  });

  it("payments and subscription_changes have no triggers but their foreign keys' (the batches turn row triggers off)", async () => {
    // A trigger of their own, or a deferrable unique constraint (checked by an internal trigger), would be skipped too.
    const triggers = await db.$queryRaw<{ tgname: string }[]>`
      select t.tgname from pg_trigger t left join pg_constraint c on c.oid = t.tgconstraint
       where t.tgrelid in ('payments'::regclass, 'subscription_changes'::regclass)
         and (not t.tgisinternal or c.contype is distinct from 'f')`;
    expect(triggers).toEqual([]);
  });
});
