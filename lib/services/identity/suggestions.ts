// Merge suggestions: pairs of members who are probably one person, found in SQL, with reasons. Strong
// evidence merges at import (lib/ingest/persist/identities.ts); what is left here is weak: the same
// name at the same company or at the same email domain (one's own, a mail provider), near-identical
// handles, a name that is a handle, a claim several make.
import "server-only";
import { db } from "@/lib/db/client";

export type SuggestionReason =
  | "same_email"
  | "name_matches_handle"
  | "profile_names_handle"
  | "same_name"
  | "same_name_same_company"
  | "same_name_same_domain"
  | "similar_handle";

export interface MergeSuggestion {
  survivorId: number;
  mergedId: number;
  survivorName: string;
  mergedName: string;
  survivorSources: string[];
  mergedSources: string[];
  reasons: { reason: SuggestionReason; detail: string }[];
  /** Higher is more certain: the number of distinct reasons, email counting double. */
  strength: number;
}

/**
 * The survivor is the member with more identities (then the older one), so the richer record stays.
 * Bots and pairs that share no source-distinct evidence are left out.
 */
export async function mergeSuggestions(limit = 100): Promise<MergeSuggestion[]> {
  const rows = await db.$queryRaw<{ a: number; b: number; reason: SuggestionReason; detail: string }[]>`
    with named as materialized (
      -- A name's words: lower-cased, accents dropped (Gascón = Gascon), letters of every script kept, punctuation
      -- a word break. Only a name outside ASCII (more bytes than characters) pays for the Unicode normalisation.
      -- Materialized: the words are read eight times below, and an inlined CTE would compute them each time.
      select i.id, i.member_id, i.source, i.email_hash, i.handle, i.email, i.display_name,
             lower(substring(i.profile->>'title' from '(?:github\\.com/|[Gg]it[Hh]ub:?\\s*@?|GH:?\\s*@?)([A-Za-z0-9][A-Za-z0-9-]{0,38})')) as named_github,
             octet_length(i.display_name) > char_length(i.display_name) as unicode,
             btrim(regexp_replace(lower(case when octet_length(i.display_name) > char_length(i.display_name)
               then normalize(regexp_replace(normalize(i.display_name, NFKD), '[\\u0300-\\u036f]', '', 'g'), NFC)
               else i.display_name end), '[[:punct:][:space:]]+', ' ', 'g')) as words
        from identities i join members m on m.id = i.member_id
       where not m.is_bot and not i.is_bot
    ),
    ids as (
      select i.id, i.member_id, i.source, i.email_hash, lower(i.handle) as handle, i.display_name,
             -- the words in alphabetical order: "YAMAMOTO Yuji" = "Yuji Yamamoto" (family name first, as Japanese,
             -- Chinese, Korean and Hungarian write it)
             case when strpos(i.words, ' ') = 0 then nullif(i.words, '')
                  when split_part(i.words, ' ', 3) = ''
                    then least(split_part(i.words, ' ', 1), split_part(i.words, ' ', 2))
                         || greatest(split_part(i.words, ' ', 1), split_part(i.words, ' ', 2))
                  else (select string_agg(w, '' order by w) from unnest(string_to_array(i.words, ' ')) w) end as name_key,
             nullif(replace(i.words, ' ', ''), '') as name_flat,
             -- a full name: two words or more, or one written in Han, kana or Hangul (no spaces: 김정환, 山本悠滋)
             (strpos(btrim(i.display_name), ' ') > 0 and length(i.words) >= 7)
               or (i.unicode and i.words ~ '^[\\u3040-\\u30ff\\u3400-\\u9fff\\uac00-\\ud7af]{3,}$') as full_name,
             nullif(regexp_replace(lower(coalesce(i.handle, '')), '[^a-z0-9]', '', 'g'), '') as handle_key,
             nullif(split_part(lower(coalesce(i.email, '')), '@', 2), '') as domain, i.named_github
        from named i
    ),
    -- A name more than three members carry is a common name: no evidence at all, not even weak.
    common_names as (select name_key from ids where name_key is not null group by name_key having count(distinct member_id) > 3),
    pairs as (
      select x.member_id as a, y.member_id as b, 'same_email' as reason, 'same email address' as detail
        from ids x join ids y on x.email_hash = y.email_hash and x.member_id < y.member_id
      union all
      select x.member_id, y.member_id, 'name_matches_handle', x.source || ' name "' || x.display_name || '" = ' || y.source || ' login ' || y.handle
        from ids x join ids y on x.name_flat = y.handle_key and x.source <> y.source and x.member_id <> y.member_id
       where length(x.name_flat) >= 5
      union all
      select x.member_id, y.member_id, 'profile_names_handle', x.source || ' profile names GitHub ' || y.handle
        from ids x join ids y on y.source = 'github' and x.named_github = y.handle and x.member_id <> y.member_id
      union all
      -- Claims left unlinked because several accounts of one source made them (ambiguous): suggest each.
      select x.member_id, y.member_id, 'profile_names_handle', x.source || ' profile names ' || y.source || ' ' || coalesce(y.handle, '')
        from identity_claims c join ids x on x.id = c.identity_id
        join identity_claims o on o.key = c.key and o.owns join ids y on y.id = o.identity_id
       where not c.owns and c.via = 'profile_handle' and x.member_id <> y.member_id
      union all
      select x.member_id, y.member_id, 'same_name_same_company', 'same name "' || x.display_name || '" and both at ' || org.name
        from ids x join ids y on x.name_key = y.name_key and x.member_id < y.member_id
        join affiliations ax on ax.member_id = x.member_id and ax.origin = 'email-domain'
        join affiliations ay on ay.member_id = y.member_id and ay.org_id = ax.org_id
        join organizations org on org.id = ax.org_id
       where x.full_name
         and x.name_key not in (select name_key from common_names)
      union all
      -- Two addresses at one domain that is no company's (a person's own, kuzmany.biz, or a mail
      -- provider) under one uncommon full name.
      select x.member_id, y.member_id, 'same_name_same_domain', 'same name "' || x.display_name || '" and both at ' || x.domain
        from ids x join ids y on x.name_key = y.name_key and x.domain = y.domain and x.member_id < y.member_id
       where x.full_name
         and x.name_key not in (select name_key from common_names)
         and not exists (select 1 from organization_domains d where d.domain = x.domain)
      union all
      select x.member_id, y.member_id, 'similar_handle', x.source || ' ' || x.handle || ' ≈ ' || y.source || ' ' || y.handle
        from ids x join ids y on x.handle_key = y.handle_key and x.source <> y.source and x.member_id < y.member_id and x.handle <> y.handle
       where length(x.handle_key) >= 5
      union all
      -- Also within one source: a git author under two addresses (a new job), a second Slack account.
      select x.member_id, y.member_id, 'same_name', 'same name "' || x.display_name || '" in ' || x.source || ' and ' || y.source
        from ids x join ids y on x.name_key = y.name_key and x.member_id < y.member_id
       where x.full_name and (x.source <> y.source or x.domain is distinct from y.domain)
         and x.name_key not in (select name_key from common_names)
    )
    select distinct least(a, b) as a, greatest(a, b) as b, reason, detail from pairs
     where not exists (select 1 from member_merges mm where mm.undone_at is null and mm.merged_id in (pairs.a, pairs.b))
       -- An admin split these two apart: the evidence that joined them is no suggestion to join them again.
       and not exists (
         select 1 from identity_splits s join identities x on x.id = s.identity_id join identities y on y.id = any(s.apart_from)
          where s.undone_at is null and least(x.member_id, y.member_id) = least(a, b) and greatest(x.member_id, y.member_id) = greatest(a, b))`;
  const byPair = new Map<
    string,
    { a: number; b: number; reasons: { reason: SuggestionReason; detail: string }[] }
  >();
  for (const r of rows) {
    const k = `${r.a}:${r.b}`;
    const entry = byPair.get(k) ?? { a: r.a, b: r.b, reasons: [] };
    if (!entry.reasons.some((x) => x.reason === r.reason))
      entry.reasons.push({ reason: r.reason, detail: r.detail });
    byPair.set(k, entry);
  }
  const pairs = [...byPair.values()];
  if (!pairs.length) return [];
  const memberIds = [...new Set(pairs.flatMap((p) => [p.a, p.b]))];
  const members = await db.$queryRaw<
    { id: number; display_name: string; sources: string[]; identities: number }[]
  >`
    select m.id, m.display_name, array_agg(distinct i.source order by i.source) as sources, count(i.id)::int as identities
      from members m left join identities i on i.member_id = m.id
     where m.id = any(${memberIds}::int[]) group by m.id`;
  const byId = new Map(members.map((m) => [m.id, m]));
  return pairs
    .filter((p) => byId.has(p.a) && byId.has(p.b))
    .map((p) => {
      const [a, b] = [byId.get(p.a)!, byId.get(p.b)!];
      const [survivor, merged] = b.identities > a.identities ? [b, a] : [a, b];
      const strength = p.reasons.reduce(
        (s, r) =>
          s +
          (r.reason === "same_email"
            ? 2
            : r.reason === "same_name_same_company" || r.reason === "same_name_same_domain"
              ? 1.5
              : r.reason === "same_name"
                ? 0.5
                : 1),
        0,
      );
      return {
        survivorId: survivor.id,
        mergedId: merged.id,
        survivorName: survivor.display_name,
        mergedName: merged.display_name,
        survivorSources: survivor.sources.filter(Boolean),
        mergedSources: merged.sources.filter(Boolean),
        reasons: p.reasons,
        strength,
      };
    })
    .sort((x, y) => y.strength - x.strength || x.survivorId - y.survivorId)
    .slice(0, limit);
}
