// Stored linking evidence and the two questions asked of it: which members do a batch's new
// identities belong to, and which existing members has new evidence shown to be one person.
import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import { GUARDED_CLAIMS, type ClaimKey } from "@/lib/identity/claims";

type Tx = Prisma.TransactionClient;

/** A batch key: record index `i` (or identity id), the key, whether it is owned, how it was seen, the source holding it. */
export interface BatchKey extends ClaimKey {
  i: number;
  source: string;
}

/** Another identity holding a key a batch record holds: the member it belongs to and how they link. */
export interface KeyLink {
  i: number;
  memberId: number;
  identityId: number;
  via: string;
  mineOwns: boolean;
  otherOwns: boolean;
  source: string;
  label: string;
}

const guarded = GUARDED_CLAIMS as readonly string[];
/** More distinct commit emails than a person plausibly uses (work, personal, an old one). */
export const MAX_COMMIT_EMAILS = 3;

/** Stores the keys of identities; returns the ids that gained a key they did not hold before. */
export async function storeClaims(
  tx: Tx,
  rows: { identityId: number; key: string; owns: boolean; via: string }[],
): Promise<Set<number>> {
  if (!rows.length) return new Set();
  const payload = JSON.stringify(rows.map((r) => ({ d: r.identityId, k: r.key, o: r.owns, v: r.via })));
  const inserted = await tx.$queryRaw<{ identity_id: number }[]>`
    insert into identity_claims (identity_id, key, owns, via)
    select distinct on (u.d, u.k, u.o) u.d, u.k, u.o, u.v from json_to_recordset(${payload}::json) as u(d int, k text, o boolean, v text)
    on conflict do nothing
    returning identity_id`;
  return new Set(inserted.map((r) => r.identity_id));
}

type LinkRow = {
  i: number;
  member_id: number;
  identity_id: number;
  via: string;
  mine_owns: boolean;
  other_owns: boolean;
  source: string;
  label: string;
};

const keyLink = (r: LinkRow): KeyLink => ({
  i: r.i,
  memberId: r.member_id,
  identityId: r.identity_id,
  via: r.via,
  mineOwns: r.mine_owns,
  otherOwns: r.other_owns,
  source: r.source,
  label: r.label,
});

/**
 * Links between batch keys (not yet stored) and what the database holds. Two holders link when both
 * own the key, or one claims what the other owns. A guarded claim (a profile handle, a pushed commit
 * email) made by more than one identity of one source links nobody: it is ambiguous.
 * `stored`: the batch keys are held by stored identities (`i` is the identity id), not by new records.
 */
export async function findLinks(tx: Tx, batch: BatchKey[], stored: boolean): Promise<KeyLink[]> {
  if (!batch.length) return [];
  const b = Prisma.sql`b as (select * from json_to_recordset(${batchJson(batch)}::json) as b(i int, k text, o boolean, v text, s text))`;
  const rows = await tx.$queryRaw<LinkRow[]>`${linkQuery(b, batch, stored)} order by i, member_id`;
  return rows.map(keyLink);
}

/**
 * Both questions a batch of accounts asks first, in one statement: which of them are stored (`refs[i]`, as
 * stored), and for the others, what their keys (`i` indexing `refs`) link to — as `findLinks` answers for
 * those records alone. One round trip instead of two while a first import meets thousands of new actors.
 */
export async function lookUpAndFindLinks(
  tx: Tx,
  refs: { source: string; externalId: string }[],
  batch: BatchKey[],
): Promise<{ found: { i: number; id: number; memberId: number }[]; links: KeyLink[] }> {
  const refsJson = JSON.stringify(refs.map((r, i) => ({ i, s: r.source, e: r.externalId })));
  const rows = await tx.$queryRaw<(LinkRow & { found: boolean })[]>`
    ${linkQuery(
      Prisma.sql`w as (select * from json_to_recordset(${refsJson}::json) as w(i int, s text, e text)),
    found as (select w.i, x.id, x.member_id from identities x join w on x.source = w.s and x.external_id = w.e),
    b as (select * from json_to_recordset(${batchJson(batch)}::json) as b(i int, k text, o boolean, v text, s text)
           where not exists (select 1 from found f where f.i = b.i))`,
      batch,
      false,
    )}
    union all
    select true, i, member_id, id, null, null, null, null, null from found
    order by found, i, member_id`;
  const found: { i: number; id: number; memberId: number }[] = [];
  const links: KeyLink[] = [];
  for (const r of rows) {
    if (r.found) found.push({ i: r.i, id: r.identity_id, memberId: r.member_id });
    else links.push(keyLink(r));
  }
  return { found, links };
}

