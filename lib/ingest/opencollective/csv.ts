// Streams an Open Collective transactions export (CSV) into typed transactions, quarantining rows it cannot read.
// A missing header or broken quoting refuses the file; a row with bad fields becomes a bad row with its line number.
import { Readable } from "node:stream";
import { MalformedFileError } from "@/lib/ingest/types";
import { readLines, type TextReadOptions } from "@/lib/ingest/line-reader";
import { csvRecordsOf, type CsvRecord } from "@/lib/ingest/canonical/csv-records";
import type { OcSkipReason } from "./classify";
import { currentFormatReader } from "./current-format";

export type OcInterval = "month" | "year";

export interface OcTransaction {
  line: number;
  description: string;
  userName: string;
  /** Profile slug from the `User Profile` URL; guest-… slugs are distinct contributors too. */
  slug: string;
  profileUrl: string;
  occurredAt: Date;
  /** Signed, in cents of `currency` (the export's dollars × 100). */
  amountCents: number;
  currency: string;
  /** Null for one-time ("one time" or empty). */
  interval: OcInterval | null;
  /** The tier named in brackets at the end of the description, e.g. "Backer", "Bronze Sponsor". */
  tier: string | null;
  tags: string[];
  /**
   * Set by the current export format only, whose `kind`, `type` and `isRefund` columns say what a row is: null for an
   * incoming contribution, else why it is skipped. Absent for the legacy format, classified by its description.
   */
  skip?: OcSkipReason | null;
}

export type OcCsvRow =
  { ok: true; line: number; tx: OcTransaction } | { ok: false; line: number; reason: string; raw: string };

export const OC_REQUIRED_COLUMNS = [
  "Transaction Description",
  "User Name",
  "User Profile",
  "Transaction Date",
  "Collective Currency",
  "Transaction Amount",
  "Subscription Interval",
] as const;

export const PROFILE_URL = /^https?:\/\/(?:www\.)?opencollective\.com\/([A-Za-z0-9][A-Za-z0-9_.-]*)\/?$/;
// The time is optional: a date alone (`2024-06-01`, as a spreadsheet or the current export's `date` field writes it) is midnight UTC.
const OC_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:Z|\+00:?00)?)?$/;

/** Export dates carry no zone; Open Collective writes them in UTC. */
export function parseOcDate(value: string): Date | null {
  // The export's own shape, `2024-06-01 00:02:50`, read digit by digit: the regex and its array cost a tenth of the
  // file's reading (docs/benchmarks.md, Import, round 9). Any other shape the pattern accepts goes through it.
  if (value.length === 19) {
    const fields = plainDateFields(value);
    if (fields) return utcDate(fields);
  }
  const m = OC_DATE.exec(value.trim());
  return m ? utcDate(m.slice(1, 7).map((n) => (n === undefined ? 0 : Number(n)))) : null;
}

const THOUSANDS = /^[-+]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;

/** A decimal amount, also with thousands separators (`1,000.00`, as spreadsheets re-save it); NaN for anything else. */
export function parseOcAmount(text: string): number {
  if (text === "") return NaN;
  const plain = Number(text);
  // Number() first: the export's own shape costs nothing more; only a refused number is tried with separators.
  if (Number.isFinite(plain) || !THOUSANDS.test(text)) return plain;
  return Number(text.replace(/,/g, ""));
}

/** The tier named in brackets at the end of a description, e.g. "… to Open Broadcaster Software (Backer)". */
export const ocTierOf = (description: string): string | null =>
  /\(([^()]+)\)\W*$/.exec(description)?.[1]?.trim() ?? null;

function utcDate([y, mo, d, h, mi, s]: number[]): Date | null {
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  return date.getUTCMonth() === mo - 1 && date.getUTCDate() === d ? date : null;
}

/** `YYYY-MM-DD HH:MM:SS` (or with a `T`) as its six numbers, or null for anything else. */
function plainDateFields(v: string): number[] | null {
  const sep = v.charCodeAt(10);
  if (v.charCodeAt(4) !== 45 || v.charCodeAt(7) !== 45 || (sep !== 32 && sep !== 84)) return null;
  if (v.charCodeAt(13) !== 58 || v.charCodeAt(16) !== 58) return null;
  const fields = [
    digits(v, 0, 4),
    digits(v, 5, 2),
    digits(v, 8, 2),
    digits(v, 11, 2),
    digits(v, 14, 2),
    digits(v, 17, 2),
  ];
  return fields.includes(-1) ? null : fields;
}

export function parseOcInterval(value: string): OcInterval | null | undefined {
  const v = value.trim().toLowerCase();
  if (v === "" || v === "one time" || v === "one-time" || v === "onetime") return null;
  if (v === "month" || v === "monthly") return "month";
  if (v === "year" || v === "yearly") return "year";
  return undefined;
}

/** The number written by `width` ASCII digits at `at`, or -1. */
function digits(v: string, at: number, width: number): number {
  let x = 0;
  for (let i = at; i < at + width; i++) {
    const c = v.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    x = x * 10 + c;
  }
  return x;
}

const column = (
  fields: string[],
  at: Partial<Record<OcColumn, number>>,
  name: OcColumn,
): string | undefined => fields[at[name] ?? -1];

