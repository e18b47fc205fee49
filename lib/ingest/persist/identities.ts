// Writes identity records and resolves actors to members: one member per person, matched by
// email (case-insensitive), by handles named in profiles and by canonical member keys.
import "server-only";
import { createHash } from "node:crypto";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { IdentityRecord, IdentityRef } from "@/lib/ingest/types";
import { normaliseEmail, organizationFromEmail } from "@/lib/ingest/email-domains";

type Tx = Prisma.TransactionClient;
export interface ResolvedIdentity {
  identityId: number;
  memberId: number;
}

export interface IdentityCounts {
  membersCreated: number;
  identitiesLinked: number;
}

const key = (r: IdentityRef) => `${r.source}\u0000${r.externalId}`;

export function emailHash(email: string, salt: string): string {
  return createHash("sha256").update(`${salt}:${email}`).digest("hex");
}

/** Caches identity → member for one import run, so repeated actors cost one lookup. */
export class IdentityResolver {
  private cache = new Map<string, ResolvedIdentity>();
  readonly counts: IdentityCounts = { membersCreated: 0, identitiesLinked: 0 };

  constructor(private readonly privacy: { enabled: boolean; salt: string } = { enabled: false, salt: "" }) {}

  get(ref: IdentityRef): ResolvedIdentity | undefined {
    return this.cache.get(key(ref));
  }

  /** Upserts identities; new ones join an existing member when a match is certain, else a new member. */
  async upsert(tx: Tx, records: IdentityRecord[]): Promise<void> {
    const byKey = new Map<string, IdentityRecord>();
    for (const r of records) byKey.set(key(r), { ...byKey.get(key(r)), ...stripUndefined(r) } as IdentityRecord);
    const unique = [...byKey.values()];
    if (unique.length === 0) return;
    await this.load(tx, unique);
    const existing = unique.filter((r) => this.cache.has(key(r)));
    const fresh = unique.filter((r) => !this.cache.has(key(r)));
    if (existing.length) await this.updateExisting(tx, existing);
    if (fresh.length) await this.insertFresh(tx, fresh);
    await this.applyMemberFacts(tx, unique);
  }

  /** Makes sure every referenced actor exists (an event may name an account no profile listed). */
  async ensureActors(tx: Tx, refs: IdentityRef[]): Promise<void> {
    const missing = new Map<string, IdentityRef>();
    for (const r of refs) if (!this.cache.has(key(r))) missing.set(key(r), r);
    if (missing.size === 0) return;
    await this.load(tx, [...missing.values()]);
    const still = [...missing.values()].filter((r) => !this.cache.has(key(r)));
    if (still.length) await this.upsert(tx, still.map((r) => ({ kind: "identity", source: r.source, externalId: r.externalId, handle: this.storedId(r) === r.externalId ? r.externalId : null })));
  }

  private async load(tx: Tx, refs: IdentityRef[]): Promise<void> {
    const wanted = refs.filter((r) => !this.cache.has(key(r)));
    if (!wanted.length) return;
    const original = new Map(wanted.map((r) => [key({ source: r.source, externalId: this.storedId(r) }), key(r)]));
    const rows = await tx.$queryRawUnsafe<{ id: number; member_id: number; source: string; external_id: string }[]>(
      `select i.id, i.member_id, i.source, i.external_id from identities i
        join unnest($1::text[], $2::text[]) as w(source, external_id) using (source, external_id)`,
      wanted.map((r) => r.source),
      wanted.map((r) => this.storedId(r)),
    );
    for (const row of rows) this.cache.set(original.get(key({ source: row.source, externalId: row.external_id }))!, { identityId: row.id, memberId: row.member_id });
  }

  /** In privacy mode an external id that is an email address (git authors) is stored as its salted hash. */
  private storedId(r: IdentityRef): string {
    if (!this.privacy.enabled || !r.externalId.includes("@")) return r.externalId;
    return `h:${emailHash(r.externalId.trim().toLowerCase(), this.privacy.salt)}`;
  }

