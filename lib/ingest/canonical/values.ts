// Loose value readers shared by the canonical CSV and JSONL formats: CSV gives strings,
// JSONL gives native values; both go through the same zod schemas via these preprocessors.
import { z } from "zod";

// Anchored, no nested quantifiers: linear on any input. The offset may be `Z`, `±hh:mm`, `±hhmm`,
// or `±hh` and ` UTC` as PostgreSQL (`\copy … csv`) and Rails (a Discourse export) print times.
const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z| UTC|[+-]\d{2}(?::?\d{2})?)?)?$/;

/** ISO 8601 date or date-time → Date; a time without an offset is read as UTC, never local time. */
export function parseIsoDate(value: string): Date | null {
  const s = value.trim();
  const m = ISO.exec(s);
  if (!m) return null;
  const offset = m[7];
  let text = (offset === undefined ? s : s.slice(0, -offset.length)).replace(" ", "T");
  if (m[4] !== undefined)
    text += offset === undefined || offset === " UTC" ? "Z" : offset.length === 3 ? `${offset}:00` : offset;
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) return null;
  // Reject rolled-over dates such as 2024-02-31.
  if (m[4] === undefined && date.toISOString().slice(0, 10) !== s) return null;
  return date;
}

const blank = (v: unknown) =>
  v === null || (typeof v === "string" && v.trim() === "") ? undefined : typeof v === "string" ? v.trim() : v;

/** Optional text: blank → undefined. */
export const optionalText = z.preprocess(blank, z.string().optional());

/** Required non-blank text. */
export const requiredText = z.preprocess(blank, z.string({ error: "is required" }).min(1, "is required"));

const TRUE = new Set(["true", "1", "yes", "y", "t"]);
const FALSE = new Set(["false", "0", "no", "n", "f"]);

/** Optional boolean: true/false, 1/0, yes/no (any case); blank → undefined. */
export const optionalBool = z.preprocess(
  (v) => {
    const b = blank(v);
    if (typeof b === "number") return b === 1 ? true : b === 0 ? false : b;
    if (typeof b !== "string") return b;
    const lower = b.toLowerCase();
    return TRUE.has(lower) ? true : FALSE.has(lower) ? false : b;
  },
  z.boolean({ error: "must be true or false" }).optional(),
);

const toNumber = (v: unknown) => {
  const b = blank(v);
  return typeof b === "string" && b !== "" && Number.isFinite(Number(b)) ? Number(b) : b;
};

export const optionalNumber = z.preprocess(toNumber, z.number({ error: "must be a number" }).optional());
export const requiredInt = z.preprocess(
  toNumber,
  z.number({ error: "must be an integer" }).int("must be an integer"),
);

const toDate = (v: unknown) => {
  const b = blank(v);
  if (typeof b !== "string") return b;
  return parseIsoDate(b) ?? b;
};

export const requiredDate = z.preprocess(toDate, z.date({ error: "must be an ISO 8601 date" }));
export const optionalDate = z.preprocess(toDate, z.date({ error: "must be an ISO 8601 date" }).optional());

/** A JSON object, or a string holding one (CSV). */
export const optionalJsonObject = z.preprocess(
  (v) => {
    const b = blank(v);
    if (typeof b !== "string") return b;
    try {
      return JSON.parse(b);
    } catch {
      return b;
    }
  },
  z.record(z.string(), z.unknown(), { error: "must be a JSON object" }).optional(),
);

/** Tags as an array, or a string split on ';', '|' or ','. */
export const optionalTags = z.preprocess((v) => {
  const b = blank(v);
  if (typeof b !== "string") return b;
  const sep = b.includes(";") ? ";" : b.includes("|") ? "|" : ",";
  return b
    .split(sep)
    .map((t) => t.trim())
    .filter((t) => t.length > 0);
}, z.array(z.string()).optional());

export function zodReason(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join(".") || "row"}: ${i.message}`).join("; ");
}
