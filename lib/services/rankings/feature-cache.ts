// Feature rows of past training cut-offs, kept between recomputes: a cut-off's rows are a pure function of the data
// known by its day (the as-of purity test holds this), so they are reused while that data is unchanged. Activity (10M
// events, 3M weekly rows at 100k members) is checked by an event mark: a cut-off is re-extracted when an event dated
// before its day's end was added since its rows were read. Hashing its weeks and partial week instead cost ~10 s per
// recompute at 100k members. The rest is a digest, coarse where it is cheap to be: any change to members, identities,
// organisations, activity types or merges re-extracts every cut-off; billing counts before each cut-off's day.
import { createHash } from "node:crypto";
import "server-only";
import { z } from "zod";
import { db } from "@/lib/db/client";
import { connectionOf } from "@/lib/db/connections";
import { Prisma } from "@/lib/generated/prisma/client";
import { eventWatermarkSchema, type EventWatermark } from "@/lib/validation/event-watermark";
import { earliestEventSince } from "../event-watermark";
import { decodeCutoff, encodeCutoff } from "./cutoff-codec";
import type { CutoffInputs } from "./inputs";

/**
 * Digest of the data every cut-off's rows read as a whole: members (flags, join dates), identities, affiliations,
 * staff organisations, contribution types and weights, and merges (which move events without adding any).
 * With `upToMember`, members above that id, their identities and affiliations are left out (the caller treats them
 * otherwise: re-extracted each time for the as-of, through their join date, events and billing for past cut-offs).
 */
export function globalDigestSql(upToMember: number | null = null): Prisma.Sql {
  const member = (column: Prisma.Sql) =>
    upToMember == null ? Prisma.sql`true` : Prisma.sql`${column} <= ${upToMember}::int`;
  return Prisma.sql`concat_ws('|',
  (select concat_ws(',', count(*), sum(id::bigint), sum(id::bigint * (is_staff::int + 2 * is_bot::int + 4 * do_not_contact::int)),
                    sum(extract(epoch from joined_at))::bigint) from members where ${member(Prisma.sql`id`)}),
  (select concat_ws(',', count(*), sum(id::bigint), sum(member_id::bigint), sum(is_bot::int), sum(hashtext(source || ':' || external_id)::bigint))
     from identities where ${member(Prisma.sql`member_id`)}),
  (select concat_ws(',', count(*), sum(id::bigint), sum(member_id::bigint), sum(org_id::bigint),
                    sum(extract(epoch from starts_at))::bigint, sum(extract(epoch from ends_at))::bigint)
     from affiliations where ${member(Prisma.sql`member_id`)}),
  (select string_agg(id::text, ',' order by id) from organizations where is_staff_org),
  (select string_agg(type || ':' || weight || ':' || is_contribution, ',' order by type) from activity_types),
  (select concat_ws(',', count(*), max(id), count(undone_at), max(undone_at)) from member_merges),
  (select concat_ws(',', count(*), max(id), count(undone_at), max(undone_at)) from identity_splits))`;
}

/** Digest of the billing changes and payments that occurred before `before` (an instant expression). */
export function billingDigestSql(before: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`concat_ws('#',
    (select concat_ws(',', count(*), sum(s.id::bigint), sum(s.member_id::bigint * (s.to_tier + 1)), sum(hashtext(s.kind || s.source)::bigint),
                      sum(s.subscription_id::bigint), sum(extract(epoch from s.occurred_at))::bigint)
       from subscription_changes s where s.occurred_at < ${before}),
    (select concat_ws(',', count(*), sum(p.id::bigint), sum(coalesce(p.member_id, 0)::bigint), sum(hashtext(p.status || p.source)::bigint),
                      sum(extract(epoch from p.occurred_at))::bigint)
       from payments p where p.occurred_at < ${before}))`;
}

/**
 * Digest per cut-off of what its rows read besides activity: billing changes and payments before its day, the
 * whole-community tables (globalDigestSql) for members up to `upToMember`, and how many later members its day already
 * knew by their join date. A later member enters a cut-off's rows only through that date, an event before its day's
 * end (the event mark's part) or a billing change before it (the billing part), so members who join every day do not
 * re-extract every past cut-off.
 *
 * The billing part is the same sums as billingDigestSql's for each day, from one scan of each table: every row is
 * summed into the interval between consecutive cut-off days it falls in (`width_bucket`), and a day's sums are those
 * of the intervals before it (31 cut-offs scanned payments and changes 31 times).
 */
