import { describe, expect, it } from "vitest";
import { MalformedFileError, type ParsedRow } from "@/lib/ingest/types";
import { readOpenCollectiveCsv, type OcCsvRow, type OcTransaction } from "./csv";
import { classifyOcTransaction } from "./classify";
import { importOpenCollectiveExport } from "./import";
import { CONTRIBUTION, currentExport, DEFAULT_FIELDS, type CurrentRow } from "./__fixtures__/current-export";

async function collect(text: string): Promise<OcCsvRow[]> {
  const rows: OcCsvRow[] = [];
  for await (const r of readOpenCollectiveCsv(text, "tx.csv")) rows.push(r);
  return rows;
}

const WITH_FREQUENCY = [...DEFAULT_FIELDS, "orderFrequency", "date"];
const refundOf = (row: CurrentRow): CurrentRow => ({
  ...row,
  description: `Refund of "${row.description}"`,
  type: "DEBIT",
  isRefund: "REFUND",
  amount: `-${row.amount}`,
  refundKind: "REFUND",
});

describe("current format: one row each", () => {
  // Each row is the monthly contribution above with some fields changed; expected: what the transaction carries.
  it.each<[string, CurrentRow, Partial<OcTransaction>]>([
    [
      "a monthly contribution (interval from the description)",
      {},
      {
        slug: "ada",
        userName: "Ada Lovelace",
        profileUrl: "https://opencollective.com/ada",
        occurredAt: new Date("2024-06-01T10:00:00Z"),
        amountCents: 500,
        currency: "USD",
        interval: "month",
        tier: "Backer",
        skip: null,
      },
    ],
    [
      "a yearly one",
      { description: "Yearly financial contribution to Tiny Tools (Sponsor)" },
      { interval: "year" },
    ],
    [
      "a one-time one",
      { description: "Financial contribution to Tiny Tools" },
      { interval: null, tier: null },
    ],
    ["orderFrequency wins over the description", { orderFrequency: "YEARLY" }, { interval: "year" }],
    ["orderFrequency ONETIME", { orderFrequency: "ONETIME" }, { interval: null }],
    ["an empty orderFrequency falls back to the description", { orderFrequency: "" }, { interval: "month" }],
    ["an amount with a thousands separator", { amount: "1,000.50" }, { amountCents: 100050 }],
    ["a handle in capitals is one contributor", { oppositeAccountSlug: "Ada" }, { slug: "ada" }],
    ["a contribution later refunded is still paid", { isRefunded: "REFUNDED" }, { skip: null }],
    [
      "an empty datetime beside a date (the `date` field)",
      { datetime: "", date: "2024-06-02" },
      { occurredAt: new Date("2024-06-02T00:00:00Z") },
    ],
    ["its refund", refundOf(CONTRIBUTION), { skip: "refund", amountCents: -500 }],
    [
      "a host fee",
      { type: "DEBIT", kind: "HOST_FEE", amount: "-0.5", oppositeAccountSlug: "host-org" },
      { skip: "expense" },
    ],
    [
      "a payment processor fee",
      { type: "DEBIT", kind: "PAYMENT_PROCESSOR_FEE", amount: "-0.29" },
      { skip: "expense" },
    ],
    [
      "an expense paid out (no contributor needed)",
      { type: "DEBIT", kind: "EXPENSE", amount: "-120", oppositeAccountSlug: "", expenseType: "INVOICE" },
      { skip: "expense", slug: "", profileUrl: "" },
    ],
    ["added funds", { kind: "ADDED_FUNDS", description: "Grant from the foundation" }, { skip: "transfer" }],
    ["a platform tip credited", { kind: "PLATFORM_TIP" }, { skip: "transfer" }],
  ])("%s", async (_name, change, expected) => {
    const [row] = await collect(currentExport([{ ...CONTRIBUTION, ...change }], { fields: WITH_FREQUENCY }));
    expect(row).toMatchObject({ ok: true, line: 2, tx: expected });
  });

  it("reads `date` (YYYY-MM-DD) when the export has no datetime", async () => {
    const fields: string[] = [...DEFAULT_FIELDS.filter((f) => f !== "datetime"), "date"];
    const [row] = await collect(currentExport([{ ...CONTRIBUTION, date: "2024-06-02" }], { fields }));
    expect(row).toMatchObject({ ok: true, tx: { occurredAt: new Date("2024-06-02T00:00:00Z") } });
  });

  // Rows that cannot be read are quarantined with their line and the reason.
  it.each<[string, CurrentRow, RegExp]>([
    ["a datetime that is not a date", { datetime: "yesterday" }, /^datetime is not a date: "yesterday"$/],
    ["a date that does not exist", { datetime: "2024-02-30T10:00:00" }, /^datetime is not a date/],
    ["an amount that is not a number", { amount: "five" }, /^amount is not a number: "five"$/],
    ["a misplaced thousands separator", { amount: "10,00" }, /^amount is not a number: "10,00"$/],
    ["a type that is neither", { type: "SIDEWAYS" }, /^type is not CREDIT or DEBIT/],
    ["an empty kind", { kind: "" }, /^kind is not a transaction kind/],
    ["a currency that is not a code", { currency: "dollars" }, /^currency is not a currency code/],
    [
      "a contribution without contributor",
      { oppositeAccountSlug: "" },
      /^oppositeAccountSlug is not an Open/,
    ],
    ["a frequency it does not know", { orderFrequency: "WEEKLY" }, /^orderFrequency is not MONTHLY, YEARLY/],
  ])("quarantines %s", async (_name, change, reason) => {
    const [row] = await collect(currentExport([{ ...CONTRIBUTION, ...change }], { fields: WITH_FREQUENCY }));
    expect(row).toMatchObject({ ok: false, line: 2 });
    expect(row.ok ? "" : row.reason).toMatch(reason);
  });

  it("quarantines a row with the wrong number of fields and reads the next", async () => {
    const text = currentExport([CONTRIBUTION, CONTRIBUTION]).replace(/\n(.*)\n/, '\n$1,"extra"\n');
    const rows = await collect(text);
    expect(rows.map((r) => [r.line, r.ok, r.ok ? "" : r.reason])).toEqual([
      [2, false, `expected ${DEFAULT_FIELDS.length} fields, found ${DEFAULT_FIELDS.length + 1}`],
      [3, true, ""],
    ]);
  });
});

