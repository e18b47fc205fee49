// Hand-written readers for the high-volume canonical kinds (events, identities). They accept
// only what the zod schemas accept and return null on any doubt, so zod stays the authority
// and explains every rejected row; the hand path just keeps zod off the hot path.
import { normaliseEmail } from "../email-domains";
import type { EventRecord, IdentityRecord } from "../types";
import { parseIsoDate } from "./values";

type Row = Record<string, unknown>;
const MISSING = Symbol("missing");
const INVALID = Symbol("invalid");

function required(v: unknown): string | typeof INVALID {
  if (typeof v !== "string") return INVALID;
  const t = v.trim();
  return t.length > 0 ? t : INVALID;
}

function optional(v: unknown): string | typeof MISSING | typeof INVALID {
  if (v === undefined || v === null) return MISSING;
  if (typeof v !== "string") return INVALID;
  const t = v.trim();
  return t.length > 0 ? t : MISSING;
}

export function fastEvent(row: Row): EventRecord | null {
  const source = required(row.source);
  const externalId = required(row.external_id);
  const actorSource = required(row.actor_source);
  const actorId = required(row.actor_external_id);
  const type = required(row.type);
  const at = required(row.occurred_at);
  if (
    source === INVALID ||
    externalId === INVALID ||
    actorSource === INVALID ||
    actorId === INVALID ||
    type === INVALID ||
    at === INVALID
  ) {
    return null;
  }
  const occurredAt = parseIsoDate(at);
  const channel = optional(row.channel);
  if (!occurredAt || channel === INVALID) return null;
  const record: EventRecord = {
    kind: "event",
    source,
    externalId,
    actor: { source: actorSource, externalId: actorId },
    type,
    occurredAt,
    channel: channel === MISSING ? null : channel,
  };
  const w = row.weight;
  if (typeof w === "number") {
    if (!Number.isFinite(w)) return null;
    record.weight = w;
  } else if (w !== undefined && w !== null && !(typeof w === "string" && w.trim() === "")) {
    const n = typeof w === "string" ? Number(w.trim()) : NaN;
    if (!Number.isFinite(n)) return null;
    record.weight = n;
  }
  const p = row.properties;
  if (p !== null && typeof p === "object") {
    if (Array.isArray(p)) return null;
    record.properties = p as Record<string, unknown>;
  } else if (typeof p === "string" && p.trim() !== "") {
    try {
      const parsed: unknown = JSON.parse(p);
      if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) return null;
      record.properties = parsed as Record<string, unknown>;
    } catch {
      return null;
    }
  } else if (p !== undefined && p !== null && typeof p !== "string") {
    return null;
  }
  return record;
}

export function fastIdentity(row: Row): IdentityRecord | null {
  const source = required(row.source);
  const externalId = required(row.external_id);
  const memberKey = optional(row.member_key);
  const handle = optional(row.handle);
  const email = optional(row.email);
  const displayName = optional(row.display_name);
  if (
    source === INVALID ||
    externalId === INVALID ||
    memberKey === INVALID ||
    handle === INVALID ||
    email === INVALID ||
    displayName === INVALID
  ) {
    return null;
  }
  return {
    kind: "identity",
    source,
    externalId,
    memberKey: memberKey === MISSING ? null : memberKey,
    handle: handle === MISSING ? null : handle,
    email: email === MISSING ? null : normaliseEmail(email),
    displayName: displayName === MISSING ? null : displayName,
  };
}
