// Linking evidence as keys: what an identity owns (its email, its GitHub login, a member key) and
// what it claims (a handle named in its profile, a commit email it pushed). Pure; no database.
import {
  githubIdFromNoreply,
  githubLoginFromNoreply,
  isNoreplyEmail,
  normaliseEmail,
} from "@/lib/ingest/email-domains";
import type { IdentityRecord } from "@/lib/ingest/types";

/** How a key came to be held; claims of the "guarded" kinds link only when one identity per source makes them. */
export type ClaimVia =
  "email" | "handle" | "account_id" | "member_key" | "profile_handle" | "commit_email" | "noreply";
export const GUARDED_CLAIMS: readonly ClaimVia[] = ["profile_handle", "commit_email"];

export interface ClaimKey {
  key: string;
  owns: boolean;
  via: ClaimVia;
}

/** Sources whose accounts other profiles name by handle (only GitHub today). */
const NAMED_BY_HANDLE = new Set(["github"]);

const GMAIL = new Set(["gmail.com", "googlemail.com"]);

/**
 * One address per mailbox: trimmed, lower-cased, the "+tag" dropped, Gmail's dots removed. The tag is
 * dropped on every domain: Google Workspace, Microsoft 365 (on by default since 2022; Exchange tries the whole
 * address first, then the address without the tag), Fastmail, Proton, iCloud and Sendmail deliver
 * "local+tag@" to "local@", and an address with a tag reaches us only because someone used it. Not folded:
 * a local part that is only a tag ("+billing@"), a tag that starts with another "+" ("c++@"), GitHub's
 * "ID+login@users.noreply.github.com" (the "+" separates the number from the login), and "no+reply@"-style
 * addresses. Hosts whose separator is "-" (qmail) are not folded: "-" is part of too many real names.
 */
export function canonicalEmail(raw: string | null | undefined): string | null {
  const email = normaliseEmail(raw);
  if (!email) return null;
  const at = email.lastIndexOf("@");
  let local = email.slice(0, at);
  let domain = email.slice(at + 1);
  const plus = local.indexOf("+");
  const tag = local.slice(plus + 1);
  if (plus > 0 && tag && !tag.startsWith("+") && !isNoreplyEmail(email)) local = local.slice(0, plus);
  if (GMAIL.has(domain)) {
    local = local.replaceAll(".", "");
    domain = "gmail.com";
  }
  return `${local}@${domain}`;
}

export const handleKey = (source: string, handle: string) => `h:${source}:${handle.trim().toLowerCase()}`;
export const emailKey = (hash: string) => `e:${hash}`;
export const memberKeyKey = (memberKey: string) => `k:${memberKey}`;
export const githubAccountKey = (id: string) => `u:github:${id}`;

/**
 * The keys a record holds. Its own email is not among them (the identity's email hash is its key);
 * `hashEmail` turns a canonical address into that hash so claimed emails meet owned ones.
 * Bots hold nothing: a bot is never linked to a person.
 */
export function claimKeysOf(record: IdentityRecord, hashEmail: (canonical: string) => string): ClaimKey[] {
  if (record.isBot) return [];
  const keys: ClaimKey[] = [];
  if (NAMED_BY_HANDLE.has(record.source) && record.handle?.trim())
    keys.push({ key: handleKey(record.source, record.handle), owns: true, via: "handle" });
  // A member key is an explicit statement by whoever wrote the file: every identity naming it is that member.
  // A GitHub account's number outlives its login: a renamed account, and the "ID+login@users.noreply.github.com"
  // addresses git wrote under each of its logins, are one account.
  const accountId =
    record.source === "github" && /^\d+$/.test(record.externalId)
      ? record.externalId
      : record.source === "git"
        ? githubIdFromNoreply(record.externalId)
        : null;
  if (accountId) keys.push({ key: githubAccountKey(accountId), owns: true, via: "account_id" });
  // Before July 2017 GitHub gave each account "login@users.noreply.github.com", with no number: that address is
  // the account with that login, as the numbered one ("ID+login@") later given to it names the same login.
  const oldNoreply = record.source === "git" && !accountId ? githubLoginFromNoreply(record.externalId) : null;
  if (oldNoreply && !oldNoreply.endsWith("[bot]"))
    keys.push({ key: handleKey("github", oldNoreply), owns: true, via: "handle" });
  if (record.source === "csv")
    keys.push({ key: memberKeyKey(record.externalId), owns: true, via: "member_key" });
  if (record.memberKey && !(record.source === "csv" && record.memberKey === record.externalId)) {
    keys.push({ key: memberKeyKey(record.memberKey), owns: true, via: "member_key" });
  }
  for (const linked of record.linkedHandles ?? []) {
    if (!linked.handle.trim() || linked.handle.toLowerCase().endsWith("[bot]")) continue;
    keys.push({
      key: handleKey(linked.source, linked.handle),
      owns: false,
      via: record.source === "git" ? "noreply" : "profile_handle",
    });
  }
  const own = canonicalEmail(record.email);
  for (const claimed of record.claimedEmails ?? []) {
    const canonical = canonicalEmail(claimed);
    if (canonical && canonical !== own)
      keys.push({ key: emailKey(hashEmail(canonical)), owns: false, via: "commit_email" });
  }
  const seen = new Set<string>();
  return keys.filter((k) => {
    const id = `${k.key}\u0000${k.owns}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

/** Disjoint sets over any keys: used to group records of one batch and members to merge. */
export class UnionFind<T> {
  private parent = new Map<T, T>();
  find(x: T): T {
    let root = x;
    while (this.parent.has(root) && this.parent.get(root) !== root) root = this.parent.get(root)!;
    let node = x;
    while (node !== root) {
      const next = this.parent.get(node) ?? root;
      this.parent.set(node, root);
      node = next;
    }
    if (!this.parent.has(root)) this.parent.set(root, root);
    return root;
  }
  union(a: T, b: T): void {
    const [ra, rb] = [this.find(a), this.find(b)];
    if (ra !== rb) this.parent.set(rb, ra);
  }
  /** The sets with more than one element. */
  groups(): T[][] {
    const byRoot = new Map<T, T[]>();
    for (const x of this.parent.keys()) {
      const root = this.find(x);
      byRoot.set(root, [...(byRoot.get(root) ?? []), x]);
    }
    return [...byRoot.values()].filter((g) => g.length > 1);
  }
}

/**
 * A sentence for the member page: why an identity belongs to its member. `mineOwns` says whether the
 * linking key is the identity's own (its email, its login) or a claim it makes about another account.
 */
export function describeLink(
  via: string,
  mineOwns: boolean,
  otherOwns: boolean,
  other: { source: string; label: string },
): string {
  const who = `${other.source} ${other.label}`;
  if (mineOwns && otherOwns)
    return via === "member_key"
      ? `same member key as ${who}`
      : via === "handle"
        ? `same login as ${who}`
        : via === "account_id"
          ? `same GitHub account as ${who}`
          : `same email as ${who}`;
  if (!mineOwns) {
    if (via === "commit_email") return `pushed commits with the email of ${who}`;
    if (via === "noreply") return `its noreply address names ${who}`;
    return `its profile names ${who}`;
  }
  if (via === "commit_email") return `its email is on commits pushed by ${who}`;
  if (via === "noreply") return `named by the noreply address of ${who}`;
  return `named in the profile of ${who}`;
}
