// Payments are idempotent by (source, external id) through insert_payments (one JSON statement) and through
// move_staged_payments (an import's COPY into its transaction's stage): a plain insert, and the batch again with
// ON CONFLICT DO NOTHING only when one of its rows is stored. Whatever the mix, the counts and rows are those of
// ON CONFLICT alone, a foreign-key failure still fails, and a row another run is writing is waited for and skipped.
import { beforeEach, describe, expect, it } from "vitest";
import { truncateAll, useTestDatabase } from "@/lib/test/db";
import type { PaymentRecord } from "@/lib/ingest/types";
import type { IdentityResolver } from "./identities";
import type { Prisma } from "@/lib/generated/prisma/client";
import { buildPaymentInsert, insertPayments } from "./billing";
import { eventStageOf } from "./event-copy";
import { copyPayments, paymentsCopyText } from "./payment-copy";

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

type Path = "json" | "copy";

/** One batch by either path: the import's COPY stages on the transaction's own connection. */
async function writeIn(
  tx: Prisma.TransactionClient,
  path: Path,
  memberId: number,
  payments: PaymentRecord[],
) {
  if (path === "json") return insertPayments(tx, buildPaymentInsert(resolverFor(memberId), payments));
  const stage = await eventStageOf(tx);
  expect(stage).not.toBeNull();
  const text = paymentsCopyText(
    payments,
    payments.map(() => memberId),
  );
  return copyPayments(tx, stage!, { text, count: payments.length });
}

const storedPayments = () =>
  db.payment.findMany({ select: { externalId: true, amountCents: true }, orderBy: { externalId: "asc" } });

describe.each<Path>(["json", "copy"])("payments written by the %s path", (path) => {
  const write = (memberId: number, payments: PaymentRecord[]) =>
    db.$transaction((tx) => writeIn(tx, path, memberId, payments));
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
      await writeIn(tx, path, memberId, [payment("a")]);
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

describe("payments by COPY", () => {
  let memberId: number;
  beforeEach(async () => {
    await truncateAll(db);
    memberId = (await db.member.create({ data: { displayName: "Backer" } })).id;
  });

  it("several batches of one transaction, COPY's escapes and nulls, land as the JSON statement lands them", async () => {
    const tricky = [
      payment("tab\there, newline\nthere, return\rthen"),
      { ...payment("back\\slash \\N \\. é 🎉"), subscriptionExternalId: null, paymentKind: "donation" },
      { ...payment("cents"), amountCents: 1234.4, currency: "EUR" },
    ] as PaymentRecord[];
    const rows = () =>
      db.payment.findMany({
        select: {
          externalId: true,
          amountCents: true,
          currency: true,
          status: true,
          kind: true,
          subscriptionExternalId: true,
          occurredAt: true,
        },
        orderBy: { externalId: "asc" },
      });
    await db.$transaction((tx) => insertPayments(tx, buildPaymentInsert(resolverFor(memberId), tricky)));
    const viaJson = await rows();
    await truncateAll(db);
    memberId = (await db.member.create({ data: { displayName: "Backer" } })).id;
    const counts = await db.$transaction(async (tx) => {
      const stage = (await eventStageOf(tx))!;
      const batch = (list: PaymentRecord[]) =>
        copyPayments(tx, stage, {
          text: paymentsCopyText(
            list,
            list.map(() => memberId),
          ),
          count: list.length,
        });
      // The second batch repeats the first's last row: counted as a duplicate, in the same transaction.
      return [await batch(tricky.slice(0, 2)), await batch(tricky.slice(1))];
    });
    expect(counts).toEqual([
      { imported: 2, duplicates: 0 },
      { imported: 1, duplicates: 1 },
    ]);
    expect(await rows()).toEqual(viaJson);
    expect(viaJson.map((r) => r.externalId)).toContain("tab\there, newline\nthere, return\rthen");
  });

  it("a rolled-back transaction leaves no payment and no stage behind", async () => {
    await expect(
      db.$transaction(async (tx) => {
        await writeIn(tx, "copy", memberId, [payment("a"), payment("b")]);
        throw new Error("the file turned out broken");
      }),
    ).rejects.toThrow(/broken/);
    expect(await storedPayments()).toEqual([]);
    // The next transaction (any connection of the pool) stages afresh.
    expect(await db.$transaction((tx) => writeIn(tx, "copy", memberId, [payment("a")]))).toEqual({
      imported: 1,
      duplicates: 0,
    });
  });
});