export async function cutoffDigests(
  cutoffs: readonly string[],
  upToMember: number,
): Promise<Map<string, string>> {
  if (cutoffs.length === 0) return new Map();
  const rows = await db.$queryRaw<{ cutoff: string; digest: string }[]>`
    with c as (select d, (d + 1)::timestamp at time zone 'UTC' as d1 from unnest(${[...cutoffs]}::date[]) as u(d)),
    bounds as materialized (select array_agg(distinct d1 order by d1) as b, max(d1) as last from c),
    c_slot as (select c.*, width_bucket(c.d1, bounds.b) as slot from c cross join bounds),
    changes as materialized (
      select width_bucket(s.occurred_at, bounds.b) as slot, count(*) as n, sum(s.id::bigint) as ids,
             sum(s.member_id::bigint * (s.to_tier + 1)) as tiers, sum(hashtext(s.kind || s.source)::bigint) as kinds,
             sum(s.subscription_id::bigint) as subs, sum(extract(epoch from s.occurred_at))::numeric as at
        from subscription_changes s cross join bounds where s.occurred_at < bounds.last group by 1),
    pays as materialized (
      select width_bucket(p.occurred_at, bounds.b) as slot, count(*) as n, sum(p.id::bigint) as ids,
             sum(coalesce(p.member_id, 0)::bigint) as members, sum(hashtext(p.status || p.source)::bigint) as kinds,
             sum(extract(epoch from p.occurred_at))::numeric as at
        from payments p cross join bounds where p.occurred_at < bounds.last group by 1),
    global_digest as materialized (select ${globalDigestSql(upToMember)} as h)
    select to_char(c.d, 'YYYY-MM-DD') as cutoff,
           md5(concat_ws('#',
             (select concat_ws(',', coalesce(sum(n), 0), sum(ids), sum(tiers), sum(kinds), sum(subs), sum(at))
                from changes where changes.slot < c.slot),
             (select concat_ws(',', coalesce(sum(n), 0), sum(ids), sum(members), sum(kinds), sum(at))
                from pays where pays.slot < c.slot),
             g.h,
             (select count(*) from members m where m.id > ${upToMember}::int and m.joined_at < c.d1))) as digest
      from c_slot c cross join global_digest g`;
  return new Map(rows.map((r) => [r.cutoff, r.digest]));
}

export async function highestMemberId(): Promise<number> {
  const [row] = await db.$queryRaw<{ id: number | null }[]>`select max(id) as id from members`;
  return row.id ?? 0;
}

/**
 * What a cached cut-off's rows were read at: the rollups' event mark (read before the rows, so the weekly rows they
 * came from held at least the events up to it) and the digest of everything else they read.
 */
const cacheKeySchema = z.object({
  mark: eventWatermarkSchema,
  upToMember: z.number().int(),
  digest: z.string(),
});
type CacheKey = z.infer<typeof cacheKeySchema>;

const dayAfter = (cutoff: string) => Date.parse(`${cutoff}T00:00:00Z`) + 86_400_000;

/**
 * Whether a cut-off's rows can have changed since `mark` through activity: only an event added since then and dated
 * before the end of its day can (its weekly rows, partial week, contributions and last event all lie before it). Events
 * change otherwise only with a digested change: an erasure or demo removal deletes members, a merge writes
 * member_merges, a new weight changes activity_types.
 */
async function activityUnchangedSince(
  mark: EventWatermark,
  cutoffs: readonly string[],
): Promise<Set<string>> {
  const earliest = await earliestEventSince(mark);
  return new Set(cutoffs.filter((c) => earliest === null || earliest.getTime() >= dayAfter(c)));
}

/**
 * Cached rows of those cut-offs whose key still holds: the same digest (over the members its rows were read with),
 * and no event dated before the cut-off's day end added since the key's mark. `mark` is the rollups' current mark:
 * with none (the rollups are being rebuilt whole) nothing is reused. `current` holds the digests for `upToMember`.
 */
