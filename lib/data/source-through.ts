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
 * Each source's newest row of `table`: a loose index scan of its `(source, occurred_at)` index, walked backwards, one
 * probe per source. A grouped scan grows with the rows (billing: ~20 ms a call at 33k payments); a per-source
 * `order by occurred_at desc limit 1` walks the `occurred_at` index back through every newer row of every source
 * (community: 167 s at 10M events for a source that stopped in 2023).
 */
function newestPerSourceSql(table: "subscription_changes" | "payments" | "activity_events"): Prisma.Sql {
  const rows = Prisma.raw(table);
  return Prisma.sql`
    with recursive s as (
      (select source, occurred_at from ${rows} order by source desc, occurred_at desc limit 1)
      union all
      select n.source, n.occurred_at from s cross join lateral
        (select e.source, e.occurred_at from ${rows} e where e.source < s.source
          order by e.source desc, e.occurred_at desc limit 1) n
    )
    select source, occurred_at from s`;
}

/** The newest subscription change or payment per billing source. */
export const billingThroughSql = Prisma.sql`
  select source, max(occurred_at) as through
    from ((${newestPerSourceSql("subscription_changes")}) union all (${newestPerSourceSql("payments")})) x
   group by source order by source`;

export async function billingThrough(): Promise<SourceThrough[]> {
  return db.$queryRaw<SourceThrough[]>(billingThroughSql);
}

/** The newest event per community source. */
export const communityThroughSql = Prisma.sql`
  select source, occurred_at as through from (${newestPerSourceSql("activity_events")}) x order by source`;

export async function communityThrough(): Promise<SourceThrough[]> {
  return db.$queryRaw<SourceThrough[]>(communityThroughSql);
}
