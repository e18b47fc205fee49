// Overview reads against a real PostgreSQL: KPIs and series from the cached page aggregates,
// served stale (and a refresh queued for the worker) after the data changes, never computed by a
// read; per-source freshness with the stale-billing flag, targets.
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { truncateAll, useTestDatabase } from "@/lib/test/db";
import { refreshPageAggregates } from "@/lib/services/page-aggregates";
import { stopJobQueue } from "@/lib/jobs/queue";
import { getPageAggregates } from "./page-aggregates";
import { addTarget } from "@/lib/services/targets";
import { dataFreshness, mrrOverview, overviewKpis, targetsWithProjections, topRanked } from "./overview";

const db = useTestDatabase();
beforeEach(async () => {
  await truncateAll(db);
  // pg-boss's own schema is not truncated; it exists once a test has queued something.
  await db.$executeRaw`delete from pgboss.job where name = 'page-aggregates'`.catch(() => undefined);
});
afterAll(() => stopJobQueue());

const queuedRefreshes = async () =>
  Number(
    (
      await db.$queryRaw<
        { n: bigint }[]
      >`select count(*) as n from pgboss.job where name = 'page-aggregates' and state = 'created'`
    )[0].n,
  );

const at = (iso: string) => new Date(iso);

async function seed() {
  await db.activityType.createMany({
    data: [
      { type: "message", label: "Message" },
      { type: "pr_merged", label: "PR merged", isContribution: true },
    ],
  });
  const a = await db.member.create({ data: { displayName: "A", currentTier: 1, currentMrrCents: 1500 } });
  const b = await db.member.create({ data: { displayName: "B" } });
  const bot = await db.member.create({ data: { displayName: "Bot", isBot: true } });
  const ev = (memberId: number, type: string, iso: string, source = "slack") => ({
    memberId,
    source,
    externalId: `${memberId}-${type}-${iso}`,
    type,
    occurredAt: at(iso),
  });
  await db.activityEvent.createMany({
    data: [
      ev(a.id, "message", "2025-05-10T00:00:00Z"),
      ev(b.id, "message", "2025-05-11T00:00:00Z"),
      ev(a.id, "pr_merged", "2025-06-02T00:00:00Z", "github"),
      ev(a.id, "message", "2025-06-03T00:00:00Z"),
      ev(bot.id, "message", "2025-06-04T00:00:00Z"),
      ev(b.id, "message", "2025-06-20T00:00:00Z"),
    ],
  });
  const sub = await db.subscription.create({
    data: {
      memberId: a.id,
      source: "stripe",
      externalId: "s",
      status: "active",
      startedAt: at("2025-05-15T00:00:00Z"),
    },
  });
  await db.subscriptionChange.create({
    data: {
      subscriptionId: sub.id,
      memberId: a.id,
      source: "stripe",
      externalId: "c1",
      kind: "new",
      toTier: 1,
      mrrAfterCents: 1500,
      occurredAt: at("2025-05-15T00:00:00Z"),
    },
  });
  await db.payment.create({
    data: {
      memberId: a.id,
      source: "stripe",
      externalId: "p1",
      amountCents: 1500,
      currency: "usd",
      status: "paid",
      kind: "subscription",
      occurredAt: at("2025-05-15T00:00:00Z"),
    },
  });
  return { a, b };
}

describe("overviewKpis", () => {
  it("counts this month (the latest event's month) against last month, without bots", async () => {
    await seed();
    await refreshPageAggregates();
    const k = await overviewKpis();
    expect(k.referenceMonth).toBe("2025-06");
    expect(k).toMatchObject({
      members: 2,
      activeThisMonth: 2,
      activeLastMonth: 2,
      contributorsThisMonth: 1,
      contributorsLastMonth: 0,
      payingMembers: 1,
      mrrCents: 1500,
      notCounted: [],
    });
    expect(k.series.active).toHaveLength(12);
    expect(k.series.mrr.slice(-2).map((p) => p.value)).toEqual([1500, 1500]);
    expect(k.series.upgrades.at(-2)?.value).toBe(1);
    const mrr = await mrrOverview();
    expect(mrr.movements.find((m) => m.month === "2025-05")).toMatchObject({ newCents: 1500, newMembers: 1 });
  });

  it("serves stored aggregates marked stale after the data changes, then refreshes", async () => {
    const { b } = await seed();
    await refreshPageAggregates();
    expect((await getPageAggregates()).stale).toBe(false);
    await db.activityEvent.create({
      data: {
        memberId: b.id,
        source: "slack",
        externalId: "late",
        type: "pr_merged",
        occurredAt: at("2025-06-25T00:00:00Z"),
      },
    });
    const stale = await getPageAggregates();
    expect(stale.stale).toBe(true);
    expect(stale.monthlyActivity.at(-1)?.contributors).toBe(1);
    // The read asked the worker for a refresh (one job however many reads) and computed nothing.
    await getPageAggregates();
    expect(await queuedRefreshes()).toBe(1);
    await refreshPageAggregates(); // what the worker's job runs
    const fresh = await getPageAggregates();
    expect(fresh.stale).toBe(false);
    expect(fresh.monthlyActivity.at(-1)?.contributors).toBe(2);
  });

  it("with nothing stored, a read writes nothing, says the aggregates are missing and queues their computation", async () => {
    await seed();
    const before = await db.setting.count();
    const k = await overviewKpis();
    expect(k.aggregatesMissing).toBe(true);
    expect(await db.setting.count()).toBe(before);
    expect(await queuedRefreshes()).toBe(1);
  });
});

