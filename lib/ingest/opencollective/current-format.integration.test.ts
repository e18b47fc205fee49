// A current-format Open Collective export imported into a real database: what lands, what is quarantined, and a
// re-import (or the same contributions downloaded with labels as header) that adds nothing.
import { beforeEach, describe, expect, it } from "vitest";
import { writeFile } from "node:fs/promises";
import path from "node:path";
// Aliased: the hooks lint rule reads any "use…" call as a React hook.
import { truncateAll, useTestDatabase as openTestDatabase } from "@/lib/test/db";
import { tempDir } from "@/lib/ingest/__fixtures__/test-helpers";
import { runImport } from "@/lib/services/imports/run-import";
import { importChecksum, tableCounts } from "@/lib/services/imports/import-test-helpers";
import { CONTRIBUTION, currentExport, type CurrentRow } from "./__fixtures__/current-export";

const db = openTestDatabase();
beforeEach(() => truncateAll(db));

const ROWS: CurrentRow[] = [
  { ...CONTRIBUTION, datetime: "2024-06-01T10:00:00" },
  { ...CONTRIBUTION, datetime: "2024-05-01T10:00:00" },
  { ...CONTRIBUTION, datetime: "2024-05-01T10:00:01", type: "DEBIT", kind: "HOST_FEE", amount: "-0.5" },
  {
    ...CONTRIBUTION,
    datetime: "2024-04-15T12:30:00",
    description: "Yearly financial contribution to Tiny Tools (Gold Sponsor)",
    amount: "1,200.00",
    oppositeAccountSlug: "acme",
    oppositeAccountName: "Acme Widgets Inc.",
  },
  { ...CONTRIBUTION, datetime: "not a date" },
  {
    ...CONTRIBUTION,
    datetime: "2024-04-02",
    description: "Financial contribution to Tiny Tools",
    amount: "20",
    oppositeAccountSlug: "guest-0a1b2c3d",
    oppositeAccountName: "Guest",
  },
];

async function exportFile(name: string, text: string): Promise<string> {
  const file = path.join(await tempDir(), name);
  await writeFile(file, text);
  return file;
}

describe("Open Collective current export format", () => {
  it("imports contributions, quarantines the unreadable row, and a re-import or the labelled export adds nothing", async () => {
    const file = await exportFile("tinytools-transactions.csv", currentExport(ROWS));
    const first = await runImport({ source: "opencollective", file });
    expect(first).toMatchObject({ status: "succeeded", read: 6, quarantined: 1, membersCreated: 3 });
    expect(first.extra).toMatchObject({
      contributions: 4,
      recurring: 3,
      oneTime: 1,
      organizations: 1,
      skipped: { refund: 0, expense: 1, transfer: 0, zero_amount: 0 },
    });
    expect(await tableCounts(db)).toMatchObject({ members: 3, identities: 3, payments: 4, subscriptions: 2 });
    const quarantined = await db.quarantinedRow.findMany({ select: { line: true, reason: true } });
    expect(quarantined).toEqual([{ line: 6, reason: 'datetime is not a date: "not a date"' }]);
    const payments = await db.payment.findMany({
      orderBy: { occurredAt: "asc" },
      select: { amountCents: true },
    });
    expect(payments.map((p) => p.amountCents)).toEqual([2000, 120000, 500, 500]);
    const sum = await importChecksum(db);

    expect(await runImport({ source: "opencollective", file })).toMatchObject({
      status: "succeeded",
      imported: 0,
    });
    const labelled = await exportFile("labelled.csv", currentExport(ROWS, { labels: true }));
    expect(await runImport({ source: "opencollective", file: labelled })).toMatchObject({
      status: "succeeded",
      imported: 0,
    });
    expect(await importChecksum(db)).toBe(sum);
  });

  it("refuses a truncated export whole: nothing is written", async () => {
    const file = await exportFile(
      "cut.csv",
      currentExport(ROWS.slice(0, 2), { trailer: "Warning: totalCount is 1500 and limit was 2" }),
    );
    expect(await runImport({ source: "opencollective", file })).toMatchObject({
      status: "failed",
      error: expect.stringMatching(/cut\.csv:4: the export is incomplete/),
    });
    expect(await tableCounts(db)).toMatchObject({ members: 0, payments: 0, subscriptions: 0 });
  });
});
