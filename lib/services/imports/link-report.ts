// How many billing customers are joined to a community member (someone with activity or another
// source's identity), and which are not, for the import summary.
import "server-only";
import { db } from "@/lib/db/client";

export interface BillingLinkReport {
  customers: number;
  linked: number;
  unlinked: number;
  unlinkedSample: { memberId: number; name: string; externalId: string; email: string | null }[];
}

export async function billingLinkReport(source: string, sampleSize = 50): Promise<BillingLinkReport> {
  const rows = await db.$queryRaw<{ member_id: number; name: string; external_id: string; email: string | null; linked: boolean }[]>`
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
    unlinkedSample: unlinked.slice(0, sampleSize).map((r) => ({ memberId: r.member_id, name: r.name, externalId: r.external_id, email: r.email })),
  };
}