describe("current format: the header", () => {
  it("reads field names and labels (useFieldNames=1) alike", async () => {
    const rows = [CONTRIBUTION, { ...CONTRIBUTION, oppositeAccountSlug: "bob", oppositeAccountName: "Bob" }];
    const byName = await collect(currentExport(rows));
    const byLabel = await collect(currentExport(rows, { labels: true }));
    expect(byName.every((r) => r.ok)).toBe(true);
    expect(byLabel).toEqual(byName);
    expect(currentExport(rows, { labels: true })).toMatch(/^"Date & Time","Short Transaction ID",/);
  });

  it.each([
    [
      ["datetime", "description", "type", "kind", "currency", "oppositeAccountSlug"],
      /lacks amount \(Gross Amount\)$/,
    ],
    [
      ["description", "type", "kind", "amount", "currency", "oppositeAccountSlug"],
      /lacks datetime \(Date & Time\) or date/,
    ],
    [["Kind", "Description"], /lacks .*type \(Credit\/Debit\), amount \(Gross Amount\)/],
  ])("refuses a current-format header lacking a required field (%j)", async (fields, message) => {
    const error = await collect(currentExport([CONTRIBUTION], { fields })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MalformedFileError);
    expect(String((error as Error).message)).toMatch(/^tx\.csv:1: .*current format/);
    expect(String((error as Error).message)).toMatch(message);
  });

  it("refuses a truncated export, naming the line and how much is missing", async () => {
    const text = currentExport([CONTRIBUTION, CONTRIBUTION], {
      trailer: "Warning: totalCount is 2500 and limit was 2",
    });
    const error = await collect(text).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MalformedFileError);
    expect((error as Error).message).toMatch(
      /^tx\.csv:4: the export is incomplete: .* wrote 2 of 2500 transactions/,
    );
  });

  it("a header with neither format's columns still names the legacy columns", async () => {
    const error = await collect('"when","who"\n"x","y"\n').catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/header lacks Transaction Description/);
  });
});

describe("classifyOcTransaction on the current format", () => {
  it("trusts the kind over the description", async () => {
    const [row] = await collect(
      currentExport([
        { ...CONTRIBUTION, description: "Monthly financial contribution to Expense Refund Club" },
      ]),
    );
    expect(row.ok && classifyOcTransaction(row.tx)).toEqual({ contribution: true, recurring: true });
  });
  it("a zero contribution is skipped as zero", async () => {
    const [row] = await collect(currentExport([{ ...CONTRIBUTION, amount: "0" }]));
    expect(row.ok && classifyOcTransaction(row.tx)).toEqual({ contribution: false, reason: "zero_amount" });
  });
});

