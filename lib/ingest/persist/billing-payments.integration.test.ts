// Payments are idempotent by (source, external id) through insert_payments: a plain insert, and the batch again with
// ON CONFLICT DO NOTHING only when one of its rows is stored. Whatever the mix, the counts and rows are those of
// ON CONFLICT alone, a foreign-key failure still fails, and a row another run is writing is waited for and skipped.
import { beforeEach, describe, expect, it } from "vitest";
import { truncateAll, useTestDatabase } from "@/lib/test/db";
import type { PaymentRecord } from "@/lib/ingest/types";
import type { IdentityResolver } from "./identities";
import { buildPaymentInsert, insertPayments } from "./billing";

const db = useTestDatabase();

const payment = (externalId: string, amountCents = 500): PaymentRecord => ({
  kind: "payment",
  source: "opencollective",
  externalId,
  actor: { source: "opencollective", externalId: "backer" },
  amountCents,
  currency: "USD",
  status: "paid",
  paymentKind: "recurring",
  occurredAt: new Date("2024-06-01T00:00:00Z"),
  subscriptionExternalId: "oc:backer:month",
});

/** Every payment belongs to `memberId` (buildPaymentInsert asks the resolver only for that). */
const resolverFor = (memberId: number) => ({ get: () => ({ memberId }) }) as unknown as IdentityResolver;

const write = (memberId: number, payments: PaymentRecord[]) =>
  db.$transaction((tx) => insertPayments(tx, buildPaymentInsert(resolverFor(memberId), payments)));

const storedPayments = () =>
  db.payment.findMany({ select: { externalId: true, amountCents: true }, orderBy: { externalId: "asc" } });

describe("payments written by insert_payments", () => {
  let memberId: number;
  beforeEach(async () => {
    await truncateAll(db);
    memberId = (await db.member.create({ data: { displayName: "Backer" } })).id;
  });

  it("new rows land; a batch with stored rows adds only the others, and leaves the stored ones as they were", async () => {
    expect(await write(memberId, [payment("a"), payment("b"), payment("c")])).toEqual({
      imported: 3,
      duplicates: 0,
    });
    // "b" again with another amount: a duplicate, not an update.
    expect(await write(memberId, [payment("d"), payment("b", 900), payment("e")])).toEqual({
      imported: 2,
      duplicates: 1,
    });
    expect(await write(memberId, [payment("a"), payment("b"), payment("c")])).toEqual({
      imported: 0,
      duplicates: 3,
    });
    expect(await storedPayments()).toEqual(
      ["a", "b", "c", "d", "e"].map((externalId) => ({ externalId, amountCents: 500 })),
    );
  });

  it("the same row twice in one batch lands once", async () => {
    expect(await write(memberId, [payment("a"), payment("a", 900)])).toEqual({ imported: 1, duplicates: 1 });
    expect(await storedPayments()).toEqual([{ externalId: "a", amountCents: 500 }]);
  });

  it("a payment naming no member still fails the batch (only a stored row is caught)", async () => {
    await expect(write(memberId + 1000, [payment("a")])).rejects.toThrow(
      /foreign key|payments_member_id_fkey/i,
    );
    expect(await storedPayments()).toEqual([]);
  });

  it("a row another transaction is writing is waited for, then skipped once that one commits", async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let written!: () => void;
    const wrote = new Promise<void>((resolve) => (written = resolve));
    const other = db.$transaction(async (tx) => {
      await insertPayments(tx, buildPaymentInsert(resolverFor(memberId), [payment("a")]));
      written();
      await held;
    });
    await wrote;
    const ours = write(memberId, [payment("a", 900), payment("b")]);
    // Ours waits on the other's uncommitted "a" (the unique index) until it commits.
    await new Promise((resolve) => setTimeout(resolve, 200));
    release();
    await other;
    expect(await ours).toEqual({ imported: 1, duplicates: 1 });
    expect(await storedPayments()).toEqual([
      { externalId: "a", amountCents: 500 },
      { externalId: "b", amountCents: 500 },
    ]);
  });
});
