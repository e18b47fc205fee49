// Organisations named by identities (an email's company domain, a profile's organisation) and the
// open affiliation of each member with them.
import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import { normaliseEmail, organizationFromEmail } from "@/lib/ingest/email-domains";
import type { IdentityRecord } from "@/lib/ingest/types";

type Tx = Prisma.TransactionClient;

export interface OrganizationLink {
  memberId: number;
  name: string;
  slug: string;
  domain: string | null;
  origin: string;
  at: Date;
}

export function slugify(name: string): string {
  return (
    name
      .toLowerCase()
      .normalize("NFKD")
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "")
      .slice(0, 80) || "org"
  );
}

export type OrganizationCandidate = Omit<OrganizationLink, "memberId">;

/** The organisations a record names: its email's company domain, and a profile's organisation. */
export function organizationsStated(r: IdentityRecord): OrganizationCandidate[] {
  const found: OrganizationCandidate[] = [];
  const at = r.firstSeenAt ?? new Date(0);
  const fromEmail = organizationFromEmail(normaliseEmail(r.email) ?? "", r.displayName);
  if (fromEmail)
    found.push({
      name: fromEmail.name,
      slug: fromEmail.domain,
      domain: fromEmail.domain,
      origin: "email-domain",
      at,
    });
  const name = r.organizationName?.trim();
  // A profile naming the company its email domain already names (git authors carry both) is the same
  // organisation: linked once, by its domain, not again as a second organisation keyed by the name's slug.
  if (name && name.toLowerCase() !== fromEmail?.name.toLowerCase())
    found.push({ name, slug: slugify(name), domain: null, origin: "profile", at });
  return found;
}

/**
 * Upserts organisations (by domain, else by slug) and an open affiliation for each member. The
 * affiliation check looks up the member's few rows, never the organisation's many: `org_id + 0` keeps
 * the planner off the org_id index, which mid-import (statistics of an empty table) it picked, scanning
 * every affiliation of a large company per new member — 30 s per batch of a git log from one company.
 */
export async function linkOrganizations(tx: Tx, links: OrganizationLink[]): Promise<void> {
  if (!links.length) return;
  const payload = JSON.stringify(
    links.map((l) => ({ m: l.memberId, n: l.name, s: l.slug, d: l.domain, o: l.origin, a: l.at })),
  );
  await tx.$executeRaw`
    insert into organizations (name, slug)
    select distinct on (u.s) u.n, u.s from json_to_recordset(${payload}::json) as u(n text, s text)
     where not exists (select 1 from organization_domains d where d.domain = u.s)
    on conflict (slug) do nothing`;
  await tx.$executeRaw`
    insert into organization_domains (domain, org_id)
    select distinct u.d, o.id from json_to_recordset(${payload}::json) as u(d text) join organizations o on o.slug = u.d
     where u.d is not null
    on conflict (domain) do nothing`;
  await tx.$executeRaw`
    insert into affiliations (member_id, org_id, starts_at, origin)
    select distinct on (u.m, org.id) u.m, org.id, u.a, u.o
      from json_to_recordset(${payload}::json) as u(m int, s text, o text, a timestamptz)
      join lateral (
        select coalesce(o.merged_into_id, o.id) as id from organizations o
         where o.id = coalesce((select d.org_id from organization_domains d where d.domain = u.s), (select id from organizations where slug = u.s))
      ) org on true
     where not exists (select 1 from affiliations a where a.member_id = u.m and a.org_id + 0 = org.id)
     order by u.m, org.id, u.a`;
}
