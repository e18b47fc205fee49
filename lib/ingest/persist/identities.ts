// Writes identity records and resolves actors to members: one member per person. Every identity's
// linking evidence is stored (identity_claims), and read from both sides, so the members that result
// do not depend on which source came first; evidence that joins two members merges them (audited).
import "server-only";
import { createHash } from "node:crypto";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { IdentityRecord, IdentityRef } from "@/lib/ingest/types";
import { normaliseEmail } from "@/lib/ingest/email-domains";
import {
  canonicalEmail,
  claimKeysOf,
  describeLink,
  GUARDED_CLAIMS,
  UnionFind,
  type ClaimKey,
} from "@/lib/identity/claims";
import {
  findLinks,
  heldKeys,
  lookUpAndFindLinks,
  storeClaims,
  type BatchKey,
  type KeyLink,
} from "./identity-claims";
import {
  insertPeople,
  keptApartPairs,
  loadBotList,
  lockMembers,
  MembersChangedError,
  setLinkedBy,
  undoneMergePairs,
  updateIdentities,
  updateMemberFacts,
} from "./identity-rows";
import { mergeMembersInTx } from "./member-merge";
import { isListedBot } from "@/lib/identity/bot-list";
import { linkOrganizations, organizationsStated, slugify, type OrganizationLink } from "./organizations";

export { slugify };
type Tx = Prisma.TransactionClient;
export interface ResolvedIdentity {
  identityId: number;
  memberId: number;
}

export interface IdentityCounts {
  membersCreated: number;
  identitiesLinked: number;
  /** Members merged into another because new evidence showed them to be one person. */
  membersMerged: number;
}

/**
 * An identity's cache key, kept per reference object: a source that shares one reference among an actor's records
 * (Open Collective's payments) then costs one string per actor instead of several per record, and the map finds
 * a string whose hash is already known. A record's source and external id are never changed once it is made.
 */
const keys = new WeakMap<IdentityRef, string>();
const key = (r: IdentityRef) => {
  let k = keys.get(r);
  if (k === undefined) {
    k = `${r.source}\u0000${r.externalId}`;
    keys.set(r, k);
  }
  return k;
};

export function emailHash(email: string, salt: string): string {
  return createHash("sha256").update(`${salt}:${email}`).digest("hex");
}

/** Caches identity → member for one import run, so repeated actors cost one lookup. */
export class IdentityResolver {
  private cache = new Map<string, ResolvedIdentity>();
  /**
   * Called before members are merged: an importer writing earlier batches' events concurrently waits
   * for them here, so the merge moves those events instead of racing their inserts.
   */
  beforeMerge: (() => Promise<void>) | undefined;
  /**
   * Members the current transaction may point events at: created by it (invisible to others) or locked by it
   * (holdMembers). activity_events has no foreign key to members, so this is what keeps events from orphans.
   * A resolver may outlive a transaction (a sync writes each page in its own): the set starts again with each.
   */
  private held: { tx: Tx | null; members: Set<number> } = { tx: null, members: new Set() };
  /** The admin's bot list, read once per resolver. */
  private botList: Set<string> | undefined;
  readonly counts: IdentityCounts = { membersCreated: 0, identitiesLinked: 0, membersMerged: 0 };

  constructor(private readonly privacy: { enabled: boolean; salt: string } = { enabled: false, salt: "" }) {}

  get(ref: IdentityRef): ResolvedIdentity | undefined {
    return this.cache.get(key(ref));
  }

  /** Upserts identities and their claims; new ones join the member their evidence names, and members it joins are merged. */
  async upsert(tx: Tx, records: IdentityRecord[]): Promise<void> {
    await this.upsertRecords(tx, records, "update");
  }

