// Reads the heavy page aggregates (Overview trends, MRR movements, cohort retention, deciles) that
// the recompute pipeline stores. Never computes them: when the data changed since, the stored value
// is served marked stale and the worker is asked to refresh it (a job, not work in the web process).
import "server-only";
import { readDb as db } from "@/lib/db/client";
import { requestPageAggregatesRefresh } from "@/lib/jobs/queue";
import { dataPreparation } from "./pipeline-status";
import {
  PAGE_AGGREGATES_KEY,
  pageAggregatesSchema,
  type PageAggregates,
} from "@/lib/validation/page-aggregates";

export type { PageAggregates };

/** Cheap (index-only) signature of the data the aggregates depend on. */
export async function pageAggregatesFingerprint(): Promise<{
  fingerprint: string;
  latestEvent: Date | null;
}> {
  const [r] = await db.$queryRaw<
    {
      e_id: bigint | null;
      e_at: Date | null;
      c_id: number | null;
      p_id: number | null;
      m: bigint;
      types: string | null;
    }[]
  >`
    select (select max(id) from activity_events) as e_id, (select max(occurred_at) from activity_events) as e_at,
           (select max(id) from subscription_changes) as c_id, (select max(id) from payments) as p_id,
           (select count(*) from members) as m,
           (select md5(string_agg(type || ':' || is_contribution::text, ',' order by type)) from activity_types) as types`;
  return {
    fingerprint: [r.e_id, r.e_at?.toISOString(), r.c_id, r.p_id, r.m, r.types].join("|"),
    latestEvent: r.e_at,
  };
}

/** The stored value as it is (null when none is stored or it does not parse), without a freshness check. */
export async function storedPageAggregates(): Promise<PageAggregates | null> {
  const stored = await db.setting.findUnique({ where: { key: PAGE_AGGREGATES_KEY } });
  const parsed = pageAggregatesSchema.safeParse(stored?.value);
  return parsed.success ? parsed.data : null;
}

/** A failed request is logged, not thrown: the page still renders, and the next pipeline run refreshes anyway. */
async function askForRefresh(): Promise<void> {
  await requestPageAggregatesRefresh().catch((error) =>
    console.error("[page aggregates] refresh request failed", error),
  );
}

/**
 * The stored aggregates, `stale` when the data changed since they were computed. When nothing is
 * stored yet (the first recompute is still running), `missing` is true and the series are empty:
 * callers show "being prepared", never zeros as if they were measured.
 */
export async function getPageAggregates(
  now = new Date(),
): Promise<PageAggregates & { stale: boolean; missing: boolean }> {
  const [value, { fingerprint }] = await Promise.all([storedPageAggregates(), pageAggregatesFingerprint()]);
  if (!value) {
    // While a start prepares the data, its pipeline run computes them: a job now would compete with it.
    if (!(await dataPreparation())) await askForRefresh();
    const at = now.toISOString();
    const churn = {
      windowStart: at,
      windowEnd: at,
      activeAtStart: 0,
      newInWindow: 0,
      reactivatedInWindow: 0,
      churned: 0,
      rate: null,
    };
    return {
      fingerprint: "",
      computedAt: at,
      asOf: at,
      monthlyActivity: [],
      monthlyBilling: [],
      movements: [],
      churn,
      retentionRows: [],
      deciles: [],
      stale: true,
      missing: true,
    };
  }
  if (value.fingerprint !== fingerprint) {
    await askForRefresh();
    return { ...value, stale: true, missing: false };
  }
  return { ...value, stale: false, missing: false };
}
