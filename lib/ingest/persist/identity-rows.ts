// The row writes behind identity resolution, each one statement over a JSON recordset: insert a batch's
// new members, identities and claims, update stated fields and member facts.
import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { IdentityRecord } from "@/lib/ingest/types";
import { BOT_LIST_SETTING } from "@/lib/identity/bot-list";

type Tx = Prisma.TransactionClient;

export interface StoredIdentity {
  id: number;
  memberId: number;
  source: string;
  externalId: string;
}

/** Members an import was resolving were erased or merged by another session before it wrote their events. */
export class MembersChangedError extends Error {
  constructor(readonly memberIds: number[]) {
    super(
      `members ${memberIds.slice(0, 5).join(", ")} were erased or merged by someone else while this import ran; nothing was saved, run it again`,
    );
    this.name = "MembersChangedError";
  }
}

/**
 * Locks the members (FOR KEY SHARE, as a foreign key check would) so that no other transaction can erase or
 * merge them away until this one ends; returns the ids that still exist.
 */
export async function lockMembers(tx: Tx, memberIds: number[]): Promise<Set<number>> {
  const rows = await tx.$queryRaw<{ id: number }[]>`
    select id from members where id = any(${memberIds}::int[]) order by id for key share`;
  return new Set(rows.map((r) => r.id));
}

export interface NewMember {
  displayName: string;
  primaryEmail: string | null;
  country: string | null;
  joinedAt: Date | null;
  isBot: boolean;
}

const memberJson = (m: NewMember, n: number) => ({
  n,
  d: m.displayName,
  e: m.primaryEmail,
  c: m.country,
  j: m.joinedAt,
  b: m.isBot,
});

function profileJson(r: IdentityRecord): unknown {
  return r.profile ?? null;
}

const identityJson = (x: {
  externalId: string;
  record: IdentityRecord;
  email: string | null;
  hash: string | null;
  linkedBy: string | null;
}) => ({
  s: x.record.source,
  e: x.externalId,
  h: x.record.handle ?? null,
  em: x.email,
  eh: x.hash,
  d: x.record.displayName ?? null,
  b: x.record.isBot ?? false,
  del: x.record.isDeleted ?? false,
  p: profileJson(x.record),
  l: x.linkedBy,
});

export interface NewIdentityRow {
  /** The member: an existing one, or the index of a new one in `members`. */
  member: { id: number } | { newMember: number };
  externalId: string;
  record: IdentityRecord;
  email: string | null;
  hash: string | null;
  linkedBy: string | null;
  claims: { key: string; owns: boolean; via: string }[];
}

/**
 * A batch's new people in one statement: the new members, their identities and the identities' claims.
 * One round trip instead of three, so PostgreSQL does not wait for Node between them while a first import creates
 * thousands of members per batch (docs/benchmarks.md). Returns the new members' ids in input order and the identities.
 */
export async function insertPeople(
  tx: Tx,
  members: NewMember[],
  identities: NewIdentityRow[],
): Promise<{ memberIds: number[]; identities: StoredIdentity[] }> {
  const memberPayload = JSON.stringify(members.map(memberJson));
  const identityPayload = JSON.stringify(
    identities.map((x, n) => ({
      x: n,
      ...identityJson(x),
      m: "id" in x.member ? x.member.id : null,
      g: "newMember" in x.member ? x.member.newMember : null,
    })),
  );
  const claimPayload = JSON.stringify(
    identities.flatMap((x) =>
      x.claims.map((c) => ({ s: x.record.source, e: x.externalId, k: c.key, o: c.owns, v: c.via })),
    ),
  );
  const rows = await tx.$queryRaw<
    {
      n: number | null;
      id: number;
      member_id: number | null;
      source: string | null;
      external_id: string | null;
    }[]
  >`
    with u as (select * from json_to_recordset(${memberPayload}::json) as u(n int, d text, e text, c text, j timestamptz, b boolean)),
    ids as (select u.*, nextval('members_id_seq')::int as id from (select * from u order by n) u),
    ins_m as (insert into members (id, display_name, primary_email, country, joined_at, is_bot, updated_at)
              select id, d, e, c, j, b, now() from ids),
    ins_i as (
      insert into identities (member_id, source, external_id, handle, email, email_hash, display_name, is_bot, is_deleted, profile, linked_by)
      select coalesce(v.m, ids.id), v.s, v.e, v.h, v.em, v.eh, v.d, v.b, v.del, v.p, v.l
        from json_to_recordset(${identityPayload}::json) as v(x int, m int, g int, s text, e text, h text, em text, eh text, d text, b boolean, del boolean, p jsonb, l text)
        left join ids on ids.n = v.g
       order by v.x
      on conflict (source, external_id) do update set handle = coalesce(excluded.handle, identities.handle)
      returning id, member_id, source, external_id),
    ins_c as (
      insert into identity_claims (identity_id, key, owns, via)
      select distinct on (i.id, c.k, c.o) i.id, c.k, c.o, c.v
        from json_to_recordset(${claimPayload}::json) as c(s text, e text, k text, o boolean, v text)
        join ins_i i on i.source = c.s and i.external_id = c.e
      on conflict do nothing)
    select n, id, null::int as member_id, null::text as source, null::text as external_id from ids
    union all
    select null, id, member_id, source, external_id from ins_i`;
  const memberIds: number[] = new Array(members.length);
  const stored: StoredIdentity[] = [];
  for (const r of rows) {
    if (r.n !== null) memberIds[r.n] = r.id;
    else stored.push({ id: r.id, memberId: r.member_id!, source: r.source!, externalId: r.external_id! });
  }
  return { memberIds, identities: stored };
}