  /** `stored`: what happens to records already stored: "update" them (identity records), or "leave" them (actors events name). */
  private async upsertRecords(tx: Tx, records: IdentityRecord[], stored: "update" | "leave"): Promise<void> {
    this.botList ??= await loadBotList(tx);
    const byKey = new Map<string, IdentityRecord>();
    for (const r of records)
      byKey.set(
        key(r),
        combine(byKey.get(key(r)), !r.isBot && isListedBot(r, this.botList) ? { ...r, isBot: true } : r),
      );
    const unique = [...byKey.values()];
    if (unique.length === 0) return;
    const prelinked = await this.lookUp(
      tx,
      unique.filter((r) => !this.cache.has(key(r))),
    );
    const existing = stored === "update" ? unique.filter((r) => this.cache.has(key(r))) : [];
    const fresh = unique.filter((r) => !this.cache.has(key(r)));
    const sets = new UnionFind<number>();
    const reasons = new Map<number, { identityId: number; text: string }>();
    if (existing.length) await this.updateExisting(tx, existing, sets, reasons);
    // Updating stored identities may store evidence the fresh ones link to: then their links are asked again.
    if (fresh.length) await this.insertFresh(tx, fresh, sets, reasons, existing.length ? null : prelinked);
    await this.mergeJoined(tx, sets, reasons);
    await this.applyMemberFacts(tx, stored === "update" ? unique : fresh);
  }

  /**
   * Looks the records up (the stored ones go into the cache) and, in the same statement, what the keys of the others
   * link to; returns those keys and links, indexed by the records not found, in order.
   */
  private async lookUp(tx: Tx, records: IdentityRecord[]): Promise<{ keys: BatchKey[]; links: KeyLink[] }> {
    if (!records.length) return { keys: [], links: [] };
    const keys = this.batchKeys(records);
    const { found, links } = await lookUpAndFindLinks(
      tx,
      records.map((r) => ({ source: r.source, externalId: this.storedId(r) })),
      keys,
    );
    if (!found.length) return { keys, links };
    for (const f of found) this.cache.set(key(records[f.i]), { identityId: f.id, memberId: f.memberId });
    // Renumber to the records not found (the links already leave the found ones out).
    const index = new Map<number, number>();
    records.forEach((r, i) => {
      if (!this.cache.has(key(r))) index.set(i, index.size);
    });
    return {
      keys: keys.filter((k) => index.has(k.i)).map((k) => ({ ...k, i: index.get(k.i)! })),
      links: links.map((l) => ({ ...l, i: index.get(l.i)! })),
    };
  }

  private batchKeys(records: IdentityRecord[]): BatchKey[] {
    return records.flatMap((r, i) => this.keysOf(r).map((k) => ({ ...k, i, source: r.source })));
  }

  /**
   * Locks the members events are about to be written for, once per transaction and member, as the foreign key did per
   * row: an erasure or merge elsewhere then waits for this import. A member gone meanwhile (erased or merged
   * after this run read its identity) fails the run, whose transaction then rolls back whole.
   */
  async holdMembers(tx: Tx, memberIds: Iterable<number>): Promise<void> {
    const held = this.heldIn(tx);
    const wanted = new Set<number>();
    for (const id of memberIds) if (!held.has(id)) wanted.add(id);
    if (!wanted.size) return;
    const present = await lockMembers(tx, [...wanted]);
    for (const id of present) held.add(id);
    const gone = [...wanted].filter((id) => !present.has(id));
    if (gone.length) throw new MembersChangedError(gone);
  }

  /** Whether this actor was resolved by this run and its member is created or locked by this transaction. */
  isHeld(tx: Tx, ref: IdentityRef): boolean {
    const resolved = this.cache.get(key(ref));
    return resolved !== undefined && this.held.tx === tx && this.held.members.has(resolved.memberId);
  }

  private heldIn(tx: Tx): Set<number> {
    if (this.held.tx !== tx) this.held = { tx, members: new Set() };
    return this.held.members;
  }

  /** Makes sure every referenced actor exists (an event may name an account no profile listed). */
  async ensureActors(tx: Tx, refs: IdentityRef[]): Promise<void> {
    const missing = new Map<string, IdentityRef>();
    for (const r of refs) if (!this.cache.has(key(r))) missing.set(key(r), r);
    if (missing.size === 0) return;
    // Stored ones are only looked up; the others are created (one statement asks both, see lookUp).
    await this.upsertRecords(
      tx,
      [...missing.values()].map((r) => ({
        kind: "identity",
        source: r.source,
        externalId: r.externalId,
        handle: this.storedId(r) === r.externalId ? r.externalId : null,
      })),
      "leave",
    );
  }

  /** In privacy mode an external id that is an email address (git authors) is stored as its salted hash. */
  private storedId(r: IdentityRef): string {
    if (!this.privacy.enabled || !r.externalId.includes("@")) return r.externalId;
    return `h:${emailHash(r.externalId.trim().toLowerCase(), this.privacy.salt)}`;
  }

