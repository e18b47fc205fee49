import { describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import type { IdentityRecord, ParsedRow, PaymentRecord } from "@/lib/ingest/types";
import { importOpenCollectiveExport } from "./import";

const OBS_FILE = path.resolve(process.cwd(), "../shared/data/opencollective-obs-transactions.csv");

/** A deliberately separate, minimal RFC 4180 reader, so the counts below do not just echo csv-parse. */
function naiveCsv(text: string): string[][] {
  const rows: string[][] = [];
  let field = "";
  let row: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(field);
      field = "";
    } else if (ch === "\n") {
      row.push(field.replace(/\r$/, ""));
      rows.push(row);
      row = [];
      field = "";
    } else field += ch;
  }
  if (field || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

describe("importOpenCollectiveExport on the real OBS export", async () => {
  const [header, ...data] = naiveCsv(fs.readFileSync(OBS_FILE, "utf8"));
  const col = (name: string) => header.indexOf(name);
  const expected = (() => {
    const contributions = data.filter(
      (r) =>
        Number(r[col("Transaction Amount")]) > 0 &&
        !/refund|expense/i.test(r[col("Transaction Description")]) &&
        !/^Transferring/.test(r[col("Transaction Description")]),
    );
    const interval = (r: string[]) => r[col("Subscription Interval")];
    return {
      rows: data.length,
      profiles: new Set(data.map((r) => r[col("User Profile")])).size,
      contributions: contributions.length,
      recurring: contributions.filter((r) => interval(r) === "month" || interval(r) === "year").length,
      oneTime: contributions.filter((r) => interval(r) === "one time" || interval(r) === "").length,
      contributors: new Set(contributions.map((r) => r[col("User Profile")])).size,
      recurringSubscriptions: new Set(
        contributions
          .filter((r) => interval(r) !== "one time")
          .map((r) => `${r[col("User Profile")]}|${interval(r)}`),
      ).size,
      latest: data
        .map((r) => r[col("Transaction Date")])
        .sort()
        .at(-1),
    };
  })();

  const imp = importOpenCollectiveExport(fs.createReadStream(OBS_FILE), { file: OBS_FILE });
  const rows: ParsedRow[] = [];
  for await (const r of imp.rows) rows.push(r);
  const { stats, subscriptions, changes } = imp.finish();
  const records = rows.flatMap((r) => (r.ok ? r.records : []));
  const identities = records.filter((r): r is IdentityRecord => r.kind === "identity");
  const payments = records.filter((r): r is PaymentRecord => r.kind === "payment");

  it("the independent reading agrees with the README", () => {
    expect(expected.rows).toBe(2699);
    expect(expected.profiles).toBe(1113);
  });

  it("reads every transaction, with no bad rows", () => {
    expect(stats.transactionsRead).toBe(expected.rows);
    expect(stats.badRows).toBe(0);
    expect(rows.map((r) => r.line)).toEqual(data.map((_, i) => i + 2));
  });

  it("counts contributions, recurring vs one-time, and skipped transactions exactly", () => {
    expect(stats).toMatchObject({
      contributions: expected.contributions,
      recurring: expected.recurring,
      oneTime: expected.oneTime,
    });
    expect(stats).toMatchObject({
      contributions: 2633,
      recurring: 1711,
      oneTime: 922,
      skipped: { refund: 3, expense: 62, transfer: 1, zero_amount: 0 },
    });
    expect(stats.contributions + Object.values(stats.skipped).reduce((a, b) => a + b, 0)).toBe(expected.rows);
    expect(payments.filter((p) => p.paymentKind === "recurring")).toHaveLength(expected.recurring);
    expect(payments.filter((p) => p.paymentKind === "donation")).toHaveLength(expected.oneTime);
    expect(new Set(payments.map((p) => p.externalId)).size).toBe(payments.length);
  });

  it("one identity per contributing profile (guests included); the other 24 of the 1,113 profiles only took money out or moved it", () => {
    expect(stats.contributors).toBe(expected.contributors);
    expect(stats.contributors).toBe(1089);
    expect(new Set(identities.map((i) => i.externalId)).size).toBe(expected.contributors);
    expect(identities.find((i) => i.externalId === "guest-7a3159c3")).toMatchObject({
      displayName: "David C Black",
      handle: null,
      source: "opencollective",
    });
    expect(identities.find((i) => i.externalId === "wnc-devops-experts-llc")).toMatchObject({
      organizationName: "WNC DevOps Experts, LLC",
    });
    expect(identities.find((i) => i.externalId === "gordon-brown")?.organizationName).toBeNull();
  });

  it("derives one subscription per recurring contributor and interval, as of the latest transaction", () => {
    expect(stats.asOf).toEqual(new Date(expected.latest!.replace(" ", "T") + "Z"));
    expect(subscriptions).toHaveLength(expected.recurringSubscriptions);
    expect(changes.filter((c) => c.changeKind === "new")).toHaveLength(subscriptions.length);
    const cancels = changes.filter((c) => c.changeKind === "cancel").length;
    const reactivations = changes.filter((c) => c.changeKind === "reactivate").length;
    expect(subscriptions.filter((s) => s.status === "canceled")).toHaveLength(cancels - reactivations);
    expect(subscriptions.find((s) => s.externalId === "oc:gordon-brown:month")).toMatchObject({
      status: "active",
      mrrCents: 500,
    });
    for (const s of subscriptions)
      if (s.status === "active")
        expect(stats.asOf!.getTime() - s.lastPaymentAt.getTime()).toBeLessThanOrEqual(
          (s.interval === "month" ? 45 : 400) * 86_400_000,
        );
  });
});

describe("payments repeated at the same time", () => {
  it("are numbered per contributor, time and amount, in file order, whatever comes between them", async () => {
    const header =
      "Transaction Description,User Name,User Profile,Transaction Date,Collective Currency,Transaction Amount,Subscription Interval";
    const row = (who: string, at: string, amount: string) =>
      `Financial contribution to X (Backer),${who},https://opencollective.com/${who},${at},USD,${amount},`;
    const t = "2024-06-01 00:00:00";
    const csv = [
      header,
      row("ann", t, "5.00"),
      row("bob", t, "5.00"),
      row("ann", t, "5.00"),
      row("ann", t, "7.00"),
      row("ann", "2024-05-01 00:00:00", "5.00"),
      row("ann", t, "5.00"),
      row("ann", t, "7.00"),
    ].join("\n");
    const imp = importOpenCollectiveExport(csv, { file: "repeats.csv" });
    const ids: string[] = [];
    for await (const r of imp.rows)
      if (r.ok) for (const x of r.records) if (x.kind === "payment") ids.push(x.externalId);
    const at = "2024-06-01T00:00:00.000Z";
    expect(ids).toEqual([
      `oc:ann:${at}:500`,
      `oc:bob:${at}:500`,
      `oc:ann:${at}:500:2`,
      `oc:ann:${at}:700`,
      "oc:ann:2024-05-01T00:00:00.000Z:500",
      `oc:ann:${at}:500:3`,
      `oc:ann:${at}:700:2`,
    ]);
  });
});
