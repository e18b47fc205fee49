// Git authors as identities: keyed by lower-cased email, with the organisation read
// from the email domain and a GitHub login read from a users.noreply.github.com address.
import {
  githubLoginFromNoreply,
  isNoreplyEmail,
  normaliseEmail,
  organizationFromEmail,
} from "../email-domains";
import type { IdentityRecord, IdentityRef } from "../types";

/**
 * The identity key of a commit author: the lower-cased email, or "name:<lower-cased name>"
 * when the email field holds no address (old commits sometimes carry just a name there).
 */
export function gitIdentityKey(rawEmail: string, name: string): IdentityRef {
  const email = rawEmail.trim().toLowerCase();
  if (email.includes("@")) return { source: "git", externalId: email };
  const fallback = email || name.trim().toLowerCase() || "unknown";
  return { source: "git", externalId: `name:${fallback}` };
}

/**
 * Automation committing under a plain name, as real logs show it (octokit/rest.js, vuejs/core): "Renovate Bot"
 * <bot@renovateapp.com>, "vue-bot", "Octokit Bot", "Travis CI User", "Create or Update Pull Request Action",
 * GitHub's "Copilot" agent. A word "bot" at the end of the name, or an address whose mailbox is "bot", "…-bot".
 */
const AUTOMATION_NAME = /(^|[\s_-])bot$|^(github actions?|travis ci( user)?)$|\saction$/;
const AUTOMATION_MAILBOX = /^(bot|action|actions|github-actions)$|[._-]bot$/;
const BOT_LOGINS = new Set(["copilot"]);

/** Bot authors: a name ending in "[bot]" ("dependabot[bot]"), a GitHub noreply address for a "[bot]" account, or automation's usual names. */
export function isGitBotAuthor(email: string | null, name: string): boolean {
  const lowerName = name.trim().toLowerCase();
  if (lowerName.endsWith("[bot]") || AUTOMATION_NAME.test(lowerName)) return true;
  const login = email ? githubLoginFromNoreply(email) : null;
  if (login !== null) return login.endsWith("[bot]") || BOT_LOGINS.has(login);
  const mailbox = email?.slice(0, email.lastIndexOf("@")).split("+").pop() ?? "";
  return AUTOMATION_MAILBOX.test(mailbox);
}

export function gitIdentityRecord(externalId: string, rawEmail: string, name: string): IdentityRecord {
  const email = normaliseEmail(rawEmail);
  const isBot = isGitBotAuthor(email, name);
  const usable = email && !isNoreplyEmail(email) ? email : null;
  const org = organizationFromEmail(email, name);
  const githubLogin = email ? githubLoginFromNoreply(email) : null;
  const record: IdentityRecord = {
    kind: "identity",
    source: "git",
    externalId,
    email: usable,
    displayName: name.trim() || null,
    organizationName: isBot ? null : (org?.name ?? null),
    isBot,
  };
  if (org) record.profile = { organizationDomain: org.domain };
  if (githubLogin && !isBot) record.linkedHandles = [{ source: "github", handle: githubLogin }];
  return record;
}