  private emailFields(r: IdentityRecord): { email: string | null; hash: string | null } {
    const email = normaliseEmail(r.email);
    if (!email) return { email: null, hash: null };
    const hash = emailHash(email, this.privacy.salt);
    return this.privacy.enabled ? { email: null, hash } : { email, hash };
  }

  private async updateExisting(tx: Tx, records: IdentityRecord[]): Promise<void> {
    const emails = records.map((r) => this.emailFields(r));
    await tx.$executeRawUnsafe(
      `update identities i set
          handle = coalesce(u.handle, i.handle), email = coalesce(u.email, i.email), email_hash = coalesce(u.email_hash, i.email_hash),
          display_name = coalesce(u.display_name, i.display_name), is_bot = i.is_bot or u.is_bot,
          is_deleted = coalesce(u.is_deleted, i.is_deleted), profile = coalesce(u.profile::jsonb, i.profile)
         from unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bool[], $7::bool[], $8::text[])
           as u(id, handle, email, email_hash, display_name, is_bot, is_deleted, profile)
        where i.id = u.id`,
      records.map((r) => this.cache.get(key(r))!.identityId),
      records.map((r) => r.handle ?? null),
      emails.map((e) => e.email),
      emails.map((e) => e.hash),
      records.map((r) => r.displayName ?? null),
      records.map((r) => r.isBot ?? false),
      records.map((r) => (r.isDeleted === undefined ? null : r.isDeleted)),
      records.map((r) => (r.profile ? JSON.stringify(r.profile) : null)),
    );
  }

  /** Finds members for new identities: canonical member key, then email, then a handle named in a profile. */
  private async matchMembers(tx: Tx, records: IdentityRecord[]): Promise<Map<string, number>> {
    const matched = new Map<string, number>();
    const memberKeys = [...new Set(records.map((r) => r.memberKey).filter((k): k is string => !!k))];
    const keyed = memberKeys.length
      ? await tx.$queryRawUnsafe<{ external_id: string; member_id: number }[]>(
          `select external_id, member_id from identities where source = 'csv' and external_id = any($1::text[])`,
          memberKeys,
        )
      : [];
    const byMemberKey = new Map(keyed.map((r) => [r.external_id, r.member_id]));
    const hashes = [...new Set(records.map((r) => this.emailFields(r).hash).filter((h): h is string => !!h))];
    const byEmail = new Map<string, number>();
    if (hashes.length) {
      const rows = await tx.$queryRawUnsafe<{ email_hash: string; member_id: number }[]>(
        `select distinct on (email_hash) email_hash, member_id from identities where email_hash = any($1::text[]) order by email_hash, id`,
        hashes,
      );
      for (const r of rows) byEmail.set(r.email_hash, r.member_id);
    }
    const handles = records.flatMap((r) => (r.linkedHandles ?? []).map((h) => ({ source: h.source, handle: h.handle.toLowerCase() })));
    const byHandle = new Map<string, number>();
    if (handles.length) {
      const rows = await tx.$queryRawUnsafe<{ source: string; handle: string; member_id: number }[]>(
        `select distinct on (i.source, lower(i.handle)) i.source, lower(i.handle) as handle, i.member_id
           from identities i join unnest($1::text[], $2::text[]) as h(source, handle) on i.source = h.source and lower(i.handle) = h.handle
          order by i.source, lower(i.handle), i.id`,
        handles.map((h) => h.source),
        handles.map((h) => h.handle),
      );
      for (const r of rows) byHandle.set(`${r.source}\u0000${r.handle}`, r.member_id);
    }
    for (const r of records) {
      const hash = this.emailFields(r).hash;
      const viaKey = r.memberKey ? byMemberKey.get(r.memberKey) : undefined;
      const viaEmail = hash ? byEmail.get(hash) : undefined;
      const viaHandle = (r.linkedHandles ?? []).map((h) => byHandle.get(`${h.source}\u0000${h.handle.toLowerCase()}`)).find((m) => m !== undefined);
      const member = viaKey ?? viaEmail ?? viaHandle;
      if (member !== undefined) matched.set(key(r), member);
    }
    return matched;
  }

