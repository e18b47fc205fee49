// What splitting an identity off its member moves, decided without a database: the new member's name, which
// billing rows the identity owns, and whether the split is allowed at all. The writes are lib/services/identity/split.ts.

export interface SplitIdentity {
  source: string;
  externalId: string;
  displayName: string | null;
  handle: string | null;
  email: string | null;
}

/** Why this identity cannot be split off, or null. A member's only identity is the member itself: nothing to split. */
export function splitRefusal(identity: { memberId: number }, identitiesOfMember: number): string | null {
  if (identitiesOfMember < 2) return "This is the member's only identity: there is nothing to split it from";
  return null;
}

/**
 * The new member's name: the identity's display name, else its handle, else the address's local part, else
 * "source:id". An email-shaped id (a git author) is never shown whole: privacy mode stores only its hash there.
 */
export function splitMemberName(identity: SplitIdentity): string {
  const local = identity.email?.split("@")[0];
  const id =
    identity.externalId.includes("@") || identity.externalId.startsWith("h:")
      ? `${identity.source} author`
      : `${identity.source}:${identity.externalId}`;
  return (identity.displayName?.trim() || identity.handle?.trim() || local || id).slice(0, 200);
}

/**
 * The billing rows keyed by the identity, which move with it: a Stripe customer's subscriptions (customer_id), an
 * Open Collective contributor's subscriptions and payments (their ids are "oc:<slug>:…"). Changes and payments of a
 * moved subscription follow it. Canonical CSV billing names the member key, not an account: it stays.
 */
export type BillingOwnership =
  | { kind: "stripe-customer"; customerId: string }
  | { kind: "id-prefix"; source: string; prefix: string }
  | null;

export function billingOwnedBy(identity: Pick<SplitIdentity, "source" | "externalId">): BillingOwnership {
  if (identity.source === "stripe") return { kind: "stripe-customer", customerId: identity.externalId };
  if (identity.source === "opencollective")
    return { kind: "id-prefix", source: "opencollective", prefix: `oc:${identity.externalId}:` };
  return null;
}

/** LIKE pattern for a literal prefix: "%", "_" and "\" in a slug match themselves. */
export function likePrefix(prefix: string): string {
  return `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The domain of an address, lower-cased; null for none or a hashed id. */
export function emailDomain(email: string | null): string | null {
  const at = email?.lastIndexOf("@") ?? -1;
  if (!email || at < 1 || at === email.length - 1) return null;
  return email
    .slice(at + 1)
    .trim()
    .toLowerCase();
}
