// Decides what an Open Collective transaction is (a contribution, or money leaving / coming back) and whether
// the contributor is an organisation. Heuristics over the export's text; documented so they can be argued with.
import type { OcTransaction } from "./csv";

export type OcSkipReason = "refund" | "expense" | "transfer" | "zero_amount";

export type OcClassification =
  { contribution: true; recurring: boolean } | { contribution: false; reason: OcSkipReason };

/**
 * Not contributions, in this order: refunds (description mentions a refund), expenses and payouts (description mentions
 * an expense, or any negative amount: money leaving the collective, e.g. reimbursed hardware or a transfer to another
 * collective), internal transfers ("Transferring donated funds" moves money already given elsewhere), and zero amounts.
 * A transaction from the current export format carries its verdict in `skip` instead.
 */
export function classifyOcTransaction(tx: OcTransaction): OcClassification {
  // The current export format states what a row is (current-format.ts); its description is then not second-guessed.
  if (tx.skip) return { contribution: false, reason: tx.skip };
  if (tx.skip === null)
    return tx.amountCents === 0
      ? { contribution: false, reason: "zero_amount" }
      : { contribution: true, recurring: tx.interval != null };
  if (/\brefund/i.test(tx.description)) return { contribution: false, reason: "refund" };
  if (/\bexpense/i.test(tx.description) || tx.amountCents < 0)
    return { contribution: false, reason: "expense" };
  if (/^transfer(ring)?\b/i.test(tx.description)) return { contribution: false, reason: "transfer" };
  if (tx.amountCents === 0) return { contribution: false, reason: "zero_amount" };
  return { contribution: true, recurring: tx.interval != null };
}

/** A legal form at the end of the name ("Murderbits Ltd.", "WNC DevOps Experts, LLC", "8729417 Canada Inc."). */
const LEGAL_FORM =
  /(?:^|[\s,])(?:(?:inc|llc|l\.l\.c|ltd|limited|gmbh|corp|corporation|company|plc|pty|llp|s\.a|s\.r\.l|b\.v)\.?|co\.)$/i;
/** Words people rarely carry in their own name but businesses and institutions do. */
const BUSINESS_WORD =
  /\b(media|technolog(y|ies)|software|games|gaming|studios|labs?|systems|solutions|group|consulting|agency|productions|entertainment|interactive|foundation|church|school|university|association|club)\b/i;
/** Open Collective sponsor tiers (OBS: Bronze/Silver/Gold/Diamond Sponsor) are the tiers offered to organisations. */
const SPONSOR_TIER = /\bsponsor\b/i;

/**
 * Organisation heuristic: the name has a legal form or a business word; or the description names a sponsor tier and the
 * profile is a registered one (a guest-… checkout choosing a sponsor tier is more often a person). Known misses on the
 * OBS export: a person with a registered profile on a sponsor tier counts as an organisation; a guest company on a
 * backer tier with a plain name does not. `overrides` (slug → boolean) settles individual cases.
 */
export function looksLikeOrganization(
  tx: Pick<OcTransaction, "userName" | "description" | "slug">,
  overrides?: Readonly<Record<string, boolean>>,
): boolean {
  const override = overrides?.[tx.slug];
  if (override != null) return override;
  const name = tx.userName.trim();
  if (LEGAL_FORM.test(name) || BUSINESS_WORD.test(name)) return true;
  return SPONSOR_TIER.test(tx.description) && !isGuestSlug(tx.slug);
}

export const isGuestSlug = (slug: string): boolean => /^guest-[0-9a-f]+$/i.test(slug);