  /** The address (never in privacy mode) and the salted hash of its canonical form, which links identities. */
  private emailFields(r: IdentityRecord): { email: string | null; hash: string | null } {
    // Asked three or four times per new record (its keys, its member, its identity row): hashed once.
    const known = this.emailFieldsOf.get(r);
    if (known) return known;
    const email = normaliseEmail(r.email);
    const hash = email ? emailHash(canonicalEmail(email)!, this.privacy.salt) : null;
    const fields = !email
      ? { email: null, hash: null }
      : this.privacy.enabled
        ? { email: null, hash }
        : { email, hash };
    this.emailFieldsOf.set(r, fields);
    return fields;
  }
  private emailFieldsOf = new WeakMap<IdentityRecord, { email: string | null; hash: string | null }>();

  private keysOf(r: IdentityRecord): ClaimKey[] {
    const keys = claimKeysOf(r, (canonical) => emailHash(canonical, this.privacy.salt));
    const { hash } = this.emailFields(r);
    if (hash && !r.isBot) keys.push({ key: `e:${hash}`, owns: true, via: "email" });
    return keys;
  }

  private async updateExisting(
    tx: Tx,
    records: IdentityRecord[],
    sets: UnionFind<number>,
    reasons: Map<number, { identityId: number; text: string }>,
  ): Promise<void> {
    await updateIdentities(
      tx,
      records.map((r) => ({ id: this.cache.get(key(r))!.identityId, record: r, ...this.emailFields(r) })),
    );
    const claimRows = records.flatMap((r) => {
      const identityId = this.cache.get(key(r))!.identityId;
      return claimKeysOf(r, (c) => emailHash(c, this.privacy.salt)).map((k) => ({ identityId, ...k }));
    });
    const gained = await storeClaims(tx, claimRows);
    // Re-resolve identities whose evidence may be new: a new claim, or an email stated again.
    const touched = records
      .filter((r) => r.email || gained.has(this.cache.get(key(r))!.identityId))
      .map((r) => this.cache.get(key(r))!);
    if (!touched.length) return;
    const memberOf = new Map(touched.map((t) => [t.identityId, t.memberId]));
    const recordOf = new Map(records.map((r) => [this.cache.get(key(r))!.identityId, r]));
    const links = await findLinks(tx, await heldKeys(tx, [...memberOf.keys()]), true);
    for (const link of links) {
      const mine = memberOf.get(link.i)!;
      if (link.memberId === mine) continue;
      sets.union(Math.min(mine, link.memberId), Math.max(mine, link.memberId));
      const merged = Math.max(mine, link.memberId);
      if (reasons.has(merged)) continue;
      reasons.set(
        merged,
        merged === mine
          ? { identityId: link.i, text: linkText(link) }
          : { identityId: link.identityId, text: reverseLinkText(link, recordOf.get(link.i)!) },
      );
    }
  }

