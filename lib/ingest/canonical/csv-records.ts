// A small RFC 4180 CSV reader on top of the line reader: lines without quotes are split
// directly (the fast, common case); quoted fields, "" escapes and quoted newlines are handled.
import {
  lineTooLong,
  MAX_LINE_CHARS,
  readFileLines,
  type TextLine,
  type TextReadOptions,
} from "../line-reader";
import { MalformedFileError } from "../types";

export interface CsvRecord {
  /** Line the record starts on (1-based). */
  line: number;
  fields: string[];
  raw: string;
}

/** Separators a spreadsheet may write: "auto" picks the one the header row uses most. */
export type CsvDelimiter = "," | ";" | "\t" | "auto";

interface Pending {
  delimiter: number;
  line: number;
  fields: string[];
  field: string;
  inQuotes: boolean;
  raw: string;
}

/** Continues parsing `text` into `state`; returns true when the record is complete. */
function consume(state: Pending, text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (state.inQuotes) {
      if (c === 34) {
        if (text.charCodeAt(i + 1) === 34) {
          state.field += '"';
          i++;
        } else state.inQuotes = false;
      } else state.field += text[i];
    } else if (c === state.delimiter) {
      state.fields.push(state.field);
      state.field = "";
    } else if (c === 34 && state.field === "") {
      state.inQuotes = true;
    } else {
      // A stray quote inside an unquoted field is kept as text, as most spreadsheets write it.
      state.field += text[i];
    }
  }
  if (state.inQuotes) return false;
  state.fields.push(state.field);
  return true;
}

/** Yields each CSV record (blank lines skipped), gunzipping if needed; an unclosed quote refuses the file. */
export function readCsvRecords(
  file: string,
  options: TextReadOptions = {},
  delimiter: CsvDelimiter = ",",
): AsyncGenerator<CsvRecord> {
  return csvRecordsOf(readFileLines(file, options), file, options.maxLineChars, delimiter);
}

/**
 * The separator a header row uses: Excel in much of Europe saves "CSV" with `;` (`,` is the
 * decimal mark there), and tab-separated exports are common; a tie or no separator means `,`.
 */
export function headerDelimiter(header: string): "," | ";" | "\t" {
  const counts = { ",": 0, ";": 0, "\t": 0 };
  let inQuotes = false;
  for (const c of header) {
    if (c === '"') inQuotes = !inQuotes;
    else if (!inQuotes && c in counts) counts[c as keyof typeof counts]++;
  }
  if (counts[";"] > counts[","] && counts[";"] >= counts["\t"]) return ";";
  if (counts["\t"] > counts[","] && counts["\t"] > counts[";"]) return "\t";
  return ",";
}

/** The CSV records of lines already read (blank lines skipped); an unclosed quote refuses the file. */
export async function* csvRecordsOf(
  lines: AsyncIterable<TextLine>,
  file: string,
  maxRecordChars = MAX_LINE_CHARS,
  delimiter: CsvDelimiter = ",",
): AsyncGenerator<CsvRecord> {
  const max = maxRecordChars;
  let separator = delimiter === "auto" ? null : delimiter;
  let pending: Pending | null = null;
  for await (const { line, text } of lines) {
    if (pending) {
      // A quoted field that never closes must not grow without bound.
      if (pending.raw.length + text.length > max) throw lineTooLong(file, pending.line, max);
      pending.field += "\n";
      pending.raw += `\n${text}`;
      if (consume(pending, text)) {
        yield { line: pending.line, fields: pending.fields, raw: pending.raw };
        pending = null;
      }
      continue;
    }
    if (text.length === 0) continue;
    separator ??= headerDelimiter(text);
    if (text.indexOf('"') === -1) {
      yield { line, fields: text.split(separator), raw: text };
      continue;
    }
    const state: Pending = {
      delimiter: separator.charCodeAt(0),
      line,
      fields: [],
      field: "",
      inQuotes: false,
      raw: text,
    };
    if (consume(state, text)) yield { line, fields: state.fields, raw: text };
    else pending = state;
  }
  if (pending) throw new MalformedFileError(file, pending.line, "unclosed quoted field");
}