/** Fields a record states overwrite the stored ones; fields it leaves out keep their values. */
export async function updateIdentities(
  tx: Tx,
  rows: { id: number; record: IdentityRecord; email: string | null; hash: string | null }[],
): Promise<void> {
  if (!rows.length) return;
  const payload = JSON.stringify(
    rows.map((x) => ({
      id: x.id,
      h: x.record.handle ?? null,
      em: x.email,
      eh: x.hash,
      d: x.record.displayName ?? null,
      b: x.record.isBot ?? false,
      del: x.record.isDeleted ?? null,
      p: profileJson(x.record),
    })),
  );
  await tx.$executeRaw`
    update identities i set
        handle = coalesce(u.h, i.handle), email = coalesce(u.em, i.email), email_hash = coalesce(u.eh, i.email_hash),
        display_name = coalesce(u.d, i.display_name), is_bot = i.is_bot or u.b,
        is_deleted = coalesce(u.del, i.is_deleted), profile = coalesce(u.p, i.profile)
      from jsonb_to_recordset(${payload}::jsonb) as u(id int, h text, em text, eh text, d text, b boolean, del boolean, p jsonb)
     where i.id = u.id`;
}

export async function setLinkedBy(tx: Tx, identityId: number, text: string): Promise<void> {
  await tx.$executeRaw`update identities set linked_by = ${text.slice(0, 300)} where id = ${identityId}`;
}

/** Bot, staff and contact flags, tags and country stated by canonical records, applied to their members. */
export async function updateMemberFacts(
  tx: Tx,
  facts: { memberId: number; record: IdentityRecord }[],
): Promise<void> {
  if (!facts.length) return;
  const payload = JSON.stringify(
    facts.map(({ memberId, record: r }) => ({
      m: memberId,
      b: r.isBot ?? false,
      st: r.isStaff ?? null,
      dnc: r.doNotContact ?? null,
      oo: r.publicOptOut ?? null,
      t: r.tags?.length ? r.tags : null,
      c: r.country ?? null,
    })),
  );
  await tx.$executeRaw`
    update members m set is_bot = m.is_bot or u.b, is_staff = coalesce(u.st, m.is_staff),
        do_not_contact = coalesce(u.dnc, m.do_not_contact), public_opt_out = coalesce(u.oo, m.public_opt_out), country = coalesce(m.country, u.c),
        tags = case when u.t is null then m.tags else (select array(select distinct x from unnest(m.tags || array(select jsonb_array_elements_text(u.t))) x)) end
      from jsonb_to_recordset(${payload}::jsonb) as u(m int, b boolean, st boolean, dnc boolean, oo boolean, t jsonb, c text)
     where m.id = u.m`;
}

/** The admin-editable list of bot accounts (lower-cased logins, names, emails). */
export async function loadBotList(tx: Tx): Promise<Set<string>> {
  const rows = await tx.$queryRaw<{ entry: string }[]>`
    select jsonb_array_elements_text(value) as entry from settings where key = ${BOT_LIST_SETTING} and jsonb_typeof(value) = 'array'`;
  return new Set(rows.map((r) => r.entry.trim().toLowerCase()));
}

/** Pairs of these members whose merge an admin undid, as "low:high" (either direction). */
export async function undoneMergePairs(tx: Tx, memberIds: number[]): Promise<Set<string>> {
  const rows = await tx.$queryRaw<{ a: number; b: number }[]>`
    select least(survivor_id, merged_id) as a, greatest(survivor_id, merged_id) as b from member_merges
     where undone_at is not null and survivor_id = any(${memberIds}::int[]) and merged_id = any(${memberIds}::int[])`;
  return new Set(rows.map((r) => `${r.a}:${r.b}`));
}

/**
 * Pairs of these members ("low:high") holding the two sides of a split an admin made and has not undone: an identity
 * split off, and one it was split from (identity_splits). Evidence never merges them again.
 */
export async function keptApartPairs(tx: Tx, memberIds: number[]): Promise<Set<string>> {
  const rows = await tx.$queryRaw<{ a: number; b: number }[]>`
    select distinct least(x.member_id, y.member_id) as a, greatest(x.member_id, y.member_id) as b
      from identity_splits s
      join identities x on x.id = s.identity_id
      join identities y on y.id = any(s.apart_from)
     where s.undone_at is null and x.member_id <> y.member_id
       and x.member_id = any(${memberIds}::int[]) and y.member_id = any(${memberIds}::int[])`;
  return new Set(rows.map((r) => `${r.a}:${r.b}`));
}
