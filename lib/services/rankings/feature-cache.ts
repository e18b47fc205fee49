// Feature rows of past training cut-offs, kept between recomputes: a cut-off's rows are a pure function of the data
// known by its day (the as-of purity test holds this), so they are reused while a digest of that data is unchanged.
// The digest is deliberately coarse where it is cheap to be: any change to members, identities or organisations
// re-extracts every cut-off; activity counts only in the weeks before each cut-off and its own partial week.
import "server-only";
import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import type { CutoffInputs } from "./inputs";

/**
 * Digest of the data every cut-off's rows read as a whole: members (flags, join dates), identities, affiliations,
 * staff organisations, contribution types and weights, and merges (which move events without adding any).
 * With `upToMember`, members above that id and their identities are left out (the caller treats them otherwise).
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
                    sum(extract(epoch from starts_at))::bigint, sum(extract(epoch from ends_at))::bigint) from affiliations),
  (select string_agg(id::text, ',' order by id) from organizations where is_staff_org),
  (select string_agg(type || ':' || weight || ':' || is_contribution, ',' order by type) from activity_types),
  (select concat_ws(',', count(*), max(id), count(undone_at), max(undone_at)) from member_merges))`;
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

/** Digest per cut-off of everything its feature rows read, from one statement. */
export async function cutoffFingerprints(cutoffs: readonly string[]): Promise<Map<string, string>> {
  if (cutoffs.length === 0) return new Map();
  const rows = await db.$queryRaw<{ cutoff: string; digest: string }[]>`
    with c as (
      select d, date_trunc('week', d)::date as wk, (date_trunc('week', d)::date)::timestamp at time zone 'UTC' as wk_ts,
             (d)::timestamp at time zone 'UTC' as d0, (d + 1)::timestamp at time zone 'UTC' as d1
        from unnest(${[...cutoffs]}::date[]) as u(d)
    ),
    weeks as (
      select week_start, count(*) as n, sum(events) as ev, round(sum(weight::float8)::numeric, 2) as w,
             sum(member_id::bigint * events) as who, sum(channels) as ch, sum(contributions) as co
        from weekly_activity where week_start < (select max(wk) from c) group by 1
    ),
    rollup_digest as (
      select c.d, md5(coalesce(string_agg(concat_ws(',', w.week_start, w.n, w.ev, w.w, w.who, w.ch, w.co), ';' order by w.week_start), '')) as h
        from c left join weeks w on w.week_start < c.wk group by c.d
    ),
    partial_digest as (
      select c.d, concat_ws(',', count(e.id), sum(e.member_id::bigint), round(sum(e.weight::float8)::numeric, 2),
                            sum(hashtext(e.type || e.source || coalesce(e.channel, ''))::bigint)) as h
        from c left join lateral (select x.id, x.member_id, x.weight, x.type, x.source, x.channel from activity_events x
                                   where x.occurred_at >= c.wk_ts and x.occurred_at < c.d1 offset 0) e on true
       group by c.d
    ),
    billing_digest as (select c.d, ${billingDigestSql(Prisma.sql`c.d1`)} as h from c),
    global_digest as (select ${globalDigestSql()} as h)
    select to_char(c.d, 'YYYY-MM-DD') as cutoff, md5(concat_ws('#', r.h, p.h, b.h, g.h)) as digest
      from c join rollup_digest r on r.d = c.d join partial_digest p on p.d = c.d join billing_digest b on b.d = c.d cross join global_digest g`;
  return new Map(rows.map((r) => [r.cutoff, r.digest]));
}

/** Cached rows of those cut-offs whose digest still matches, keyed by cut-off. */
export async function readCachedCutoffs(
  fingerprints: Map<string, string>,
  modelVersion: string,
  params: string,
): Promise<Map<string, CutoffInputs>> {
  if (fingerprints.size === 0) return new Map();
  const cutoffs = [...fingerprints.keys()];
  const rows = await db.$queryRaw<{ cutoff: string; fingerprint: string; inputs: string }[]>`
    select to_char(cutoff, 'YYYY-MM-DD') as cutoff, fingerprint, inputs from ranking_feature_cache
     where cutoff = any(${cutoffs}::date[]) and model_version = ${modelVersion} and params = ${params}`;
  return new Map(
    rows
      .filter((r) => fingerprints.get(r.cutoff) === r.fingerprint)
      .map((r) => [r.cutoff, JSON.parse(r.inputs) as CutoffInputs]),
  );
}

/** Stores freshly extracted cut-offs (replacing stale entries), and drops entries of other model versions. */
export async function writeCachedCutoffs(
  extracted: readonly CutoffInputs[],
  fingerprints: Map<string, string>,
  modelVersion: string,
  params: string,
): Promise<void> {
  await db.$executeRaw`delete from ranking_feature_cache where model_version <> ${modelVersion}`;
  for (const inputs of extracted) {
    const fingerprint = fingerprints.get(inputs.asOf);
    if (!fingerprint) continue;
    await db.$executeRaw`
      insert into ranking_feature_cache (cutoff, model_version, params, fingerprint, inputs)
      values (${inputs.asOf}::date, ${modelVersion}, ${params}, ${fingerprint}, ${JSON.stringify(inputs)})
      on conflict (cutoff, model_version, params)
      do update set fingerprint = excluded.fingerprint, inputs = excluded.inputs, created_at = now()`;
  }
}
