// GH Archive parser: one GitHub event per line, optionally gzipped (detected by magic
// bytes). Yields the mapped event plus each account's identity the first time it appears.
import { z } from "zod";
import { clip, jsonErrorLine, readFileLines } from "../line-reader";
import { concatenatedJson } from "../json-documents";
import { MalformedFileError, type IngestRecord, type ParsedRow } from "../types";
import { ghIdentityRef, isGhBot, mapGhEvent, type GhAccount, type GhArchiveEvent } from "./map-event";
import { mapRestResource } from "./map-rest-resource";

const idSchema = z.union([z.string().min(1), z.number()]);

export const ghArchiveEventSchema = z.object({
  id: idSchema,
  type: z.string().min(1),
  actor: z.object({ id: idSchema.nullish(), login: z.string().min(1) }),
  repo: z.object({ name: z.string().nullish() }).nullish(),
  payload: z.record(z.string(), z.unknown()).nullish(),
  created_at: z.string().refine((s) => !Number.isNaN(Date.parse(s)), "created_at is not a date"),
});

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Hand check of the fields we read (the hot path); zod explains failures. */
function validate(value: unknown): { event: GhArchiveEvent; occurredAt: Date } | { reason: string } {
  if (isObject(value)) {
    const { id, type, actor, created_at: createdAt } = value;
    if (
      (typeof id === "string" || typeof id === "number") &&
      typeof type === "string" &&
      isObject(actor) &&
      typeof actor.login === "string" &&
      actor.login.length > 0 &&
      typeof createdAt === "string"
    ) {
      const occurredAt = new Date(createdAt);
      if (!Number.isNaN(occurredAt.getTime()) && id !== "" && type !== "") {
        const event = value as unknown as GhArchiveEvent;
        if (typeof id === "number") event.id = String(id);
        return { event, occurredAt };
      }
    }
  }
  const result = ghArchiveEventSchema.safeParse(value);
  if (result.success) return { reason: "unsupported event shape" };
  return {
    reason: result.error.issues.map((i) => `${i.path.join(".") || "event"}: ${i.message}`).join("; "),
  };
}

/**
 * Streams a GH Archive file. A first line that is not a JSON object refuses the file
 * (it is not an event archive); later unreadable lines are quarantined as bad rows.
 */
export async function* parseGhArchive(file: string): AsyncGenerator<ParsedRow> {
  const seenAccounts = new Set<string>();
  // Commit emails already claimed per account: a new one re-states the identity with its claim.
  const seenClaims = new Set<string>();
  let sawFirstLine = false;

  const identityOnce = (account: GhAccount, out: IngestRecord[], commitEmail?: string) => {
    const ref = ghIdentityRef(account);
    const claim = commitEmail && !isGhBot(account) ? `${ref.externalId}\u0000${commitEmail}` : null;
    const newClaim = claim !== null && !seenClaims.has(claim);
    if (seenAccounts.has(ref.externalId) && !newClaim) return ref;
    seenAccounts.add(ref.externalId);
    if (claim) seenClaims.add(claim);
    out.push({
      kind: "identity",
      ...ref,
      handle: account.login,
      isBot: isGhBot(account),
      ...(newClaim ? { claimedEmails: [commitEmail!] } : {}),
    });
    return ref;
  };

  /** One event (a line of the archive, or an item of a REST API array) → its row, if it maps to activity. */
  const rowOf = (value: unknown, line: number, text?: string): ParsedRow | null => {
    // Not an event (no `type` with an `actor`): an object of a REST list, issues, pulls, comments, stars.
    const rest = isObject(value) && !isObject(value.actor) ? mapRestResource(value) : null;
    if (rest && "reason" in rest)
      return { ok: false, line, reason: rest.reason, raw: clip(text ?? JSON.stringify(value) ?? "") };
    if (rest) {
      if (!rest.activities.length) return null;
      const records: IngestRecord[] = [];
      for (const a of rest.activities) {
        const actor = identityOnce(a.account, records);
        const { account: _account, ...event } = a;
        records.push({ kind: "event", source: "github", actor, ...event });
      }
      return { ok: true, line, records };
    }
    const checked = validate(value);
    if ("reason" in checked)
      return { ok: false, line, reason: checked.reason, raw: clip(text ?? JSON.stringify(value) ?? "") };
    const { event, occurredAt } = checked;
    const mapped = mapGhEvent(event);
    if (!mapped) return null;
    const records: IngestRecord[] = [];
    const actor = identityOnce(mapped.account, records, mapped.commitEmail);
    records.push({
      kind: "event",
      source: "github",
      externalId: event.id,
      actor,
      type: mapped.type,
      occurredAt,
      channel: event.repo?.name ?? null,
      ...(mapped.weight !== undefined ? { weight: mapped.weight } : {}),
      properties: mapped.properties,
    });
    return { ok: true, line, records };
  };

  let documentText: string[] | null = null;
  let documentChars = 0;
  for await (const { line, text } of readFileLines(file)) {
    if (documentText) {
      documentChars += text.length + 1;
      if (documentChars > MAX_ARRAY_CHARS) throw arrayTooLarge(file);
      documentText.push(text);
      continue;
    }
    if (text.length === 0 || text.trim().length === 0) continue;
    if (!sawFirstLine && text.trimStart().startsWith("[")) {
      // The REST API's event lists (`gh api repos/OWNER/REPO/events`) are JSON arrays, often pretty-printed.
      sawFirstLine = true;
      documentText = [text];
      documentChars = text.length;
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      if (!sawFirstLine)
        throw new MalformedFileError(
          file,
          line,
          `not a GH Archive file: line is not JSON (${(err as Error).message})`,
        );
      yield { ok: false, line, reason: `invalid JSON: ${(err as Error).message}`, raw: clip(text) };
      continue;
    }
    if (!sawFirstLine) {
      sawFirstLine = true;
      if (!isObject(value))
        throw new MalformedFileError(
          file,
          line,
          "not a GH Archive file: expected one JSON event object per line",
        );
    }
    const row = rowOf(value, line, text);
    if (row) yield row;
  }
  if (documentText) {
    const events = parseEventArray(documentText.join("\n"), file);
    for (let i = 0; i < events.length; i++) {
      const row = rowOf(events[i], i + 1);
      if (row) yield row;
    }
  }
}

/** A JSON document of events is held whole: far more than the REST API's 300-event window, far less than the heap. */
const MAX_ARRAY_CHARS = 64 * 1024 * 1024;

function arrayTooLarge(file: string): MalformedFileError {
  return new MalformedFileError(
    file,
    0,
    "a JSON array of events larger than 64 MB: write one event per line instead (`jq -c '.[]' FILE`)",
  );
}

/**
 * The events of a JSON array, or of `gh api --paginate --slurp`'s array of pages. Rows are then
 * numbered by position in the (flattened) array, as a Slack day file's messages are.
 */
function parseEventArray(text: string, file: string): unknown[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    // `gh api --paginate` without --slurp: one array a page, back to back.
    const pages = concatenatedJson(text);
    if (!pages)
      throw new MalformedFileError(
        file,
        jsonErrorLine(text, err),
        `not a GitHub events array: not JSON (${(err as Error).message})`,
      );
    value = pages;
  }
  if (!Array.isArray(value)) throw new MalformedFileError(file, 1, "expected a JSON array of events");
  return value.every(Array.isArray) ? value.flat() : value;
}
