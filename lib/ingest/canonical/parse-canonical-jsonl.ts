// Canonical JSONL: one JSON object per line, each naming its `kind` (member, identity,
// event, subscription_change), so one file can carry every kind. Optionally gzipped.
import { clip, readFileLines, type TextReadOptions } from "../line-reader";
import { MalformedFileError, type ParsedRow } from "../types";
import { canonicalKind, canonicalRecord } from "./schemas";

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/**
 * A first line that is not a JSON object refuses the file; later unreadable lines,
 * unknown kinds and invalid fields are quarantined as bad rows.
 */
export async function* parseCanonicalJsonl(
  file: string,
  options: TextReadOptions = {},
): AsyncGenerator<ParsedRow> {
  let sawFirstLine = false;
  for await (const { line, text } of readFileLines(file, options)) {
    if (text.trim().length === 0) continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      if (!sawFirstLine) throw new MalformedFileError(file, line, `not JSONL: ${(err as Error).message}`);
      yield { ok: false, line, reason: `invalid JSON: ${(err as Error).message}`, raw: clip(text) };
      continue;
    }
    if (!sawFirstLine) {
      sawFirstLine = true;
      if (!isObject(value))
        throw new MalformedFileError(file, line, "not JSONL: expected one JSON object per line");
    }
    if (!isObject(value)) {
      yield { ok: false, line, reason: "expected a JSON object", raw: clip(text) };
      continue;
    }
    const kind = canonicalKind(value.kind);
    if (!kind) {
      yield {
        ok: false,
        line,
        reason: `unknown or missing kind ${JSON.stringify(value.kind ?? null)}`,
        raw: clip(text),
      };
      continue;
    }
    const result = canonicalRecord(kind, value);
    if ("reason" in result) yield { ok: false, line, reason: result.reason, raw: clip(text) };
    else yield { ok: true, line, records: [result.record] };
  }
}
