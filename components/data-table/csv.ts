// CSV serialisation for export routes: RFC 4180 quoting plus protection against formula
// injection (a spreadsheet would execute text cells such as "=HYPERLINK(...)").
// Pure and server-safe: no React, no Node-only APIs.

export type CsvCell = string | number | bigint | boolean | Date | null | undefined;

/** Characters that make Excel, LibreOffice and Sheets treat a text cell as a formula. */
const FORMULA_TRIGGERS = new Set(["=", "+", "-", "@", "\t", "\r"]);

export const CSV_CONTENT_TYPE = "text/csv; charset=utf-8";

/**
 * Turns one value into CSV field text. Only text cells are neutralised: real numbers keep
 * their sign ("-12.5" stays numeric), but the string "-12.5" from user input becomes "'-12.5".
 */
export function formatCsvCell(value: CsvCell): string {
  if (value === null || value === undefined) return "";
  let text: string;
  if (value instanceof Date) text = Number.isNaN(value.getTime()) ? "" : value.toISOString();
  else if (typeof value === "number") text = Number.isFinite(value) ? String(value) : "";
  else if (typeof value === "string") text = FORMULA_TRIGGERS.has(value.charAt(0)) ? `'${value}` : value;
  else text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Builds a CSV document: header line, then one CRLF-terminated line per row. */
export function toCsv(headers: readonly string[], rows: Iterable<readonly CsvCell[]>): string {
  const lines = [headers.map(formatCsvCell).join(",")];
  for (const row of rows) lines.push(row.map(formatCsvCell).join(","));
  return lines.join("\r\n") + "\r\n";
}

/** Safe filename for Content-Disposition, e.g. csvFilename("candidates") -> "candidates-2025-01-31.csv". */
export function csvFilename(base: string, date: Date = new Date()): string {
  const safe = base.replace(/[^a-z0-9-_]+/gi, "-").replace(/^-+|-+$/g, "") || "export";
  return `${safe}-${date.toISOString().slice(0, 10)}.csv`;
}

/** A CSV download for an export route: `toCsv(headers, rows)` served as `<name>-<date>.csv`. */
export function csvResponse(
  name: string,
  headers: readonly string[],
  rows: Iterable<readonly CsvCell[]>,
): Response {
  return new Response(toCsv(headers, rows), {
    headers: {
      "content-type": CSV_CONTENT_TYPE,
      "content-disposition": `attachment; filename="${csvFilename(name)}"`,
    },
  });
}