  private async insertFresh(tx: Tx, records: IdentityRecord[]): Promise<void> {
    const matched = await this.matchMembers(tx, records);
    this.counts.identitiesLinked += matched.size;
    // New people: one member per email (or member key) within the batch, else one per identity.
    const groupOf = (r: IdentityRecord) => (r.memberKey ? `k:${r.memberKey}` : this.emailFields(r).hash ? `e:${this.emailFields(r).hash}` : `i:${key(r)}`);
    const groups = new Map<string, IdentityRecord[]>();
    for (const r of records) {
      if (matched.has(key(r))) continue;
      const g = groupOf(r);
      groups.set(g, [...(groups.get(g) ?? []), r]);
    }
    const groupList = [...groups.values()];
    if (groupList.length) {
      const ids = await tx.$queryRawUnsafe<{ id: number }[]>(`select nextval('members_id_seq')::int as id from generate_series(1, $1::int)`, groupList.length);
      const first = groupList.map((g) => g.find((r) => r.source === "csv") ?? g[0]);
      await tx.$executeRawUnsafe(
        `insert into members (id, display_name, primary_email, country, joined_at, is_bot, updated_at)
         select * , now() from unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::bool[])`,
        ids.map((r) => r.id),
        first.map((r) => displayNameOf(r, this.privacy.enabled)),
        first.map((r) => this.emailFields(r).email),
        first.map((r) => r.country ?? null),
        first.map((r) => r.firstSeenAt ?? null),
        groupList.map((g) => g.some((r) => r.isBot)),
      );
      groupList.forEach((g, i) => g.forEach((r) => matched.set(key(r), ids[i].id)));
      this.counts.membersCreated += groupList.length;
    }
    const emails = records.map((r) => this.emailFields(r));
    const rows = await tx.$queryRawUnsafe<{ id: number; member_id: number; source: string; external_id: string }[]>(
      `insert into identities (member_id, source, external_id, handle, email, email_hash, display_name, is_bot, is_deleted, profile)
       select u.member_id, u.source, u.external_id, u.handle, u.email, u.email_hash, u.display_name, u.is_bot, u.is_deleted, u.profile::jsonb
         from unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::bool[], $9::bool[], $10::text[])
           as u(member_id, source, external_id, handle, email, email_hash, display_name, is_bot, is_deleted, profile)
       on conflict (source, external_id) do update set handle = coalesce(excluded.handle, identities.handle)
       returning id, member_id, source, external_id`,
      records.map((r) => matched.get(key(r))!),
      records.map((r) => r.source),
      records.map((r) => this.storedId(r)),
      records.map((r) => r.handle ?? null),
      emails.map((e) => e.email),
      emails.map((e) => e.hash),
      records.map((r) => r.displayName ?? null),
      records.map((r) => r.isBot ?? false),
      records.map((r) => r.isDeleted ?? false),
      records.map((r) => (r.profile ? JSON.stringify(r.profile) : null)),
    );
    const original = new Map(records.map((r) => [key({ source: r.source, externalId: this.storedId(r) }), key(r)]));
    for (const row of rows) this.cache.set(original.get(key({ source: row.source, externalId: row.external_id }))!, { identityId: row.id, memberId: row.member_id });
  }

