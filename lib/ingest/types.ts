// The normalised records every source parser yields, and the one persist layer consumes.
// Parsers are pure streams (file in, records out); they never touch the database.

/** Where an identity or event came from: slack, github, git, stripe, opencollective, forum, meetup, api, manual... */
export type SourceName = string;

/** A reference to one person's account in one source. */
export interface IdentityRef {
  source: SourceName;
  externalId: string;
}

/** A person's account in one source, with whatever the source says about them. */
export interface IdentityRecord extends IdentityRef {
  kind: "identity";
  handle?: string | null;
  email?: string | null;
  displayName?: string | null;
  isBot?: boolean;
  isDeleted?: boolean;
  /** Handles in other sources that this profile names, e.g. a GitHub login written in a Slack title. */
  linkedHandles?: { source: SourceName; handle: string }[];
  /** Email addresses this account was seen using elsewhere, e.g. the author email of commits it pushed. */
  claimedEmails?: string[];
  /** Organisation named by the profile (not by the email domain, which the persist layer derives). */
  organizationName?: string | null;
  country?: string | null;
  /** Canonical imports may name the member they belong to (their own member key). */
  memberKey?: string | null;
  /** Canonical member flags and tags (members imports); absent means "not stated". */
  isStaff?: boolean;
  doNotContact?: boolean;
  /** Left out of the public report. */
  publicOptOut?: boolean;
  tags?: string[];
  /** When the account was first seen, if the source knows. */
  firstSeenAt?: Date | null;
  profile?: Record<string, unknown>;
}

/** One thing a person did, once. (source, externalId) is unique so re-imports are idempotent. */
export interface EventRecord {
  kind: "event";
  source: SourceName;
  externalId: string;
  actor: IdentityRef;
  /** message, thread_reply, reaction, message_edit, pr_opened, pr_merged, pr_review, issue_opened, issue_comment, push, commit, ... */
  type: string;
  occurredAt: Date;
  channel?: string | null;
  weight?: number;
  properties?: Record<string, unknown>;
}

/** A change of paid plan, for sources that state changes rather than subscription objects. */
export interface SubscriptionChangeRecord {
  kind: "subscription_change";
  source: SourceName;
  externalId: string;
  actor: IdentityRef;
  subscriptionExternalId: string;
  /** Plan key after the change; null for a cancellation. */
  toPlan: string | null;
  fromPlan?: string | null;
  occurredAt: Date;
  /** Monthly recurring amount after the change, in minor units (cents). */
  mrrCents: number;
  currency: string;
}

/** A one-off or recurring payment (paid or failed). */
export interface PaymentRecord {
  kind: "payment";
  source: SourceName;
  externalId: string;
  actor: IdentityRef;
  amountCents: number;
  currency: string;
  status: "paid" | "failed" | "refunded";
  /** donation (one-time), recurring, invoice */
  paymentKind: "donation" | "recurring" | "invoice";
  occurredAt: Date;
  subscriptionExternalId?: string | null;
}

export type IngestRecord = IdentityRecord | EventRecord | SubscriptionChangeRecord | PaymentRecord;

/**
 * What a parser yields for each input row: a record (or several), or a row it could not read.
 * `file` names the file (or archive entry) the line belongs to when one import reads several
 * files, as a Slack export does. `wholeFile` marks a file of a multi-file export that was set aside
 * whole (a broken Slack day file) while the rest of the export lands.
 */
export type ParsedRow =
  | { ok: true; line: number; records: IngestRecord[]; file?: string }
  | { ok: false; line: number; reason: string; raw: string; file?: string; wholeFile?: boolean };

/**
 * What to do next, said twice: once for someone at the command line, once for someone on the
 * Imports page (who cannot pass flags and must not see server paths).
 */
export interface AudienceHint {
  cli: string;
  web: string;
}

/** A malformed file (not a bad row): refused whole, naming the file and line. */
export class MalformedFileError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly reason: string,
    readonly hint?: AudienceHint,
  ) {
    super(`${file}:${line}: ${reason}`);
    this.name = "MalformedFileError";
  }
}