const batchJson = (batch: BatchKey[]) =>
  JSON.stringify(batch.map((b) => ({ i: b.i, k: b.key, o: b.owns, v: b.via, s: b.source })));

/** The links query over the batch keys `b` that `batchCtes` defines. */
function linkQuery(batchCtes: Prisma.Sql, batch: BatchKey[], stored: boolean): Prisma.Sql {
  const keys = [...new Set(batch.map((b) => b.key))];
  const hashes = keys.filter((k) => k.startsWith("e:")).map((k) => k.slice(2));
  return Prisma.sql`
    with ${batchCtes},
    held as (
      select 'e:' || i.email_hash as k, true as o, 'email' as v, i.id, i.member_id, i.source, coalesce(i.handle, i.display_name, i.external_id) as label
        from identities i where i.email_hash = any(${hashes}::text[]) and not i.is_bot
      union all
      select c.key, c.owns, c.via, i.id, i.member_id, i.source, coalesce(i.handle, i.display_name, i.external_id)
        from identity_claims c join identities i on i.id = c.identity_id
       where c.key = any(${keys}::text[]) and not i.is_bot
    ),
    claimers as (
      select k, v, s, count(distinct who) as n from (
        select k, v, source as s, id::text as who from held where not o and v = any(${guarded}::text[])
        union all select k, v, s, case when ${stored} then i::text else 'b' || i end from b where not o and v = any(${guarded}::text[])
      ) x group by k, v, s
    ),
    -- An account pushing commits under many addresses pushes other people's work (squash merges):
    -- none of its commit emails is evidence about its owner.
    prolific as (
      select identity_id::text as who from identity_claims
       where via = 'commit_email' and not owns and identity_id in (select id from held where v = 'commit_email' and not o)
       group by identity_id having count(*) > ${MAX_COMMIT_EMAILS}
      union all
      select case when ${stored} then i::text else 'b' || i end from b where v = 'commit_email' and not o group by i having count(*) > ${MAX_COMMIT_EMAILS}
    )
    select * from (
      select distinct on (b.i, h.member_id) false as found, b.i, h.member_id, h.id as identity_id, h.v as via, b.o as mine_owns, h.o as other_owns, h.source, h.label
        from b join held h on h.k = b.k and (b.o or h.o) and not (${stored} and h.id = b.i)
       where not exists (select 1 from claimers c where c.n > 1 and c.k = b.k
                           and ((not h.o and c.v = h.v and c.s = h.source) or (not b.o and c.v = b.v and c.s = b.s)))
         and not (not h.o and h.v = 'commit_email' and h.id::text in (select who from prolific))
         and not (not b.o and b.v = 'commit_email' and (case when ${stored} then b.i::text else 'b' || b.i end) in (select who from prolific))
       order by b.i, h.member_id, h.o desc, h.id) links`;
}

/** For stored identities: the keys they hold now (their email hash and stored claims), as batch keys indexed by identity id. */
export async function heldKeys(tx: Tx, identityIds: number[]): Promise<BatchKey[]> {
  if (!identityIds.length) return [];
  const rows = await tx.$queryRaw<{ i: number; key: string; owns: boolean; via: string; source: string }[]>`
    select i.id as i, 'e:' || i.email_hash as key, true as owns, 'email' as via, i.source
      from identities i where i.id = any(${identityIds}::int[]) and i.email_hash is not null and not i.is_bot
    union all
    select c.identity_id, c.key, c.owns, c.via, i.source
      from identity_claims c join identities i on i.id = c.identity_id where c.identity_id = any(${identityIds}::int[]) and not i.is_bot`;
  return rows.map((r) => ({
    i: r.i,
    key: r.key,
    owns: r.owns,
    via: r.via as BatchKey["via"],
    source: r.source,
  }));
}
