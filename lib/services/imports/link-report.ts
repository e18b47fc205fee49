// How many billing customers are joined to a community member (someone with activity or another
// source's identity), and which are not, for the import summary.
import "server-only";
import { db } from "@/lib/db/client";
import { mergeSuggestions } from "@/lib/services/identity/suggestions";

export interface BillingLinkReport {
  customers: number;
  linked: number;
  unlinked: number;
  unlinkedSample: { memberId: number; name: string; externalId: string; email: string | null }[];
}

export async function billingLinkReport(source: string, sampleSize = 50): Promise<BillingLinkReport> {
  const rows = await db.$queryRaw<
    { member_id: number; name: string; external_id: string; email: string | null; linked: boolean }[]
  >`
    select i.member_id, m.display_name as name, i.external_id, i.email,
           exists (select 1 from identities o where o.member_id = i.member_id and o.source <> ${source}) as linked
      from identities i join members m on m.id = i.member_id
     where i.source = ${source}
     order by i.id`;
  const unlinked = rows.filter((r) => !r.linked);
  return {
    customers: rows.length,
    linked: rows.length - unlinked.length,
    unlinked: unlinked.length,
    unlinkedSample: unlinked
      .slice(0, sampleSize)
      .map((r) => ({ memberId: r.member_id, name: r.name, externalId: r.external_id, email: r.email })),
  };
}

export interface IdentityLinkSummary {
  /** People (members that are not bots). */
  members: number;
  /** Members holding identities from more than one source. */
  multiSource: number;
  /** Billing customers (Stripe, Open Collective) whose member has no identity from a community source. */
  billingUnlinked: number;
  /** Pairs of members that weak evidence (same name and company domain, similar handles) suggests are one person. */
  suggestionsWaiting: number;
  /** Members merged automatically on strong evidence, not undone. */
  automaticMerges: number;
}

const BILLING_SOURCES = ["stripe", "opencollective"];

/** How well the sources are joined, for the import summary and the Imports page. */
export async function identityLinkSummary(): Promise<IdentityLinkSummary> {
  const [counts] = await db.$queryRaw<
    { members: number; multi: number; billing_unlinked: number; merges: number }[]
  >`
    with per_member as (
      select i.member_id, count(distinct i.source) as sources,
             bool_or(i.source = any(${BILLING_SOURCES}::text[])) as billing, bool_and(i.source = any(${BILLING_SOURCES}::text[])) as billing_only
        from identities i join members m on m.id = i.member_id and not m.is_bot group by i.member_id
    )
    select (select count(*)::int from members where not is_bot) as members,
           (select count(*)::int from per_member where sources > 1) as multi,
           (select count(*)::int from per_member where billing and billing_only) as billing_unlinked,
           (select count(*)::int from member_merges where actor_id is null and undone_at is null and reason like 'import evidence:%') as merges`;
  const suggestions = await mergeSuggestions(1000);
  return {
    members: counts.members,
    multiSource: counts.multi,
    billingUnlinked: counts.billing_unlinked,
    suggestionsWaiting: suggestions.length,
    automaticMerges: counts.merges,
  };
}
