import { describe, expect, it } from "vitest";
import { MalformedFileError } from "@/lib/ingest/types";
import { parseOcAmount, parseOcDate, readOpenCollectiveCsv, type OcCsvRow } from "./csv";
import { classifyOcTransaction, looksLikeOrganization } from "./classify";

const HEADER =
  "Transaction Description,User Name,User Profile,Transaction Date,Collective Currency,Host Currency,Transaction Amount,Host Fee (USD),Open Collective Fee (USD),Payment Processor Fee (USD),Net Amount (USD),Subscription Interval,Order Date,Tags,Running Balance,UserName";
const row = (
  description: string,
  name: string,
  slug: string,
  date: string,
  amount: string,
  interval = "month",
  tags = "",
) =>
  [
    description,
    name,
    `http://opencollective.com/${slug}`,
    date,
    "USD",
    "USD",
    amount,
    "-0.5",
    "0.0",
    "-0.66",
    "3.84",
    interval,
    date.slice(0, 10) + " 00:00:00",
    tags,
    "100.0",
    "",
  ]
    .map((f) => (/[",\n]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f))
    .join(",");

async function collect(text: string): Promise<OcCsvRow[]> {
  const rows: OcCsvRow[] = [];
  for await (const r of readOpenCollectiveCsv(text, "oc.csv")) rows.push(r);
  return rows;
}

describe("parseOcDate", () => {
  // What the export writes, the shapes close to it, and dates that do not exist.
  it.each([
    ["2021-12-30 06:43:40", "2021-12-30T06:43:40.000Z"],
    ["2021-12-30T06:43:40", "2021-12-30T06:43:40.000Z"],
    [" 2021-12-30 06:43:40 ", "2021-12-30T06:43:40.000Z"],
    ["2021-12-30 06:43:40.123Z", "2021-12-30T06:43:40.000Z"],
    ["2021-12-30 06:43:40+00:00", "2021-12-30T06:43:40.000Z"],
    ["2020-02-29 00:00:00", "2020-02-29T00:00:00.000Z"],
    ["2021-02-29 00:00:00", null],
    ["2021-12-32 06:43:40", null],
    ["2021-13-01 06:43:40", null],
    ["2021-12-30 22:60:00", "2021-12-30T23:00:00.000Z"],
    ["2021-12-30 24:00:00", null],
    ["2021-12-30 6:43:40", null],
    ["2021-1a-30 06:43:40", null],
    ["2021-12-30 06:43:4x", null],
    ["2021/12/30 06:43:40", null],
    ["2021-12-30X06:43:40", null],
    ["-021-12-30 06:43:40", null],
    ["2021-12-30 06-43-40", null],
    ["1999-12-31T23:59:59", "1999-12-31T23:59:59.000Z"],
    ["2024-06-01", "2024-06-01T00:00:00.000Z"],
    [" 2024-06-01 ", "2024-06-01T00:00:00.000Z"],
    ["2024-02-30", null],
    ["2024-06-01T", null],
    ["2024-6-01", null],
    ["", null],
  ])("%j → %s", (text, expected) => {
    expect(parseOcDate(text)?.toISOString() ?? null).toBe(expected);
  });
});

describe("parseOcAmount", () => {
  it.each([
    ["5.0", 5],
    ["-0.66", -0.66],
    ["1000", 1000],
    ["1,000.00", 1000],
    ["-1,234,567.5", -1234567.5],
    ["12,345", 12345],
    ["", NaN],
    ["10,00", NaN],
    ["1,0000.00", NaN],
    [",100", NaN],
    ["1,000,00", NaN],
    ["five", NaN],
  ])("%j → %s", (text, expected) => {
    expect(parseOcAmount(text)).toBe(expected);
  });
});

describe("readOpenCollectiveCsv", () => {
  it("reads the export's columns into typed transactions", async () => {
    const rows = await collect(
      [
        HEADER,
        row(
          "Monthly financial contribution to Open Broadcaster Software (Backer)",
          'Hugh Jim" Bailey"',
          "guest-7a3159c3",
          "2021-12-30 06:43:40",
          "5.0",
        ),
        row("Financial contribution to X", "Ada", "ada", "2021-12-29 12:00:00", "12.34", "one time"),
      ].join("\n"),
    );
    expect(rows).toEqual([
      {
        ok: true,
        line: 2,
        tx: expect.objectContaining({
          slug: "guest-7a3159c3",
          userName: 'Hugh Jim" Bailey"',
          amountCents: 500,
          currency: "USD",
          interval: "month",
          tier: "Backer",
          occurredAt: new Date("2021-12-30T06:43:40Z"),
        }),
      },
      {
        ok: true,
        line: 3,
        tx: expect.objectContaining({ slug: "ada", amountCents: 1234, interval: null, tier: null }),
      },
    ]);
  });

  it("quarantines bad rows with their line numbers (multi-line fields counted)", async () => {
    const text = [
      HEADER,
      row("Multi\nline description", "A", "a", "2021-01-01 00:00:00", "5.0"),
      row("Contribution", "B", "b", "yesterday", "5.0"),
      row("Contribution", "C", "not a url/x/y", "2021-01-01 00:00:00", "5.0"),
      row("Contribution", "D", "d", "2021-01-01 00:00:00", "five"),
      row("Contribution", "E", "e", "2021-01-01 00:00:00", "5.0", "fortnight"),
      "too,few,fields",
      row("Contribution", "F", "f", "2021-01-01 00:00:00", "5.0"),
    ].join("\n");
    const rows = await collect(text);
    expect(rows.map((r) => [r.line, r.ok])).toEqual([
      [2, true],
      [4, false],
      [5, false],
      [6, false],
      [7, false],
      [8, false],
      [9, true],
    ]);
    expect(rows[1]).toMatchObject({
      reason: expect.stringContaining("Transaction Date"),
      raw: expect.stringContaining("yesterday"),
    });
    expect(rows[5]).toMatchObject({ reason: "expected 16 fields, found 3" });
  });

  it("reads amounts with thousands separators and dates without a time (both quarantined before)", async () => {
    const rows = await collect(
      [
        HEADER,
        row("Yearly financial contribution to X (Gold Sponsor)", "A", "a", "2024-06-01", "1,000.00", "year"),
        row("Contribution", "B", "b", "2024-06-01 12:00:00", "1,00.00"),
      ].join("\n"),
    );
    expect(rows[0]).toMatchObject({
      ok: true,
      tx: { amountCents: 100000, occurredAt: new Date("2024-06-01T00:00:00Z"), interval: "year" },
    });
    expect(rows[1]).toMatchObject({ ok: false, reason: 'Transaction Amount is not a number: "1,00.00"' });
  });

  it("refuses a file without the header", async () => {
    await expect(collect(row("Contribution", "A", "a", "2021-01-01 00:00:00", "5.0"))).rejects.toMatchObject({
      name: "MalformedFileError",
      file: "oc.csv",
      line: 1,
    });
    await expect(collect("")).rejects.toBeInstanceOf(MalformedFileError);
    await expect(collect("a,b\n1,2\n")).rejects.toThrow(/header lacks/);
  });

  it("reads a BOM, CRLF line ends and a quoted description across lines, numbering rows by their first line", async () => {
    const rows = await collect(
      `\uFEFF${HEADER}\r\n${row("Thanks,\nfrom us (Backer)", "A", "a", "2021-01-01 00:00:00", "5.0")}\r\n${row("Financial contribution to X", "B", "b", "2021-01-02 00:00:00", "7.5", "one time")}\r\n`,
    );
    expect(rows.map((r) => [r.line, r.ok])).toEqual([
      [2, true],
      [4, true],
    ]);
    expect(rows[0]).toMatchObject({
      tx: { description: "Thanks,\nfrom us (Backer)", tier: "Backer", slug: "a" },
    });
    expect(rows[1]).toMatchObject({ tx: { amountCents: 750, interval: null } });
  });

  it("refuses broken quoting", async () => {
    await expect(collect(`${HEADER}\n"unclosed,A,http://opencollective.com/a`)).rejects.toBeInstanceOf(
      MalformedFileError,
    );
  });
});

describe("classifyOcTransaction", () => {
  const tx = (description: string, amountCents: number, interval: "month" | null = null) =>
    ({ description, amountCents, interval, userName: "", slug: "x" }) as Parameters<
      typeof classifyOcTransaction
    >[0];
  it.each([
    [
      "Monthly financial contribution to Open Broadcaster Software (Backer)",
      500,
      "month",
      { contribution: true, recurring: true },
    ],
    [
      "Financial contribution to Open Broadcaster Software",
      2000,
      null,
      { contribution: true, recurring: false },
    ],
    [
      "Refund of Monthly financial contribution to Open Broadcaster Software (Bronze Sponsor)",
      -25000,
      null,
      { contribution: false, reason: "refund" },
    ],
    ["Expense: domain renewal", 1000, null, { contribution: false, reason: "expense" }],
    ["Domain Name Renewal - obs.studio", -14825, null, { contribution: false, reason: "expense" }],
    [
      "Financial contribution to OBS Project Bounty Program (General Bounty Fund Donation)",
      -1000000,
      null,
      { contribution: false, reason: "expense" },
    ],
    ["Transferring donated funds", 7496500, null, { contribution: false, reason: "transfer" }],
    ["Financial contribution", 0, null, { contribution: false, reason: "zero_amount" }],
  ] as const)("%s", (description, amount, interval, expected) => {
    expect(classifyOcTransaction(tx(description, amount, interval))).toEqual(expected);
  });
});

describe("looksLikeOrganization", () => {
  const backer = "Monthly financial contribution to Open Broadcaster Software (Backer)";
  const sponsor = "Monthly financial contribution to Open Broadcaster Software (Bronze Sponsor)";
  it.each([
    ["WNC DevOps Experts, LLC", "wnc-devops-experts-llc", backer, true],
    ["Murderbits Ltd.", "twitter-com-murderbits", backer, true],
    ["8729417 Canada Inc.", "8729417-canada-inc", backer, true],
    ["Jackson Media Group", "jackson-media-group", backer, true],
    [
      "St. Monica's Church, Footscray",
      "guest-0ba254b4",
      "Financial contribution to Open Broadcaster Software",
      true,
    ],
    ["PTZOptics", "ptzoptics", sponsor, true],
    ["Samuel Bowman", "guest-9ea07080", sponsor, false],
    ["Gordon Brown", "gordon-brown", backer, false],
    ["Lisa Ag", "lisa-ag", backer, false],
  ])("%s", (userName, slug, description, expected) => {
    expect(looksLikeOrganization({ userName, slug, description })).toBe(expected);
  });
  it("overrides win", () => {
    expect(
      looksLikeOrganization(
        { userName: "PTZOptics", slug: "ptzoptics", description: sponsor },
        { ptzoptics: false },
      ),
    ).toBe(false);
  });
});
