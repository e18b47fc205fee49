// Schemas for the ingest API (POST /api/v1/events): the request envelope, and one canonical
// event per item, validated item by item so one bad item never refuses the batch. Anything
// PostgreSQL would refuse (NUL, unpaired surrogates) or that would distort the dashboard (dates
// before 2000 or in the future) is an invalid item here, never a 500 for the whole batch.
import { z } from "zod";

export const MAX_EVENTS_PER_REQUEST = 1000;
/** Largest request body read; under the 10 MB the request proxy buffers, so nothing arrives cut short. */
export const MAX_INGEST_BODY_BYTES = 8 * 1024 * 1024;
export const MAX_PROPERTIES_DEPTH = 8;
export const MAX_PROPERTIES_BYTES = 16 * 1024;
/** Events are accepted from 2000-01-01 to one day ahead of the server's clock (time zones, skew). */
export const EARLIEST_EVENT = Date.UTC(2000, 0, 1);
export const FUTURE_TOLERANCE_MS = 24 * 3600_000;

// NUL is refused by PostgreSQL text; a surrogate without its pair is not valid UTF-8.
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const UNSTORABLE_MESSAGE = "contains a NUL character or an unpaired surrogate";

export function isStorableText(value: string): boolean {
  return !UNSTORABLE.test(value);
}

/** The first problem in a JSON value (too deep, or unstorable text in a key or value), or null. Iterative: depth cannot overflow the stack. */
export function jsonValueProblem(value: unknown, maxDepth: number): string | null {
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 1 }];
  while (stack.length) {
    const { value: current, depth } = stack.pop()!;
    if (typeof current === "string") {
      if (!isStorableText(current)) return UNSTORABLE_MESSAGE;
    } else if (current !== null && typeof current === "object") {
      if (depth > maxDepth) return `nested deeper than ${maxDepth} levels`;
      for (const [key, child] of Object.entries(current)) {
        if (!isStorableText(key)) return UNSTORABLE_MESSAGE;
        stack.push({ value: child, depth: depth + 1 });
      }
    }
  }
  return null;
}

const storable = <S extends z.ZodString>(schema: S) => schema.refine(isStorableText, UNSTORABLE_MESSAGE);
const text = (max: number) => storable(z.string().trim().min(1).max(max));
const optionalText = (max: number) => storable(z.string().trim().max(max)).optional().nullable();

const isoDateTime = z.iso.datetime({ offset: true });
const isoDate = z.iso.date();
const inEventRange = (v: string) => {
  const at = Date.parse(v);
  return at >= EARLIEST_EVENT && at <= Date.now() + FUTURE_TOLERANCE_MS;
};
const occurredAt = isoDateTime.or(isoDate).refine(inEventRange, "must be a date from 2000-01-01 to tomorrow");

const properties = z
  .record(z.string(), z.unknown())
  .superRefine((value, ctx) => {
    const problem = jsonValueProblem(value, MAX_PROPERTIES_DEPTH);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
    else if (Buffer.byteLength(JSON.stringify(value)) > MAX_PROPERTIES_BYTES)
      ctx.addIssue({ code: "custom", message: `larger than ${MAX_PROPERTIES_BYTES / 1024} KB` });
  })
  .optional()
  .nullable();

export const apiEventSchema = z.object({
  source: text(64),
  external_id: text(512),
  actor_source: text(64),
  actor_external_id: text(512),
  actor_email: z.string().trim().email().max(320).optional().nullable(),
  actor_name: optionalText(200),
  actor_handle: optionalText(200),
  type: text(64),
  occurred_at: occurredAt,
  channel: optionalText(200),
  weight: z.number().finite().min(0).max(1000).optional().nullable(),
  properties,
});
export type ApiEvent = z.infer<typeof apiEventSchema>;

/**
 * The same rules as apiEventSchema in one pass per item, for the ingest route's hot path: zod checks
 * the flat shape (types only), then one function trims and bounds the text fields and checks the
 * date, the e-mail and the weight. apiEventSchema checks each field with its own chain of checks,
 * ~6 µs an item (0.3–1 ms of a 100-event request); this is ~0.5 µs. It only ever accepts what
 * apiEventSchema accepts, with the same output (ingest-api.test.ts compares them row by row and over
 * generated items); anything it refuses goes to apiEventSchema (parseApiEvent), which decides and words
 * the error, so an answer's messages are apiEventSchema's.
 */
const DATE_TIME_PATTERN = isoDateTime.def.pattern!;
const DATE_PATTERN = isoDate.def.pattern!;
const EMAIL_PATTERN = z.regexes.email;
const BROKEN = Symbol("breaks a rule");

/** A text field trimmed, or BROKEN; absent and null pass through (the shape decided those). */
function boundedText<T extends string | null | undefined>(
  value: T,
  min: number,
  max: number,
): T | typeof BROKEN {
  if (typeof value !== "string") return value;
  const trimmed = value.trim();
  return trimmed.length < min || trimmed.length > max || !isStorableText(trimmed) ? BROKEN : (trimmed as T);
}