// The same contributions, refund, expense and added funds in both formats, row for row.
const LEGACY_HEADER =
  "Transaction Description,User Name,User Profile,Transaction Date,Collective Currency,Transaction Amount,Subscription Interval";
const legacyRow = (...fields: string[]) => fields.map((f) => `"${f.replace(/"/g, '""')}"`).join(",");
const LEGACY = [
  LEGACY_HEADER,
  legacyRow(
    "Monthly financial contribution to Tiny Tools (Backer)",
    "Ada Lovelace",
    "https://opencollective.com/ada",
    "2024-06-01 10:00:00",
    "USD",
    "5.0",
    "month",
  ),
  legacyRow(
    'Refund of "Monthly financial contribution to Tiny Tools (Backer)"',
    "Ada Lovelace",
    "https://opencollective.com/ada",
    "2024-05-20 09:00:00",
    "USD",
    "-5.0",
    "month",
  ),
  legacyRow(
    "Monthly financial contribution to Tiny Tools (Backer)",
    "Ada Lovelace",
    "https://opencollective.com/ada",
    "2024-05-01 10:00:00",
    "USD",
    "5.0",
    "month",
  ),
  legacyRow(
    "Yearly financial contribution to Tiny Tools (Gold Sponsor)",
    "Acme Widgets Inc.",
    "https://opencollective.com/acme",
    "2024-04-15 12:30:00",
    "USD",
    "1,200.00",
    "year",
  ),
  legacyRow(
    "Invoice for hosting",
    "Tiny Tools",
    "https://opencollective.com/tinytools",
    "2024-04-10 08:00:00",
    "USD",
    "-80",
    "",
  ),
  legacyRow(
    "Financial contribution to Tiny Tools",
    "Guest",
    "https://opencollective.com/guest-0a1b2c3d",
    "2024-04-02 00:00:00",
    "USD",
    "20",
    "one time",
  ),
  legacyRow(
    "Transferring donated funds",
    "Other Fund",
    "https://opencollective.com/other-fund",
    "2024-04-01 00:00:00",
    "USD",
    "300",
    "",
  ),
].join("\n");

const CURRENT: CurrentRow[] = [
  { ...CONTRIBUTION },
  { ...refundOf(CONTRIBUTION), datetime: "2024-05-20T09:00:00" },
  { ...CONTRIBUTION, datetime: "2024-05-01T10:00:00" },
  {
    ...CONTRIBUTION,
    datetime: "2024-04-15T12:30:00",
    description: "Yearly financial contribution to Tiny Tools (Gold Sponsor)",
    amount: "1200",
    oppositeAccountSlug: "acme",
    oppositeAccountName: "Acme Widgets Inc.",
  },
  {
    ...CONTRIBUTION,
    datetime: "2024-04-10T08:00:00",
    description: "Invoice for hosting",
    type: "DEBIT",
    kind: "EXPENSE",
    amount: "-80",
    oppositeAccountSlug: "hosting-co",
    expenseType: "INVOICE",
  },
  {
    ...CONTRIBUTION,
    datetime: "2024-04-02",
    description: "Financial contribution to Tiny Tools",
    amount: "20",
    oppositeAccountSlug: "guest-0a1b2c3d",
    oppositeAccountName: "Guest",
  },
  {
    ...CONTRIBUTION,
    datetime: "2024-04-01T00:00:00",
    kind: "ADDED_FUNDS",
    description: "Added funds",
    amount: "300",
  },
];

async function importedRecords(text: string) {
  const run = importOpenCollectiveExport(text, { file: "tx.csv" });
  const rows: ParsedRow[] = [];
  for await (const row of run.rows) rows.push(row);
  return { rows, ...run.finish() };
}

describe("the two formats describing the same contributions", () => {
  it("give the same identities, payments, subscriptions and counts", async () => {
    const legacy = await importedRecords(LEGACY);
    const current = await importedRecords(currentExport(CURRENT, { labels: true }));
    expect(legacy.stats).toMatchObject({
      transactionsRead: 7,
      badRows: 0,
      contributions: 4,
      recurring: 3,
      oneTime: 1,
      contributors: 3,
      organizations: 1,
      skipped: { refund: 1, expense: 1, transfer: 1, zero_amount: 0 },
    });
    expect(legacy.rows.flatMap((r) => (r.ok ? r.records : [])).length).toBe(7);
    expect(current.stats).toEqual(legacy.stats);
    expect(current.rows).toEqual(legacy.rows);
    expect(current.subscriptions).toEqual(legacy.subscriptions);
    expect(current.changes).toEqual(legacy.changes);
  });
});
