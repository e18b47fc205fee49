import { describe, expect, it } from "vitest";
import type { PaymentRecord } from "@/lib/ingest/types";
import { paymentsJson } from "./billing";

const base: PaymentRecord = {
  kind: "payment",
  source: "opencollective",
  externalId: "oc:backer-1:2024-06-01T00:00:00.000Z:500",
  actor: { source: "opencollective", externalId: "backer-1" },
  amountCents: 500,
  currency: "USD",
  status: "paid",
  paymentKind: "recurring",
  occurredAt: new Date("2024-06-01T00:00:00Z"),
  subscriptionExternalId: "oc:backer-1:month",
};

/** What the insert was built from before: an array of row objects through JSON.stringify. */
const asObjects = (payments: PaymentRecord[], memberIds: number[]) =>
  JSON.stringify(
    payments.map((p, n) => ({
      m: memberIds[n],
      s: p.source,
      e: p.externalId,
      a: Math.round(p.amountCents),
      c: p.currency.toLowerCase(),
      st: p.status,
      k: p.paymentKind,
      sub: p.subscriptionExternalId ?? null,
      o: p.occurredAt,
    })),
  );

describe("paymentsJson", () => {
  it.each<[string, Partial<PaymentRecord>]>([
    ["a recurring payment", {}],
    ["a one-time payment without a subscription", { paymentKind: "donation", subscriptionExternalId: null }],
    ["no subscription field at all", { subscriptionExternalId: undefined }],
    ["cents to round", { amountCents: 1234.5 }],
    ["a negative amount", { amountCents: -250 }],
    ["an amount that is not a number", { amountCents: Number.NaN }],
    ["quotes, backslashes, control and non-ASCII characters", { externalId: 'a"b\\c\nd\u0001é😀' }],
    ["an invalid date", { occurredAt: new Date(Number.NaN) }],
    ["a refund in another currency", { status: "refunded", currency: "eur", source: "csv" }],
  ])("%s: the same JSON as the objects gave", (_, change) => {
    const payments = [{ ...base, ...change }, base];
    expect(paymentsJson(payments, [7, 8])).toBe(asObjects(payments, [7, 8]));
    expect(JSON.parse(paymentsJson(payments, [7, 8]))).toHaveLength(2);
  });

  it("an empty batch is an empty array", () => {
    expect(paymentsJson([], [])).toBe("[]");
  });
});
