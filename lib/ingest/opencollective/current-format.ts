// Open Collective's current transactions export (the dashboard's "Export CSV" and REST v2 `transactions.csv`, served by
// opencollective-rest): one row per ledger entry, with field names (`datetime`, `kind`, …) or, with `useFieldNames=1`,
// their labels (`Date & Time`, `Kind`, …) as header. Mapped to the legacy path's OcTransaction so that payments,
// derived subscriptions, identities and organisations come out the same whichever format a collective downloaded.
import { MalformedFileError } from "@/lib/ingest/types";
import type { CsvRecord } from "@/lib/ingest/canonical/csv-records";
import type { OcSkipReason } from "./classify";
import {
  ocRowOf,
  ocTierOf,
  parseOcAmount,
  parseOcDate,
  parseOcInterval,
  type OcCsvRow,
  type OcInterval,
  type OcTransaction,
} from "./csv";

/** The fields read, each with the label the export writes instead when `useFieldNames` is set. */
export const OC_CURRENT_FIELDS = {
  datetime: "Date & Time",
  date: "Date",
  description: "Description",
  type: "Credit/Debit",
  kind: "Kind",
  isRefund: "Is Refund",
  amount: "Gross Amount",
  currency: "Currency",
  oppositeAccountSlug: "Opposite Account Handle",
  oppositeAccountName: "Opposite Account Name",
  orderFrequency: "Contribution Frequency",
} as const;

export type OcCurrentField = keyof typeof OC_CURRENT_FIELDS;

/** Without these a row cannot be told to be a contribution, by whom, when or for how much (`date` may stand for `datetime`). */
const REQUIRED: readonly OcCurrentField[] = [
  "description",
  "type",
  "kind",
  "amount",
  "currency",
  "oppositeAccountSlug",
];

/** Open Collective handles: letters, digits, `-`, `_`, `.` (guest checkouts are `guest-<hex>`). */
const HANDLE = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
/** What the export appends when it was cut at its `limit` (the rows after it were never written). */
const TRUNCATED = /^Warning: totalCount is (\d+) and limit was (\d+)/;

export type OcCurrentColumns = Partial<Record<OcCurrentField, number>>;

/**
 * The header's columns when it is the current format (it has a `kind` / `Kind` column, which the legacy export lacks),
 * else null. A current-format header without a required field refuses the file, naming what it lacks.
 */
export function currentFormatColumns(header: string[], file: string, line: number): OcCurrentColumns | null {
  if (!header.includes("kind") && !header.includes(OC_CURRENT_FIELDS.kind)) return null;
  const at: OcCurrentColumns = {};
  for (const [field, label] of Object.entries(OC_CURRENT_FIELDS) as [OcCurrentField, string][]) {
    const i = header.indexOf(field);
    const index = i >= 0 ? i : header.indexOf(label);
    if (index >= 0) at[field] = index;
  }
  const missing: string[] = REQUIRED.filter((f) => at[f] === undefined).map(
    (f) => `${f} (${OC_CURRENT_FIELDS[f]})`,
  );
  if (at.datetime === undefined && at.date === undefined)
    missing.unshift("datetime (Date & Time) or date (Date)");
  if (missing.length)
    throw new MalformedFileError(
      file,
      line,
      `an Open Collective transactions export in the current format, but its header lacks ${missing.join(", ")}`,
    );
  return at;
}

/** ocRowReader's hook: a reader of the rows after `header` when it is the current format, else null. */
export function currentFormatReader(
  header: string[],
  file: string,
  line: number,
): ((record: CsvRecord) => OcCsvRow) | null {
  const at = currentFormatColumns(header, file, line);
  if (!at) return null;
  const width = header.length;
  return (record) => {
    const { line, fields } = record;
    if (fields.length === 1) {
      const cut = TRUNCATED.exec(fields[0].trim());
      if (cut)
        throw new MalformedFileError(
          file,
          line,
          `the export is incomplete: Open Collective wrote ${cut[2]} of ${cut[1]} transactions ("${cut[0]}"); ` +
            `export it again with all transactions (fetchAll=1, or a limit of at least ${cut[1]})`,
        );
    }
    return ocRowOf(record, width, currentFormatTransaction, at);
  };
}

/**
 * One current-format row as the legacy path's transaction, or why it cannot be read. What it is comes from its columns,
 * not its description: an incoming contribution is `kind` CONTRIBUTION, `type` CREDIT and not a refund; a refund is
 * skipped as "refund", any other DEBIT (expenses, fees, payouts) as "expense" (the legacy path's negative amounts), any
 * other CREDIT (added funds, balance transfers, tips) as "transfer". Every row needs a date, amount and currency (the
 * import's "now" is its latest date); only a contribution needs its contributor, the opposite account.
 */
export function currentFormatTransaction(
  fields: string[],
  at: OcCurrentColumns,
  line: number,
): OcTransaction | string {
  const value = (field: OcCurrentField): string => (at[field] === undefined ? "" : fields[at[field]].trim());
  // `datetime` when the export has it, else `date` (a day, read as midnight UTC).
  const dateField = value("datetime") === "" && at.date !== undefined ? "date" : "datetime";
  const occurredAt = parseOcDate(value(dateField));
  if (!occurredAt) return `${dateField} is not a date: ${JSON.stringify(value(dateField))}`;
  const type = value("type").toUpperCase();
  if (type !== "CREDIT" && type !== "DEBIT")
    return `type is not CREDIT or DEBIT: ${JSON.stringify(value("type"))}`;
  const kind = value("kind").toUpperCase();
  if (!/^[A-Z_]+$/.test(kind)) return `kind is not a transaction kind: ${JSON.stringify(value("kind"))}`;
  const amount = parseOcAmount(value("amount"));
  if (!Number.isFinite(amount)) return `amount is not a number: ${JSON.stringify(value("amount"))}`;
  const currency = value("currency").toUpperCase();
  if (!/^[A-Z]{3}$/.test(currency))
    return `currency is not a currency code: ${JSON.stringify(value("currency"))}`;
  const skip: OcSkipReason | null =
    value("isRefund") !== ""
      ? "refund"
      : type === "DEBIT"
        ? "expense"
        : kind !== "CONTRIBUTION"
          ? "transfer"
          : null;
  const description = value("description");
  const slug = value("oppositeAccountSlug");
  let interval: OcInterval | null = null;
  if (skip == null) {
    if (!HANDLE.test(slug))
      return `oppositeAccountSlug is not an Open Collective handle: ${JSON.stringify(slug)}`;
    const frequency = value("orderFrequency");
    const parsed = frequency !== "" ? parseOcInterval(frequency) : intervalOfDescription(description);
    if (parsed === undefined)
      return `orderFrequency is not MONTHLY, YEARLY or ONETIME: ${JSON.stringify(frequency)}`;
    interval = parsed;
  }
  return {
    line,
    description,
    userName: value("oppositeAccountName"),
    slug: slug.toLowerCase(),
    profileUrl: slug === "" ? "" : `https://opencollective.com/${slug}`,
    occurredAt,
    amountCents: Math.round(amount * 100),
    currency,
    interval,
    tier: ocTierOf(description),
    tags: [],
    skip,
  };
}

/**
 * Without `orderFrequency` (not a default field), the interval as Open Collective words the description:
 * "Monthly financial contribution to X (Tier)", "Yearly financial contribution to X", and anything else
 * ("Financial contribution to X", a host's own wording) one time.
 */
export function intervalOfDescription(description: string): OcInterval | null {
  if (/^monthly\b/i.test(description)) return "month";
  if (/^yearly\b/i.test(description)) return "year";
  return null;
}
