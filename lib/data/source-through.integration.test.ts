// Billing sources' "data through" by index probes: the same newest day per source as a grouped scan of every
// subscription change and payment, read through the (source, occurred_at) indexes; the stopped sources the
// member page, Cohorts and the members list read are the Overview's, without its per-community-source walk.
import { beforeEach, describe, expect, it } from "vitest";
import { truncateAll, useTestDatabase } from "@/lib/test/db";
import { billingThrough, billingThroughSql } from "./source-through";
import { dataFreshness, stoppedBillingSources } from "./overview";

const db = useTestDatabase();
beforeEach(() => truncateAll(db));

/** Billing rows for `members` members: changes from 'stripe' and 'legacy', payments from 'stripe' and 'oc'. */
async function seedBilling(members: number) {
  await db.$executeRaw`insert into members (display_name, updated_at) select 'M' || g, now() from generate_series(1, ${members}::int) g`;
  await db.$executeRaw`insert into subscriptions (member_id, source, external_id, plan_key, tier_rank, mrr_cents, status, started_at, updated_at)
     select id, case when id % 3 = 0 then 'legacy' else 'stripe' end, 's-' || id, 'p', 1, 500, 'active', '2024-01-01', now() from members`;
  await db.$executeRaw`insert into subscription_changes (subscription_id, member_id, source, external_id, kind, to_plan_key, from_tier, to_tier, mrr_after_cents, occurred_at)
     select s.id, s.member_id, s.source, 'c-' || s.id || '-' || k, 'new', 'p', 0, 1, 500,
            case when s.source = 'legacy' then timestamptz '2022-03-01' else timestamptz '2026-11-01' end
              - (s.member_id * 37 % 500 + k * 3) * interval '1 hour'
       from subscriptions s, generate_series(1, 3) k`;
  await db.$executeRaw`insert into payments (member_id, source, external_id, amount_cents, currency, status, kind, occurred_at)
     select id, case when id % 4 = 0 then 'oc' else 'stripe' end, 'p-' || id || '-' || k, 500, 'usd', 'paid', 'subscription',
            case when id % 4 = 0 then timestamptz '2021-06-01' else timestamptz '2026-11-20' end - (id * 13 % 900 + k) * interval '1 hour'
       from members, generate_series(1, 2) k`;
  await db.$executeRaw`analyze subscription_changes`;
  await db.$executeRaw`analyze payments`;
}

describe("billing sources' data through", () => {
  it("equals the grouped maximum over subscription changes and payments", async () => {
    await seedBilling(3_000);
    const grouped = await db.$queryRaw<{ source: string; through: Date }[]>`
      select source, max(through) as through from (
        select source, max(occurred_at) as through from subscription_changes group by source
        union all select source, max(occurred_at) from payments group by source) x group by source order by source`;
    expect(grouped.map((r) => r.source)).toEqual(["legacy", "oc", "stripe"]);
    expect(await billingThrough()).toEqual(grouped);
  });

  it("is read through the (source, occurred_at) indexes, not a scan of every row", async () => {
    await seedBilling(3_000);
    const [{ "QUERY PLAN": plan }] = await db.$queryRaw<
      { "QUERY PLAN": unknown }[]
    >`explain (format json) ${billingThroughSql}`;
    const text = JSON.stringify(plan);
    expect(text).toContain("subscription_changes_source_occurred_at_idx");
    expect(text).toContain("payments_source_occurred_at_idx");
    expect(text).not.toContain("Seq Scan");
  });

  it("is empty with no billing data", async () => {
    expect(await billingThrough()).toEqual([]);
  });
});

describe("stoppedBillingSources", () => {
  it("names the sources dataFreshness marks stopped, with their data-through, in the same order", async () => {
    await seedBilling(300);
    // Community data: a live source and one that stopped long ago (its newest event is not the newest).
    await db.$executeRaw`insert into activity_events (member_id, source, external_id, type, occurred_at)
       select id, 'slack', 'e-' || id, 'message', timestamptz '2026-11-25' - id * interval '1 minute' from members
       union all select id, 'forum', 'f-' || id, 'post', timestamptz '2022-01-01' from members where id < 10`;
    const fromFreshness = (await dataFreshness())
      .filter((s) => s.stopped)
      .map((s) => [s.source, s.dataThrough]);
    expect(fromFreshness.map(([source]) => source)).toEqual(["legacy", "oc"]);
    expect([...(await stoppedBillingSources())]).toEqual(fromFreshness);
  });

  it("is empty without community data (nothing to be behind)", async () => {
    await seedBilling(30);
    expect((await stoppedBillingSources()).size).toBe(0);
    expect((await dataFreshness()).some((s) => s.stopped)).toBe(false);
  });
});
