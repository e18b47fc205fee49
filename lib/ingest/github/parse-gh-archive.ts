// GH Archive parser: one GitHub event per line, optionally gzipped (detected by magic
// bytes). Yields the mapped event plus each account's identity the first time it appears.
import { z } from "zod";
import { clip, readFileLines } from "../line-reader";
import { MalformedFileError, type IngestRecord, type ParsedRow } from "../types";
import { ghIdentityRef, isGhBot, mapGhEvent, type GhAccount, type GhArchiveEvent } from "./map-event";

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

  for await (const { line, text } of readFileLines(file)) {
    if (text.length === 0 || text.trim().length === 0) continue;
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
    const checked = validate(value);
    if ("reason" in checked) {
      yield { ok: false, line, reason: checked.reason, raw: clip(text) };
      continue;
    }
    const { event, occurredAt } = checked;
    const mapped = mapGhEvent(event);
    if (!mapped) continue;
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
    yield { ok: true, line, records };
  }
}