/** Trims the item's text fields in place; false at the first rule it breaks. Fields one by one: a loop over keys costs a keyed lookup each. */
function meetsItemRules(item: ApiEvent): boolean {
  const source = boundedText(item.source, 1, 64);
  const externalId = boundedText(item.external_id, 1, 512);
  const actorSource = boundedText(item.actor_source, 1, 64);
  const actorExternalId = boundedText(item.actor_external_id, 1, 512);
  const type = boundedText(item.type, 1, 64);
  const actorName = boundedText(item.actor_name, 0, 200);
  const actorHandle = boundedText(item.actor_handle, 0, 200);
  const channel = boundedText(item.channel, 0, 200);
  if (
    source === BROKEN ||
    externalId === BROKEN ||
    actorSource === BROKEN ||
    actorExternalId === BROKEN ||
    type === BROKEN ||
    actorName === BROKEN ||
    actorHandle === BROKEN ||
    channel === BROKEN
  )
    return false;
  let email = item.actor_email;
  if (typeof email === "string") {
    email = email.trim();
    if (!EMAIL_PATTERN.test(email) || email.length > 320) return false;
  }
  const at = item.occurred_at;
  if (!(DATE_TIME_PATTERN.test(at) || DATE_PATTERN.test(at))) return false;
  const atMs = Date.parse(at);
  if (!(atMs >= EARLIEST_EVENT && atMs <= (batchLatestEventMs ?? Date.now() + FUTURE_TOLERANCE_MS)))
    return false;
  const weight = item.weight;
  if (typeof weight === "number" && !(weight >= 0 && weight <= 1000)) return false;
  item.source = source;
  item.external_id = externalId;
  item.actor_source = actorSource;
  item.actor_external_id = actorExternalId;
  item.type = type;
  if (typeof actorName === "string") item.actor_name = actorName;
  if (typeof actorHandle === "string") item.actor_handle = actorHandle;
  if (typeof channel === "string") item.channel = channel;
  if (typeof email === "string") item.actor_email = email;
  return true;
}

/** The flat shape, types only: the zod half of the fast check (meetsItemRules is the other). */
const apiEventShapeSchema = z.object({
  source: z.string(),
  external_id: z.string(),
  actor_source: z.string(),
  actor_external_id: z.string(),
  actor_email: z.string().nullish(),
  actor_name: z.string().nullish(),
  actor_handle: z.string().nullish(),
  type: z.string(),
  occurred_at: z.string(),
  channel: z.string().nullish(),
  weight: z.number().nullish(),
  properties,
});

/**
 * The fast check: the item as apiEventSchema would output it, or null where the fast check refuses
 * (apiEventSchema then decides). The rules run after the shape, not as a zod `.transform` on it: the
 * transform's pipe cost as much as the shape and the rules together (~1 µs an item, Dec 2026).
 */
export function fastApiEvent(item: unknown): ApiEvent | null {
  const shape = apiEventShapeSchema.safeParse(item);
  return shape.success && meetsItemRules(shape.data) ? shape.data : null;
}

/** One API item through the fast check, or through apiEventSchema when the fast check refuses it. */
export function parseApiEvent(item: unknown): z.ZodSafeParseResult<ApiEvent> {
  const data = fastApiEvent(item);
  return data ? { success: true, data } : apiEventSchema.safeParse(item);
}

/**
 * The latest event time accepted, read once per batch by parseApiEvents: inside a Next request
 * Date.now() is wrapped (two async-context lookups a call), a tenth of the fast check's time per item.
 */
let batchLatestEventMs: number | undefined;

/** A batch's items, each through parseApiEvent, with one clock reading for the whole batch. */
export function parseApiEvents(items: unknown[]): z.ZodSafeParseResult<ApiEvent>[] {
  batchLatestEventMs = Date.now() + FUTURE_TOLERANCE_MS;
  try {
    return items.map(parseApiEvent);
  } finally {
    batchLatestEventMs = undefined;
  }
}

export const ingestEnvelopeSchema = z.object({
  events: z
    .array(z.unknown())
    .min(1)
    .max(MAX_EVENTS_PER_REQUEST, `at most ${MAX_EVENTS_PER_REQUEST} events per request`),
});

/** RFC 7240: `Prefer: respond-async` (among other preferences) asks the ingest API to queue and answer 202. */
export function prefersRespondAsync(prefer: string | null): boolean {
  return !!prefer && prefer.split(",").some((p) => p.split(";")[0].trim().toLowerCase() === "respond-async");
}

/** Query of POST /api/v1/imports (the body is the file itself, streamed). */
export const importUploadQuerySchema = z.object({
  source: z.enum(["slack", "github", "git", "stripe-events", "opencollective", "csv", "jsonl", "discourse"]),
  kind: z.enum(["members", "identities", "events", "subscription_changes"]).optional(),
  repository: z
    .string()
    .trim()
    .regex(/^[\w.-]+\/[\w.-]+$/, "owner/name")
    .optional(),
});

/** Sources that write revenue: never from a token, only from a signed-in admin (#18 item 5). */
export const BILLING_IMPORT_SOURCES: ReadonlySet<string> = new Set(["stripe-events", "opencollective"]);

/** Largest upload accepted (streamed to disk, never held in memory). */
export const MAX_UPLOAD_BYTES = 5 * 1024 ** 3;