  /** New identities: grouped within the batch by shared keys, joined to the member their keys link to, else a new member. */
  private async insertFresh(
    tx: Tx,
    records: IdentityRecord[],
    sets: UnionFind<number>,
    reasons: Map<number, { identityId: number; text: string }>,
    prelinked: { keys: BatchKey[]; links: KeyLink[] } | null,
  ): Promise<void> {
    const keys = prelinked?.keys ?? this.batchKeys(records);
    const links = prelinked?.links ?? (await findLinks(tx, keys, false));
    const groups = groupWithinBatch(records.length, keys);
    const linksByGroup = new Map<number, KeyLink[]>();
    for (const link of links) {
      const g = groups.find(link.i);
      linksByGroup.set(g, [...(linksByGroup.get(g) ?? []), link]);
    }
    const memberOfGroup = new Map<number, number>();
    const linkedBy = new Map<number, string>();
    for (const [g, groupLinks] of linksByGroup) {
      const members = [...new Set(groupLinks.map((l) => l.memberId))].sort((a, b) => a - b);
      memberOfGroup.set(g, members[0]);
      for (const l of groupLinks) if (!linkedBy.has(l.i)) linkedBy.set(l.i, linkText(l));
      for (const other of members.slice(1)) {
        sets.union(members[0], other);
        const why = groupLinks.find((l) => l.memberId === other)!;
        if (!reasons.has(other))
          reasons.set(other, { identityId: why.identityId, text: reverseLinkText(why, records[why.i]) });
      }
    }
    const indicesOf = new Map<number, number[]>();
    records.forEach((_, i) => {
      const g = groups.find(i);
      const list = indicesOf.get(g);
      if (list) list.push(i);
      else indicesOf.set(g, [i]);
    });
    const newGroups = [...indicesOf.keys()].filter((g) => !memberOfGroup.has(g));
    const newMemberOf = new Map(newGroups.map((g, n) => [g, n]));
    const heads = newGroups.map((g) => {
      const members = indicesOf.get(g)!.map((i) => records[i]);
      const first = members.find((r) => r.source === "csv") ?? members[0];
      return {
        displayName: displayNameOf(first, this.privacy.enabled),
        primaryEmail: this.emailFields(first).email,
        country: first.country ?? null,
        joinedAt: first.firstSeenAt ?? null,
        isBot: members.some((r) => r.isBot),
      };
    });
    const batchReasons = withinBatchReasons(records, indicesOf, keys);
    this.counts.identitiesLinked += records.filter((_, i) => linksByGroup.has(groups.find(i))).length;
    const { memberIds, identities } = await insertPeople(
      tx,
      heads,
      records.map((r, i) => {
        const g = groups.find(i);
        return {
          member: memberOfGroup.has(g) ? { id: memberOfGroup.get(g)! } : { newMember: newMemberOf.get(g)! },
          externalId: this.storedId(r),
          record: r,
          ...this.emailFields(r),
          linkedBy: linkedBy.get(i) ?? batchReasons.get(i) ?? null,
          claims: claimKeysOf(r, (c) => emailHash(c, this.privacy.salt)),
        };
      }),
    );
    for (const id of memberIds) this.heldIn(tx).add(id);
    this.counts.membersCreated += newGroups.length;
    const original = new Map(
      records.map((r) => [key({ source: r.source, externalId: this.storedId(r) }), key(r)]),
    );
    for (const row of identities)
      this.cache.set(original.get(key(row))!, { identityId: row.id, memberId: row.memberId });
  }

  /** Merges every set of members the evidence joined into its oldest member, and points the cache at the survivor. */
  private async mergeJoined(
    tx: Tx,
    sets: UnionFind<number>,
    reasons: Map<number, { identityId: number; text: string }>,
  ): Promise<void> {
    const survivorOf = new Map<number, number>();
    const groups = sets.groups();
    if (!groups.length) return;
    await this.beforeMerge?.();
    const separated = await undoneMergePairs(tx, groups.flat());
    for (const group of groups) {
      const [survivor, ...merged] = group.sort((a, b) => a - b);
      for (const m of merged) {
        // An admin undid this merge: the evidence stays, but it no longer joins these two.
        if (separated.has(`${survivor}:${m}`)) continue;
        // Nor when an admin split an identity of one off the other: asked per merge, as the survivor grows with each.
        if ((await keptApartPairs(tx, [survivor, m])).size) continue;
        const why = reasons.get(m);
        const done = await mergeMembersInTx(tx, {
          survivorId: survivor,
          mergedId: m,
          reason: `import evidence: ${why?.text ?? "shared claim"}`,
          actorId: null,
        });
        if (!done) continue;
        this.heldIn(tx).add(survivor); // the merge locked it FOR UPDATE
        survivorOf.set(m, survivor);
        this.counts.membersMerged++;
        if (why) await setLinkedBy(tx, why.identityId, why.text);
      }
    }
    if (!survivorOf.size) return;
    for (const [k, v] of this.cache) {
      const survivor = survivorOf.get(v.memberId);
      if (survivor !== undefined) this.cache.set(k, { identityId: v.identityId, memberId: survivor });
    }
  }

  /** Flags, tags and organisations stated by the records, applied to their members. */
  private async applyMemberFacts(tx: Tx, records: IdentityRecord[]): Promise<void> {
    const facts = records.filter(
      (r) =>
        r.isBot ||
        r.isStaff !== undefined ||
        r.doNotContact !== undefined ||
        r.publicOptOut !== undefined ||
        r.tags?.length ||
        r.country,
    );
    await updateMemberFacts(
      tx,
      facts.map((r) => ({ memberId: this.cache.get(key(r))!.memberId, record: r })),
    );
    const orgLinks: OrganizationLink[] = [];
    for (const r of records) {
      const memberId = this.cache.get(key(r))!.memberId;
      for (const org of organizationsStated(r)) orgLinks.push({ memberId, ...org });
    }
    await linkOrganizations(tx, orgLinks);
  }
}