/** `at`: each column's index in `fields` (absent when the header has no such column). A function, not a closure per row. */
function toTransaction(
  fields: string[],
  at: Partial<Record<OcColumn, number>>,
  line: number,
): OcTransaction | string {
  const profileUrl = column(fields, at, "User Profile")!.trim();
  const slug = PROFILE_URL.exec(profileUrl)?.[1];
  if (!slug) return `User Profile is not an opencollective.com profile URL: ${JSON.stringify(profileUrl)}`;
  const occurredAt = parseOcDate(column(fields, at, "Transaction Date")!);
  if (!occurredAt)
    return `Transaction Date is not a date: ${JSON.stringify(column(fields, at, "Transaction Date")!)}`;
  const amountText = column(fields, at, "Transaction Amount")!.trim();
  const amount = parseOcAmount(amountText);
  if (!Number.isFinite(amount)) return `Transaction Amount is not a number: ${JSON.stringify(amountText)}`;
  const currency = column(fields, at, "Collective Currency")!.trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(currency))
    return `Collective Currency is not a currency code: ${JSON.stringify(column(fields, at, "Collective Currency")!)}`;
  const interval = parseOcInterval(column(fields, at, "Subscription Interval")!);
  if (interval === undefined)
    return `Subscription Interval is not month, year or one time: ${JSON.stringify(column(fields, at, "Subscription Interval")!)}`;
  const description = column(fields, at, "Transaction Description")!.trim();
  return {
    line,
    description,
    userName: column(fields, at, "User Name")!.trim(),
    slug: slug.toLowerCase(),
    profileUrl,
    occurredAt,
    amountCents: Math.round(amount * 100),
    currency,
    interval,
    tier: ocTierOf(description),
    tags: tagsOf(column(fields, at, "Tags") ?? ""),
  };
}

const tagsOf = (text: string): string[] =>
  text === ""
    ? []
    : text
        .split(",")
        .map((t) => t.trim())
        .filter(Boolean);

type OcColumn = (typeof OC_REQUIRED_COLUMNS)[number] | "Tags";

type Input = Readable | AsyncIterable<string | Uint8Array> | string;

/**
 * Streams rows; `line` is the 1-based line where the record starts (quoted fields may span lines). Bytes are
 * decoded as every importer decodes them (BOM, UTF-16, `--encoding`); records are split by the canonical CSV
 * importer's reader (csv-parse, used before, cost twice the CPU: 2.4 against 1.2 s per 100,000 rows).
 */
export async function* readOpenCollectiveCsv(
  input: Input,
  file: string,
  options: TextReadOptions = {},
): AsyncGenerator<OcCsvRow> {
  const reader = ocRowReader(file);
  for await (const record of ocCsvRecords(input, file, options)) {
    const row = reader.read(record);
    if (row) yield row;
  }
  reader.end();
}

/** The export's CSV records, header first (what ocRowReader reads). */
export function ocCsvRecords(
  input: Input,
  file: string,
  options: TextReadOptions = {},
): AsyncGenerator<CsvRecord> {
  const source =
    typeof input === "string"
      ? Readable.from([input])
      : input instanceof Readable
        ? input
        : Readable.from(input);
  return csvRecordsOf(readLines(source, file, options), file, options.maxLineChars);
}

/**
 * A data record of either export format as a row: refused when its field count differs from the header's, else what
 * `toTx` reads from it (a transaction, or why it cannot be read). A function with its arguments, not a closure per row.
 */
export function ocRowOf<Columns>(
  { line, fields, raw }: CsvRecord,
  width: number,
  toTx: (fields: string[], at: Columns, line: number) => OcTransaction | string,
  at: Columns,
): OcCsvRow {
  if (fields.length !== width)
    return {
      ok: false,
      line,
      reason: `expected ${width} fields, found ${fields.length}`,
      raw: raw.slice(0, 500),
    };
  const tx = toTx(fields, at, line);
  return typeof tx === "string"
    ? { ok: false, line, reason: tx, raw: raw.slice(0, 500) }
    : { ok: true, line, tx };
}

/**
 * Reads the export's records one by one without a generator of its own (the importer iterates the records itself, one
 * asynchronous step per row fewer): the first is the header (null, or a refusal if it lacks a required column).
 * `end()` refuses a file that had none.
 */
export function ocRowReader(file: string) {
  let width = -1;
  let at: Partial<Record<OcColumn, number>> = {};
  // Set when the header is Open Collective's current export format (./current-format.ts), which then reads every row.
  let readCurrent: ((record: CsvRecord) => OcCsvRow) | null = null;
  return {
    read(record: CsvRecord): OcCsvRow | null {
      if (readCurrent) return readCurrent(record);
      const { line, fields } = record;
      if (width < 0) {
        const header = fields.map((h) => h.trim());
        readCurrent = currentFormatReader(header, file, line);
        if (readCurrent) return null;
        const missing = OC_REQUIRED_COLUMNS.filter((column) => !header.includes(column));
        if (missing.length)
          throw new MalformedFileError(
            file,
            line,
            `not an Open Collective transactions export: header lacks ${missing.join(", ")}`,
          );
        width = header.length;
        at = Object.fromEntries(header.map((name, i) => [name, i]));
        return null;
      }
      return ocRowOf(record, width, toTransaction, at);
    },
    end(): void {
      if (width < 0 && !readCurrent) throw new MalformedFileError(file, 1, "empty file: no header");
    },
  };
}
