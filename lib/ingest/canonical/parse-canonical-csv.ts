// Canonical CSV: a header row, then one record per row. The kind comes from the caller
// (CLI `--kind`, the upload form's kind), else a `kind` column (mixed files), else is recognised from the header.
import { clip, type TextReadOptions } from "../line-reader";
import { MalformedFileError, type ParsedRow } from "../types";
import { readCsvRecords } from "./csv-records";
import { canonicalKind, canonicalRecord, REQUIRED_COLUMNS, type CanonicalKind } from "./schemas";

export interface ParseCanonicalCsvOptions extends TextReadOptions {
  /** The record kind of every row; when absent it is detected (see detectCsvKind). */
  kind?: CanonicalKind | string | null;
}

/** Header cells → column keys: trimmed, lower-cased, spaces and dashes as underscores. */
export function normaliseHeader(cells: string[]): string[] {
  return cells.map((c) =>
    c
      .trim()
      .toLowerCase()
      .replace(/[\s-]+/g, "_"),
  );
}

/**
 * The kind a header describes: "per-row" when it has a `kind` column; subscription_change
 * when it has subscription_id; event when it has type, occurred_at and actor columns;
 * member when it has member_key but no source; identity when it has source and external_id.
 */
export function detectCsvKind(columns: string[]): CanonicalKind | "per-row" | null {
  const has = (c: string) => columns.includes(c);
  if (has("kind")) return "per-row";
  if (has("subscription_id")) return "subscription_change";
  if (has("type") && has("occurred_at") && has("actor_external_id")) return "event";
  if (has("member_key") && !has("source")) return "member";
  if (has("source") && has("external_id")) return "identity";
  return null;
}

function checkColumns(file: string, columns: string[], kind: CanonicalKind) {
  const missing = REQUIRED_COLUMNS[kind].filter((c) => !columns.includes(c));
  if (missing.length > 0)
    throw new MalformedFileError(file, 1, `a ${kind} CSV needs the column(s): ${missing.join(", ")}`);
}

function onlyEmptyPadding(fields: string[], width: number): boolean {
  if (fields.length < width) return false;
  for (let i = width; i < fields.length; i++) if (fields[i].trim() !== "") return false;
  return true;
}

export async function* parseCanonicalCsv(
  file: string,
  options: ParseCanonicalCsvOptions = {},
): AsyncGenerator<ParsedRow> {
  let fixedKind: CanonicalKind | null = null;
  if (options.kind) {
    fixedKind = canonicalKind(options.kind);
    if (!fixedKind)
      throw new MalformedFileError(
        file,
        0,
        `unknown kind "${options.kind}" (member, identity, event, subscription_change)`,
      );
  }
  let columns: string[] | null = null;
  let perRow = false;
  for await (const { line, fields, raw } of readCsvRecords(file, options, "auto")) {
    if (!columns) {
      columns = normaliseHeader(fields);
      const detected = fixedKind ?? detectCsvKind(columns);
      if (!detected) {
        throw new MalformedFileError(
          file,
          line,
          "cannot tell the record kind from the header (add a kind column)",
          {
            cli: "or pass --kind member|identity|event|subscription_change",
            web: "or choose the record kind in the upload form",
          },
        );
      }
      perRow = detected === "per-row";
      if (detected !== "per-row") {
        fixedKind = detected;
        checkColumns(file, columns, detected);
      }
      continue;
    }
    // Spreadsheets pad rows with empty cells past the header's last column: nothing is lost there.
    if (fields.length !== columns.length && !onlyEmptyPadding(fields, columns.length)) {
      yield {
        ok: false,
        line,
        reason: `expected ${columns.length} columns, got ${fields.length}`,
        raw: clip(raw),
      };
      continue;
    }
    const row: Record<string, string> = {};
    for (let i = 0; i < columns.length; i++) row[columns[i]] = fields[i];
    const kind = perRow ? canonicalKind(row.kind) : fixedKind;
    if (!kind) {
      yield { ok: false, line, reason: `unknown kind "${row.kind ?? ""}"`, raw: clip(raw) };
      continue;
    }
    const result = canonicalRecord(kind, row);
    if ("reason" in result) yield { ok: false, line, reason: result.reason, raw: clip(raw) };
    else yield { ok: true, line, records: [result.record] };
  }
  if (!columns) throw new MalformedFileError(file, 1, "empty file: a header row is required");
}
