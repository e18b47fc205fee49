// The four canonical record kinds (members, identities, events, subscription changes):
// their columns, zod schemas, and the mapping to the normalised ingest records.
import { z } from "zod";
import { normaliseEmail } from "../email-domains";
import type { IngestRecord } from "../types";
import { fastEvent, fastIdentity } from "./fast-paths";
import {
  optionalBool,
  optionalDate,
  optionalJsonObject,
  optionalNumber,
  optionalTags,
  optionalText,
  requiredDate,
  requiredInt,
  requiredText,
  zodReason,
} from "./values";

export const CANONICAL_KINDS = ["member", "identity", "event", "subscription_change"] as const;
export type CanonicalKind = (typeof CANONICAL_KINDS)[number];

/** Members become identities of this source, keyed by their member key. */
export const CANONICAL_MEMBER_SOURCE = "csv";

const KIND_ALIASES: Record<string, CanonicalKind> = {
  member: "member",
  members: "member",
  identity: "identity",
  identities: "identity",
  event: "event",
  events: "event",
  subscription_change: "subscription_change",
  subscription_changes: "subscription_change",
};

/** "members", "Event", "subscription-changes" → the canonical kind, else null. */
export function canonicalKind(value: unknown): CanonicalKind | null {
  if (typeof value !== "string") return null;
  return KIND_ALIASES[value.trim().toLowerCase().replace(/-/g, "_")] ?? null;
}

export const memberRowSchema = z.object({
  member_key: requiredText,
  name: optionalText,
  email: optionalText,
  joined_at: optionalDate,
  country: optionalText,
  organization: optionalText,
  tags: optionalTags,
  is_staff: optionalBool,
  is_bot: optionalBool,
  do_not_contact: optionalBool,
  public_opt_out: optionalBool,
});

export const identityRowSchema = z.object({
  source: requiredText,
  external_id: requiredText,
  member_key: optionalText,
  handle: optionalText,
  email: optionalText,
  display_name: optionalText,
});

export const eventRowSchema = z.object({
  source: requiredText,
  external_id: requiredText,
  actor_source: requiredText,
  actor_external_id: requiredText,
  type: requiredText,
  occurred_at: requiredDate,
  channel: optionalText,
  weight: optionalNumber,
  properties: optionalJsonObject,
});

export const subscriptionChangeRowSchema = z.object({
  source: requiredText,
  external_id: requiredText,
  actor_source: requiredText,
  actor_external_id: requiredText,
  subscription_id: requiredText,
  from_plan: optionalText,
  to_plan: optionalText,
  occurred_at: requiredDate,
  mrr_cents: requiredInt.refine((n) => n >= 0, "must not be negative"),
  currency: requiredText.refine((c) => /^[A-Za-z]{3}$/.test(c), "must be a 3-letter ISO 4217 code"),
});

export const CANONICAL_SCHEMAS = {
  member: memberRowSchema,
  identity: identityRowSchema,
  event: eventRowSchema,
  subscription_change: subscriptionChangeRowSchema,
} as const;

/** Columns a CSV of each kind must have (values may still be blank where optional). */
export const REQUIRED_COLUMNS: Record<CanonicalKind, string[]> = {
  member: ["member_key"],
  identity: ["source", "external_id"],
  event: ["source", "external_id", "actor_source", "actor_external_id", "type", "occurred_at"],
  subscription_change: [
    "source",
    "external_id",
    "actor_source",
    "actor_external_id",
    "subscription_id",
    "to_plan",
    "occurred_at",
    "mrr_cents",
    "currency",
  ],
};

export function toRecord(kind: CanonicalKind, data: unknown): IngestRecord {
  switch (kind) {
    case "member": {
      const m = data as z.infer<typeof memberRowSchema>;
      return {
        kind: "identity",
        source: CANONICAL_MEMBER_SOURCE,
        externalId: m.member_key,
        memberKey: m.member_key,
        displayName: m.name ?? null,
        email: normaliseEmail(m.email),
        firstSeenAt: m.joined_at ?? null,
        country: m.country ?? null,
        organizationName: m.organization ?? null,
        ...(m.tags !== undefined && { tags: m.tags }),
        ...(m.is_staff !== undefined && { isStaff: m.is_staff }),
        ...(m.is_bot !== undefined && { isBot: m.is_bot }),
        ...(m.do_not_contact !== undefined && { doNotContact: m.do_not_contact }),
        ...(m.public_opt_out !== undefined && { publicOptOut: m.public_opt_out }),
      };
    }
    case "identity": {
      const i = data as z.infer<typeof identityRowSchema>;
      return {
        kind: "identity",
        source: i.source,
        externalId: i.external_id,
        memberKey: i.member_key ?? null,
        handle: i.handle ?? null,
        email: normaliseEmail(i.email),
        displayName: i.display_name ?? null,
      };
    }
    case "event": {
      const e = data as z.infer<typeof eventRowSchema>;
      return {
        kind: "event",
        source: e.source,
        externalId: e.external_id,
        actor: { source: e.actor_source, externalId: e.actor_external_id },
        type: e.type,
        occurredAt: e.occurred_at,
        channel: e.channel ?? null,
        ...(e.weight !== undefined && { weight: e.weight }),
        ...(e.properties !== undefined && { properties: e.properties }),
      };
    }
    case "subscription_change": {
      const s = data as z.infer<typeof subscriptionChangeRowSchema>;
      return {
        kind: "subscription_change",
        source: s.source,
        externalId: s.external_id,
        actor: { source: s.actor_source, externalId: s.actor_external_id },
        subscriptionExternalId: s.subscription_id,
        fromPlan: s.from_plan ?? null,
        toPlan: s.to_plan ?? null,
        occurredAt: s.occurred_at,
        mrrCents: s.mrr_cents,
        currency: s.currency.toUpperCase(),
      };
    }
  }
}

/** Validates one row of a known kind → a record, or the reason it is unusable. */
export function canonicalRecord(
  kind: CanonicalKind,
  row: Record<string, unknown>,
): { record: IngestRecord } | { reason: string } {
  const fast = kind === "event" ? fastEvent(row) : kind === "identity" ? fastIdentity(row) : null;
  if (fast) return { record: fast };
  const result = CANONICAL_SCHEMAS[kind].safeParse(row);
  if (!result.success) return { reason: zodReason(result.error) };
  return { record: toRecord(kind, result.data) };
}