describe("a stopped billing source (Open Collective export ending years ago)", () => {
  it("is left out of paying members and MRR, and the KPIs say what was left out", async () => {
    // Five members active this week; 1 pays through a live Stripe source, 3 only through Open Collective
    // payments that end in 2021, and 1 through both (its Stripe MRR still counts).
    await db.$executeRaw`insert into members (display_name, updated_at) select 'M' || g, now() from generate_series(1, 5) g`;
    await db.$executeRaw`insert into activity_events (member_id, source, external_id, type, occurred_at)
       select id, 'git', 'c-' || id, 'commit', now() - interval '1 hour' from members`;
    const sub = (id: string, source: string, mrr: number) =>
      db.$executeRaw`insert into subscriptions (member_id, source, external_id, plan_key, tier_rank, mrr_cents, status, started_at, updated_at)
         select m.id, ${source}, ${source} || '-' || m.id, 'p', 1, ${mrr}, 'active', '2021-01-10', now()
           from members m where m.display_name = any(${id.split(",")}::text[])`;
    await sub("M1,M5", "stripe", 2000);
    await sub("M2,M3,M4,M5", "opencollective", 500);
    await db.$executeRaw`insert into subscription_changes (subscription_id, member_id, source, external_id, kind, to_plan_key, from_tier, to_tier, mrr_after_cents, occurred_at)
       select s.id, s.member_id, s.source, 'new-' || s.id, 'new', 'p', 0, 1, s.mrr_cents,
              case when s.source = 'stripe' then now() - interval '40 days' else timestamptz '2021-01-10' end from subscriptions s`;
    await db.$executeRaw`insert into payments (member_id, source, external_id, amount_cents, currency, status, kind, occurred_at)
       select member_id, 'opencollective', 'pay-' || id, 500, 'usd', 'paid', 'subscription', timestamptz '2021-12-31 12:00Z'
         from subscriptions where source = 'opencollective'`;
    // What the importers leave on the members: the sum of their active subscriptions.
    await db.$executeRaw`update members m set current_tier = 1, current_mrr_cents = x.mrr
       from (select member_id, sum(mrr_cents)::int as mrr from subscriptions group by 1) x where x.member_id = m.id`;
    await refreshPageAggregates();
    const k = await overviewKpis();
    expect(k).toMatchObject({ payingMembers: 2, mrrCents: 4000 });
    expect(k.notCounted).toEqual([
      { source: "opencollective", dataThrough: at("2021-12-31T12:00:00Z"), members: 3, mrrCents: 2000 },
    ]);
    // The trends and MRR movements leave the stopped source out too: last month is not a 50% drop.
    expect(k.series.paying.slice(-2).map((p) => p.value)).toEqual([2, 2]);
    expect(k.series.mrr.slice(-2).map((p) => p.value)).toEqual([4000, 4000]);
    const mrr = await mrrOverview();
    expect(mrr.movements.at(-1)?.startMrrCents).toBe(4000);
    const freshness = await dataFreshness();
    expect(freshness.filter((s) => s.kind === "billing").map((s) => [s.source, s.stale, s.stopped])).toEqual([
      ["opencollective", true, true],
      ["stripe", true, false],
    ]);
  });
});

describe("dataFreshness, targets and rankings", () => {
  it("flags billing data more than 3 days behind the community data", async () => {
    await seed();
    const rows = await dataFreshness();
    expect(rows.map((r) => [r.kind, r.source, r.dataThrough?.toISOString().slice(0, 10), r.stale])).toEqual([
      ["billing", "stripe", "2025-05-15", true],
      ["community", "github", "2025-06-02", false],
      ["community", "slack", "2025-06-20", false],
    ]);
  });

  it("projects targets from the metric's monthly series; rankings may be empty", async () => {
    await seed();
    await refreshPageAggregates();
    const admin = await db.adminUser.create({
      data: { email: "a@x.test", passwordHash: "x", role: "admin" },
    });
    await addTarget(admin, { metric: "active_members", value: 2, dueDate: "2025-12-31" });
    const [t] = await targetsWithProjections(await overviewKpis());
    expect(t).toMatchObject({ metric: "active_members", value: 2, dueDate: "2025-12-31" });
    expect(t.projection.status).toBe("reached");
    expect(await db.auditLog.count({ where: { action: "target.add" } })).toBe(1);
    expect(await topRanked("candidates")).toEqual([]);
  });
});
