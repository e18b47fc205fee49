// One check of every request's query string, before any page or route reads it (proxy.ts and
// parseQuery): text PostgreSQL cannot store, and malformed values of the parameters every list
// shares, are a 400 with a reason instead of a 500 deep inside a query.
import { isStorableText } from "./ingest-api";

const WHOLE_NUMBER_PARAMS = new Set(["page", "pageSize", "limit"]);
const MONTH = /^(19[7-9]\d|2\d{3})-(0[1-9]|1[0-2])$/;
const DAY = /^(19[7-9]\d|2\d{3})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const DATE_PARAMS = new Set(["asOf", "as_of"]);
const MAX_VALUE_LENGTH = 2000;

/** The first problem with the query string, as a sentence for the 400 answer; null when it is fine. */
export function malformedQueryParam(params: URLSearchParams): string | null {
  for (const [key, value] of params) {
    if (!isStorableText(key) || !isStorableText(value))
      return `${key.replace(/[^\w-]/g, "?")}: contains a NUL character or an unpaired surrogate`;
    if (value.length > MAX_VALUE_LENGTH) return `${key}: longer than ${MAX_VALUE_LENGTH} characters`;
    if (value === "") continue;
    if (WHOLE_NUMBER_PARAMS.has(key) && !/^\d{1,9}$/.test(value)) return `${key}: expected a whole number`;
    if (key === "month" && !MONTH.test(value)) return "month: expected YYYY-MM, from 1970";
    if (DATE_PARAMS.has(key) && (!DAY.test(value) || Number.isNaN(Date.parse(value))))
      return `${key}: expected YYYY-MM-DD, from 1970`;
  }
  return null;
}
