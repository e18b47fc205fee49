// The newest row of each billing source ("data through"), read by lib/data/overview.ts's dataFreshness and
// stoppedBillingSources on every Overview, Cohorts, member and paying-filter view: a few index probes, never a scan.
import "server-only";
import { readDb as db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";

export interface SourceThrough {
  source: string;
  through: Date | null;
}

/**
 * The newest subscription change or payment per billing source: a loose index scan of each table's
 * `(source, occurred_at)` index, walked backwards, one probe per source (a grouped scan of every change and
 * payment took ~20 ms a call at 33k payments, growing with them).
 */
export const billingThroughSql = Prisma.sql`
  with recursive c as (
    (select source, occurred_at from subscription_changes order by source desc, occurred_at desc limit 1)
    union all
    select n.source, n.occurred_at from c cross join lateral
      (select e.source, e.occurred_at from subscription_changes e where e.source < c.source
        order by e.source desc, e.occurred_at desc limit 1) n
  ), p as (
    (select source, occurred_at from payments order by source desc, occurred_at desc limit 1)
    union all
    select n.source, n.occurred_at from p cross join lateral
      (select e.source, e.occurred_at from payments e where e.source < p.source
        order by e.source desc, e.occurred_at desc limit 1) n
  )
  select source, max(occurred_at) as through from (select * from c union all select * from p) x
   group by source order by source`;

export async function billingThrough(): Promise<SourceThrough[]> {
  return db.$queryRaw<SourceThrough[]>(billingThroughSql);
}