  /** Flags, tags and organisations stated by the records, applied to their members. */
  private async applyMemberFacts(tx: Tx, records: IdentityRecord[]): Promise<void> {
    const facts = records.filter((r) => r.isBot || r.isStaff !== undefined || r.doNotContact !== undefined || r.publicOptOut !== undefined || r.tags?.length || r.country);
    if (facts.length) {
      await tx.$executeRawUnsafe(
        `update members m set is_bot = m.is_bot or u.is_bot, is_staff = coalesce(u.is_staff, m.is_staff),
            do_not_contact = coalesce(u.dnc, m.do_not_contact), public_opt_out = coalesce(u.opt_out, m.public_opt_out), country = coalesce(m.country, u.country),
            tags = case when u.tags is null then m.tags else (select array(select distinct unnest(m.tags || string_to_array(u.tags, '|')))) end
           from unnest($1::int[], $2::bool[], $3::bool[], $4::bool[], $5::text[], $6::text[], $7::bool[]) as u(member_id, is_bot, is_staff, dnc, tags, country, opt_out)
          where m.id = u.member_id`,
        facts.map((r) => this.cache.get(key(r))!.memberId),
        facts.map((r) => r.isBot ?? false),
        facts.map((r) => (r.isStaff === undefined ? null : r.isStaff)),
        facts.map((r) => (r.doNotContact === undefined ? null : r.doNotContact)),
        facts.map((r) => (r.tags?.length ? r.tags.join("|") : null)),
        facts.map((r) => r.country ?? null),
        facts.map((r) => (r.publicOptOut === undefined ? null : r.publicOptOut)),
      );
    }
    const orgLinks: { memberId: number; name: string; slug: string; domain: string | null; origin: string; at: Date }[] = [];
    for (const r of records) {
      const memberId = this.cache.get(key(r))!.memberId;
      const at = r.firstSeenAt ?? new Date(0);
      const fromEmail = organizationFromEmail(normaliseEmail(r.email) ?? "");
      if (fromEmail) orgLinks.push({ memberId, name: fromEmail.name, slug: fromEmail.domain, domain: fromEmail.domain, origin: "email-domain", at });
      if (r.organizationName?.trim()) {
        const name = r.organizationName.trim();
        orgLinks.push({ memberId, name, slug: slugify(name), domain: null, origin: "profile", at });
      }
    }
    if (orgLinks.length) await linkOrganizations(tx, orgLinks);
  }
}

/** Upserts organisations (by domain, else by slug) and an open affiliation for each member. */
async function linkOrganizations(tx: Tx, links: { memberId: number; name: string; slug: string; domain: string | null; origin: string; at: Date }[]) {
  await tx.$executeRawUnsafe(
    `insert into organizations (name, slug) select distinct on (slug) name, slug from unnest($1::text[], $2::text[]) as u(name, slug)
      where not exists (select 1 from organization_domains d where d.domain = u.slug)
     on conflict (slug) do nothing`,
    links.map((l) => l.name),
    links.map((l) => l.slug),
  );
  const withDomain = links.filter((l) => l.domain);
  if (withDomain.length) {
    await tx.$executeRawUnsafe(
      `insert into organization_domains (domain, org_id)
       select distinct u.domain, o.id from unnest($1::text[]) as u(domain) join organizations o on o.slug = u.domain
       on conflict (domain) do nothing`,
      withDomain.map((l) => l.domain!),
    );
  }
  await tx.$executeRawUnsafe(
    `insert into affiliations (member_id, org_id, starts_at, origin)
     select distinct on (u.member_id, org.id) u.member_id, org.id, u.at, u.origin
       from unnest($1::int[], $2::text[], $3::text[], $4::timestamptz[]) as u(member_id, slug, origin, at)
       join lateral (
         select coalesce(o.merged_into_id, o.id) as id from organizations o
          where o.id = coalesce((select d.org_id from organization_domains d where d.domain = u.slug), (select id from organizations where slug = u.slug))
       ) org on true
      where not exists (select 1 from affiliations a where a.member_id = u.member_id and a.org_id = org.id)
      order by u.member_id, org.id, u.at`,
    links.map((l) => l.memberId),
    links.map((l) => l.slug),
    links.map((l) => l.origin),
    links.map((l) => l.at),
  );
}

/** In privacy mode neither an address's local part nor an email-shaped external id becomes a name. */
function displayNameOf(r: IdentityRecord, privacy: boolean): string {
  const fromEmail = privacy ? null : normaliseEmail(r.email)?.split("@")[0];
  const fallback = privacy && r.externalId.includes("@") ? `${r.source} author` : `${r.source}:${r.externalId}`;
  return (r.displayName?.trim() || r.handle?.trim() || fromEmail || fallback).slice(0, 200);
}

export function slugify(name: string): string {
  return name.toLowerCase().normalize("NFKD").replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 80) || "org";
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
