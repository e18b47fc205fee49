// Public entry of the canonical CSV / JSONL importers.
export {
  parseCanonicalCsv,
  detectCsvKind,
  normaliseHeader,
  type ParseCanonicalCsvOptions,
} from "./parse-canonical-csv";
export { parseCanonicalJsonl } from "./parse-canonical-jsonl";
export {
  CANONICAL_KINDS,
  CANONICAL_MEMBER_SOURCE,
  CANONICAL_SCHEMAS,
  REQUIRED_COLUMNS,
  canonicalKind,
  canonicalRecord,
  toRecord,
  memberRowSchema,
  identityRowSchema,
  eventRowSchema,
  subscriptionChangeRowSchema,
  type CanonicalKind,
} from "./schemas";
export { parseIsoDate } from "./values";