export async function readCachedCutoffs(
  mark: EventWatermark | null,
  current: { upToMember: number; digests: Map<string, string> },
  modelVersion: string,
  params: string,
  /** Told which cut-offs will be read from the cache as soon as that is known, before their rows are fetched. */
  onReusable: (cutoffs: readonly string[]) => void = () => {},
): Promise<Map<string, CutoffInputs>> {
  if (!mark || current.digests.size === 0) {
    onReusable([]);
    return new Map();
  }
  const stored = await db.$queryRaw<{ cutoff: string; fingerprint: string }[]>`
    select to_char(cutoff, 'YYYY-MM-DD') as cutoff, fingerprint from ranking_feature_cache
     where cutoff = any(${[...current.digests.keys()]}::date[]) and model_version = ${modelVersion} and params = ${params}`;
  // Keys written before this form (a bare md5, or no member bound) do not parse: those cut-offs are extracted again.
  const keys = stored.flatMap((row) => {
    const key = parseKey(row.fingerprint);
    return key ? [{ cutoff: row.cutoff, key }] : [];
  });
  // Each key's digest is compared with one over the same members (usually the current bound: no second read).
  const digestsFor = new Map([[current.upToMember, current.digests]]);
  for (const upTo of new Set(keys.map((k) => k.key.upToMember)))
    if (!digestsFor.has(upTo))
      digestsFor.set(
        upTo,
        await cutoffDigests(
          keys.filter((k) => k.key.upToMember === upTo).map((k) => k.cutoff),
          upTo,
        ),
      );
  const byMark = new Map<string, { mark: EventWatermark; cutoffs: string[] }>();
  for (const { cutoff, key } of keys) {
    if (key.digest !== digestsFor.get(key.upToMember)?.get(cutoff)) continue;
    const markText = JSON.stringify(key.mark);
    const group = byMark.get(markText) ?? { mark: key.mark, cutoffs: [] };
    group.cutoffs.push(cutoff);
    byMark.set(markText, group);
  }
  const reusable: string[] = [];
  for (const group of byMark.values())
    reusable.push(...(await activityUnchangedSince(group.mark, group.cutoffs)));
  onReusable(reusable);
  if (reusable.length === 0) return new Map();
  // As base64 text: bytea comes as hex, 2 characters a byte (36 MB for the 31 cut-offs of 6,000 members), which cost
  // Node 1.5–3× the CPU to receive and convert (Buffer.from skips the newlines encode puts every 76 characters).
  const rows = await db.$queryRaw<{ cutoff: string; rows: string }[]>`
    select to_char(cutoff, 'YYYY-MM-DD') as cutoff, encode(rows, 'base64') as rows from ranking_feature_cache
     where cutoff = any(${reusable}::date[]) and model_version = ${modelVersion} and params = ${params}`;
  const cached = new Map<string, CutoffInputs>();
  for (const r of rows) {
    const buffer = Buffer.from(r.rows, "base64");
    // A buffer of another codec revision decodes to null: that cut-off is extracted again.
    const inputs = decodeCutoff(buffer);
    if (!inputs) continue;
    inputsDigests.set(inputs, createHash("sha256").update(buffer).digest("base64"));
    cached.set(r.cutoff, inputs);
  }
  return cached;
}

/** Per cut-off's rows, a digest of their encoded buffer: what the history's fits read of them (see inputsDigest). */
const inputsDigests = new WeakMap<CutoffInputs, string>();

/**
 * A SHA-256 of a cut-off's rows as the cache writes them (cutoff-codec.ts), so that a fit over unchanged cut-offs is
 * known without hashing their rows again (read from the cache: the buffer read; extracted: the buffer written).
 */
export function inputsDigest(inputs: CutoffInputs): string {
  let digest = inputsDigests.get(inputs);
  if (digest === undefined) {
    digest = createHash("sha256").update(encodeCutoff(inputs)).digest("base64");
    inputsDigests.set(inputs, digest);
  }
  return digest;
}

function parseKey(text: string): CacheKey | null {
  try {
    const parsed = cacheKeySchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * Stores freshly extracted cut-offs (replacing stale entries) under the mark and digests read before extracting them,
 * and drops entries of other model versions. Without a mark nothing is stored.
 */
export async function writeCachedCutoffs(
  extracted: readonly CutoffInputs[],
  mark: EventWatermark | null,
  current: { upToMember: number; digests: Map<string, string> },
  modelVersion: string,
  params: string,
): Promise<void> {
  await db.$executeRaw`delete from ranking_feature_cache where model_version <> ${modelVersion}`;
  if (!mark) return;
  const fingerprint = (digest: string) =>
    JSON.stringify({ mark, upToMember: current.upToMember, digest } satisfies CacheKey);
  const entries = extracted.flatMap((inputs) => {
    const digest = current.digests.get(inputs.asOf);
    return digest ? [{ inputs, fingerprint: fingerprint(digest) }] : [];
  });
  if (entries.length === 0) return;
  await db.$transaction(
    async (tx) => {
      // On the transaction's own connection the buffers go as binary parameters; through Prisma's raw parameters
      // each went to base64 inside JSON and back (~0.4 s of Node CPU for a cold run's 17 MB at 6,000 members).
      const connection = (await connectionOf(tx))?.connection;
      for (const { inputs, fingerprint } of entries) {
        const encoded = encodeCutoff(inputs);
        // The fits' digest of these rows (inputsDigest), from the buffer written: not encoded a second time.
        inputsDigests.set(inputs, createHash("sha256").update(encoded).digest("base64"));
        const rows = Buffer.from(encoded.buffer, encoded.byteOffset, encoded.byteLength);
        const upsert = Prisma.sql`
          insert into ranking_feature_cache (cutoff, model_version, params, fingerprint, rows)
          values (${inputs.asOf}::date, ${modelVersion}, ${params}, ${fingerprint}, ${rows})
          on conflict (cutoff, model_version, params)
          do update set fingerprint = excluded.fingerprint, rows = excluded.rows, created_at = now()`;
        // Prisma's own path when the connection is not one of createPrisma's (the same statement and values).
        if (connection) await connection.query(upsert.text, upsert.values);
        else await tx.$executeRaw(upsert);
      }
    },
    { timeout: 600_000, maxWait: 60_000 },
  );
}
