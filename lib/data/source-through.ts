// The newest row of each source ("data through"): billing sources for lib/data/overview.ts's dataFreshness and
// stoppedBillingSources (every Overview, Cohorts, member and paying-filter view), community sources for the Overview's
// freshness line. A few index probes each, never a scan.
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

/**
 * The newest event per community source: a loose index scan of `activity_events (source, occurred_at)`, walked
 * backwards, one probe per source. The per-source `order by occurred_at desc limit 1` it replaces walked the
 * `occurred_at` index back through every newer event of every source: 167 s at 10M events for a source that
 * stopped in 2023.
 */
export const communityThroughSql = Prisma.sql`
  with recursive s as (
    (select source, occurred_at from activity_events order by source desc, occurred_at desc limit 1)
    union all
    select n.source, n.occurred_at from s cross join lateral
      (select e.source, e.occurred_at from activity_events e where e.source < s.source
        order by e.source desc, e.occurred_at desc limit 1) n
  )
  select source, occurred_at as through from s order by source`;

export async function communityThrough(): Promise<SourceThrough[]> {
  return db.$queryRaw<SourceThrough[]>(communityThroughSql);
}
