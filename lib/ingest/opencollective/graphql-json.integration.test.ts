// Open Collective's GraphQL API transactions saved as JSON (the nodes opencollective-rest turns into transactions.csv)
// imported into a real database: the same payments as the CSV of the same contributions (importing both adds nothing),
// a node without a date quarantined by its record number, an error response refused naming the file.
import { beforeEach, describe, expect, it } from "vitest";
import { writeFile } from "node:fs/promises";
import path from "node:path";
// Aliased: the hooks lint rule reads any "use…" call as a React hook.
import { truncateAll, useTestDatabase as openTestDatabase } from "@/lib/test/db";
import { tempDir } from "@/lib/ingest/__fixtures__/test-helpers";
import { runImport } from "@/lib/services/imports/run-import";
import { importChecksum, tableCounts } from "@/lib/services/imports/import-test-helpers";
import { CONTRIBUTION, currentExport } from "./__fixtures__/current-export";

const db = openTestDatabase();
beforeEach(() => truncateAll(db));

const node = (createdAt: string, extra: Record<string, unknown> = {}) => ({
  id: `tx-${createdAt}`,
  legacyId: 1,
  group: "g",
  type: "CREDIT",
  kind: "CONTRIBUTION",
  description: "Monthly financial contribution to Tiny Tools (Backer)",
  createdAt,
  amount: { value: 5, currency: "USD" },
  amountInHostCurrency: { value: 5, currency: "USD" },
  isRefund: false,
  isRefunded: false,
  account: { slug: "tinytools", name: "Tiny Tools", type: "COLLECTIVE" },
  oppositeAccount: { slug: "ada", name: "Ada Lovelace", legalName: null, type: "INDIVIDUAL" },
  order: { frequency: "MONTHLY", status: "ACTIVE" },
  ...extra,
});

describe("Open Collective GraphQL JSON", () => {
  it("gives the CSV's payments; a bad node is quarantined by its record; importing both adds nothing", async () => {
    const dir = await tempDir();
    const json = path.join(dir, "transactions.json");
    const pages = [
      {
        data: {
          account: {
            transactions: {
              totalCount: 3,
              nodes: [node("2024-06-01T10:00:00.123Z"), node("2024-05-01T10:00:00Z")],
            },
          },
        },
      },
      { data: { account: { transactions: { totalCount: 3, nodes: [node("yesterday")] } } } },
      {
        data: {
          account: {
            transactions: {
              totalCount: 4,
              nodes: [
                node("2024-05-01T10:00:01Z", {
                  type: "DEBIT",
                  kind: "HOST_FEE",
                  amountInHostCurrency: { value: -0.5, currency: "USD" },
                }),
              ],
            },
          },
        },
      },
    ];
    await writeFile(json, JSON.stringify(pages, null, 2));
    const s = await runImport({ source: "opencollective", file: json });
    expect(s).toMatchObject({ status: "succeeded", read: 4, quarantined: 1, membersCreated: 1 });
    expect(s.extra).toMatchObject({ contributions: 2, recurring: 2, skipped: { expense: 1 } });
    expect(await db.quarantinedRow.findFirstOrThrow({ select: { line: true, reason: true } })).toEqual({
      line: 3,
      reason: 'datetime is not a date: "yesterday"',
    });
    expect(await tableCounts(db)).toMatchObject({ members: 1, payments: 2, subscriptions: 1 });
    const sum = await importChecksum(db);
    const csv = path.join(dir, "transactions.csv");
    await writeFile(
      csv,
      currentExport([
        { ...CONTRIBUTION, datetime: "2024-06-01T10:00:00" },
        { ...CONTRIBUTION, datetime: "2024-05-01T10:00:00" },
      ]),
    );
    expect(await runImport({ source: "opencollective", file: csv })).toMatchObject({
      status: "succeeded",
      imported: 0,
    });
    expect(await runImport({ source: "opencollective", file: json })).toMatchObject({ imported: 0 });
    expect(await importChecksum(db)).toBe(sum);
  });

  it("refuses a GraphQL error response, naming the file", async () => {
    const file = path.join(await tempDir(), "oops.json");
    await writeFile(file, JSON.stringify({ errors: [{ message: "Account not found" }], data: null }));
    expect(await runImport({ source: "opencollective", file })).toMatchObject({
      status: "failed",
      error: expect.stringMatching(
        /oops\.json:1: not Open Collective transactions: a GraphQL error response \(Account not found\)/,
      ),
    });
  });
});