function linkText(link: KeyLink): string {
  return describeLink(link.via, link.mineOwns, link.otherOwns, { source: link.source, label: link.label });
}

/** The same link told from the other identity's side, naming the batch record. */
function reverseLinkText(link: KeyLink, mine: IdentityRecord): string {
  return describeLink(link.via, link.otherOwns, link.mineOwns, { source: mine.source, label: labelOf(mine) });
}

function labelOf(r: IdentityRecord): string {
  return r.handle ?? r.displayName ?? r.externalId;
}

/**
 * Records of one batch that share a key (both own it, or one claims what the other owns) are one
 * person; a guarded claim made by several records of one source is ambiguous and links nobody.
 */
function groupWithinBatch(count: number, keys: BatchKey[]): UnionFind<number> {
  const sets = new UnionFind<number>();
  for (let i = 0; i < count; i++) sets.find(i);
  const byKey = new Map<string, BatchKey[]>();
  for (const k of keys) byKey.set(k.key, [...(byKey.get(k.key) ?? []), k]);
  for (const holders of byKey.values()) {
    if (holders.length < 2) continue;
    const owners = holders.filter((h) => h.owns);
    if (!owners.length) continue;
    for (const o of owners.slice(1)) sets.union(owners[0].i, o.i);
    const claimers = holders.filter((h) => !h.owns);
    for (const c of claimers) {
      const sameKind = claimers.filter((x) => x.via === c.via && x.source === c.source);
      if (GUARDED_CLAIMS.includes(c.via) && new Set(sameKind.map((x) => x.i)).size > 1) continue;
      sets.union(owners[0].i, c.i);
    }
  }
  return sets;
}

/** For records grouped within the batch, why each one belongs with the others (the first shared key). */
function withinBatchReasons(
  records: IdentityRecord[],
  indicesOf: Map<number, number[]>,
  keys: BatchKey[],
): Map<number, string> {
  const keysOf = new Map<number, BatchKey[]>();
  for (const k of keys) keysOf.set(k.i, [...(keysOf.get(k.i) ?? []), k]);
  const reasons = new Map<number, string>();
  for (const members of indicesOf.values()) {
    if (members.length < 2) continue;
    for (const i of members) {
      const mine = keysOf.get(i) ?? [];
      for (const j of members) {
        if (j === i) continue;
        const shared = (keysOf.get(j) ?? []).find((k) =>
          mine.some((m) => m.key === k.key && (m.owns || k.owns)),
        );
        if (!shared) continue;
        const m = mine.find((x) => x.key === shared.key && (x.owns || shared.owns))!;
        const via = m.owns && !shared.owns ? shared.via : m.via;
        reasons.set(
          i,
          describeLink(via, m.owns, shared.owns, { source: records[j].source, label: labelOf(records[j]) }),
        );
        break;
      }
    }
  }
  return reasons;
}

/** Two statements about one account in one batch: later fields win, claims accumulate. */
function combine(before: IdentityRecord | undefined, r: IdentityRecord): IdentityRecord {
  if (!before) return r;
  const merged = { ...before, ...stripUndefined(r) } as IdentityRecord;
  const handles = [...(before.linkedHandles ?? []), ...(r.linkedHandles ?? [])];
  const emails = [...new Set([...(before.claimedEmails ?? []), ...(r.claimedEmails ?? [])])];
  if (handles.length) merged.linkedHandles = handles;
  if (emails.length) merged.claimedEmails = emails;
  return merged;
}

/** In privacy mode neither an address's local part nor an email-shaped external id becomes a name. */
function displayNameOf(r: IdentityRecord, privacy: boolean): string {
  const fromEmail = privacy ? null : normaliseEmail(r.email)?.split("@")[0];
  const fallback =
    privacy && r.externalId.includes("@") ? `${r.source} author` : `${r.source}:${r.externalId}`;
  return (r.displayName?.trim() || r.handle?.trim() || fromEmail || fallback).slice(0, 200);
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
