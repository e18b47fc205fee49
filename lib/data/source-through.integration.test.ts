// Billing sources' "data through" by index probes: the same newest day per source as a grouped scan of every
// subscription change and payment, read through the (source, occurred_at) indexes; the stopped sources the
// member page, Cohorts and the members list read are the Overview's, without its per-community-source walk; and
// community sources' by the (source, occurred_at) index of activity_events, one probe per source.
import { beforeEach, describe, expect, it } from "vitest";
import { truncateAll, useTestDatabase } from "@/lib/test/db";
import { billingThrough, billingThroughSql, communityThrough, communityThroughSql } from "./source-through";
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

/** `events` live GitHub events up to 2026-11-30, a Slack that stopped in March 2023, a handful of forum posts. */
async function seedCommunity(events: number) {
  await db.$executeRaw`insert into activity_events (member_id, source, external_id, type, occurred_at)
     select g % 1000, 'github', 'g-' || g, 'commit', timestamptz '2026-11-30' - g * interval '7 minutes'
       from generate_series(1, ${events}::int) g
     union all select g % 500, 'slack', 's-' || g, 'message', timestamptz '2023-03-01' - g * interval '1 hour'
       from generate_series(1, 2000) g
     union all select g, 'forum', 'f-' || g, 'post', timestamptz '2024-06-01' + g * interval '1 day'
       from generate_series(1, 5) g`;
  await db.$executeRaw`analyze activity_events`;
}

const groupedCommunity = () =>
  db.$queryRaw<{ source: string; through: Date }[]>`
    select source, max(occurred_at) as through from activity_events group by source order by source`;

describe("community sources' data through", () => {
  it("equals the grouped maximum, before and after new events arrive", async () => {
    await seedCommunity(50_000);
    const before = await groupedCommunity();
    expect(before.map((r) => [r.source, r.through.toISOString()])).toEqual([
      ["forum", "2024-06-06T00:00:00.000Z"],
      ["github", "2026-11-29T23:53:00.000Z"],
      ["slack", "2023-02-28T23:00:00.000Z"],
    ]);
    expect(await communityThrough()).toEqual(before);
    // An import: newer GitHub events, an old Slack event below its newest, a new source, one forum post deleted.
    await db.$executeRaw`insert into activity_events (member_id, source, external_id, type, occurred_at) values
       (1, 'github', 'g-new', 'commit', '2026-12-01T10:00:00Z'), (2, 'slack', 's-old', 'message', '2020-01-01'),
       (3, 'discourse', 'd-1', 'post', '2025-01-01'), (4, 'a-first', 'a-1', 'post', '2019-01-01')`;
    await db.$executeRaw`delete from activity_events where external_id = 'f-5'`;
    const after = await groupedCommunity();
    expect(after.map((r) => r.source)).toEqual(["a-first", "discourse", "forum", "github", "slack"]);
    expect(await communityThrough()).toEqual(after);
    const freshness = (await dataFreshness()).filter((s) => s.kind === "community");
    expect(freshness.map((s) => [s.source, s.dataThrough])).toEqual(after.map((r) => [r.source, r.through]));
  });

  it("reads one index entry per source, never walking the occurred_at index past newer events", async () => {
    await seedCommunity(50_000);
    const [{ "QUERY PLAN": plan }] = await db.$queryRaw<
      { "QUERY PLAN": unknown }[]
    >`explain (analyze, format json) ${communityThroughSql}`;
    const scans: {
      "Index Name"?: string;
      "Node Type": string;
      "Actual Rows": number;
      "Actual Loops": number;
    }[] = [];
    const walk = (node: Record<string, unknown>) => {
      if (String(node["Node Type"]).includes("Scan") && node["Relation Name"] === "activity_events")
        scans.push(node as never);
      for (const child of (node.Plans as Record<string, unknown>[] | undefined) ?? []) walk(child);
    };
    walk((plan as { Plan: Record<string, unknown> }[])[0].Plan);
    expect(scans.map((n) => n["Index Name"])).toEqual([
      "activity_events_source_occurred_at_idx",
      "activity_events_source_occurred_at_idx",
    ]);
    // Three sources: three rows found, and the probe past the last one finds none (the old plan read 50,000).
    expect(scans.reduce((sum, n) => sum + n["Actual Rows"] * n["Actual Loops"], 0)).toBeLessThanOrEqual(4);
  });

  it("is empty with no events", async () => {
    expect(await communityThrough()).toEqual([]);
  });
});
