// Seeds the demo community into a real PostgreSQL and checks its shape with SQL: size and span, sources,
// the December dip, billing that follows rising activity, flags, determinism and clean removal.
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/lib/db/prisma";
import { Prisma } from "@/lib/generated/prisma/client";
import { truncateAll, useTestDatabase } from "@/lib/test/db";
import { removeDemoCommunity, seedDemoCommunity, type DemoSummary } from "@/lib/services/demo";

const NOW = new Date("2026-03-16T00:00:00Z");
const SEED = 4242;

let db: Db;
let summary: DemoSummary;
let seedMs: number;
const progress: [number, string][] = [];

async function one<T>(query: Prisma.Sql): Promise<T> {
  const rows = await db.$queryRaw<T[]>(query);
  return rows[0];
}

/** Counts and a hash over every demo row that matters, to compare two seedings. */
async function fingerprint() {
  return one<Record<string, string | number>>(Prisma.sql`
    select (select count(*)::int from members where is_demo) as members,
           (select count(*)::int from organizations where is_demo) as orgs,
           (select count(*)::int from identities) as identities,
           (select count(*)::int from activity_events) as events,
           (select sum(weight::float8)::text from activity_events) as weight,
           (select md5(string_agg(concat_ws('|', id, member_id, identity_id, source, external_id, type, occurred_at, channel, weight), ',' order by id)) from activity_events) as events_md5,
           (select md5(string_agg(concat_ws('|', id, display_name, primary_email, joined_at, last_active_at, current_tier, current_mrr_cents, tags::text), ',' order by id)) from members) as members_md5,
           (select md5(string_agg(concat_ws('|', external_id, kind, from_plan_key, to_plan_key, occurred_at), ',' order by external_id)) from subscription_changes) as changes_md5,
           (select md5(string_agg(concat_ws('|', external_id, status, amount_cents, occurred_at), ',' order by external_id)) from payments) as payments_md5`);
}

describe("seedDemoCommunity", () => {
  beforeAll(async () => {
    db = useTestDatabase();
    await truncateAll(db);
    const t0 = performance.now();
    summary = await seedDemoCommunity(db, {
      seed: SEED,
      now: NOW,
      onProgress: (pct, label) => progress.push([pct, label]),
    });
    seedMs = performance.now() - t0;
    console.info(`demo seed: ${Math.round(seedMs)} ms`, JSON.stringify(summary));
  });

  // Its speed is recorded under "First start" in docs/benchmarks.md, not asserted here: a timed
  // assertion fails on a busy machine without telling anything about the code.
  it("generates at least 2,000 members over 18 months", async () => {
    expect(progress.at(-1)).toEqual([100, "done"]);
    const r = await one<{ members: number; span_days: number; last: Date; early: number; late: number }>(
      Prisma.sql`
      select count(*)::int as members,
             (select extract(epoch from max(occurred_at) - min(occurred_at)) / 86400 from activity_events)::float8 as span_days,
             (select max(occurred_at) from activity_events) as last,
             count(*) filter (where joined_at >= ${NOW}::timestamptz - interval '12 months' and joined_at < ${NOW}::timestamptz - interval '6 months')::int as early,
             count(*) filter (where joined_at >= ${NOW}::timestamptz - interval '6 months')::int as late
        from members where is_demo`,
    );
    expect(r.members).toBeGreaterThanOrEqual(2000);
    expect(r.members).toBe(summary.members);
    expect(r.span_days).toBeGreaterThanOrEqual(540);
    expect(r.last.getTime()).toBeLessThan(NOW.getTime());
    expect(r.last.getTime()).toBeGreaterThan(NOW.getTime() - 86_400_000);
    expect(r.late).toBeGreaterThan(r.early); // the community grows
    const events = await one<{ n: number; demo_ids: number }>(
      Prisma.sql`select count(*)::int as n, count(*) filter (where external_id like 'demo:%')::int as demo_ids from activity_events`,
    );
    expect(events.n).toBe(summary.events);
    expect(events.demo_ids).toBe(events.n);
    expect(events.n).toBeGreaterThan(300_000);
    expect(events.n).toBeLessThan(600_000);
  });

  it("dates no stored row after the day it is seeded for (the Outreach page showed 'Updated' next week)", async () => {
    // Due dates and billing period ends look ahead by nature; everything that says something happened may not.
    const late = await db.$queryRaw<{ what: string; n: number }[]>(Prisma.sql`
      select what, count(*)::int as n from (
        select 'outreach' as what from outreach
         where greatest(created_at, updated_at, contacted_at, outcome_at) > ${NOW}::timestamptz
        union all select 'payments' from payments where occurred_at > ${NOW}::timestamptz
        union all select 'changes' from subscription_changes where occurred_at > ${NOW}::timestamptz
        union all select 'subscriptions' from subscriptions
         where greatest(started_at, canceled_at, last_event_at, updated_at) > ${NOW}::timestamptz
        union all select 'members' from members
         where greatest(joined_at, last_active_at, created_at, updated_at) > ${NOW}::timestamptz
        union all select 'events' from activity_events where occurred_at > ${NOW}::timestamptz
      ) t group by what`);
    expect(late).toEqual([]);
    expect(summary.outreach).toBeGreaterThan(0);
  });

  it("uses all four community sources, with single-platform members and Stripe customers", async () => {
    const sources = await db.$queryRaw<
      { source: string }[]
    >`select distinct source from activity_events order by 1`;
    expect(sources.map((s) => s.source)).toEqual(["forum", "github", "meetup", "slack"]);
    const r = await one<{ single: number; stripe: number; types: number }>(Prisma.sql`
      select (select count(*)::int from (select member_id from identities where source <> 'stripe' group by member_id having count(*) = 1) s) as single,
             (select count(*)::int from identities where source = 'stripe' and external_id like 'cus\\_%') as stripe,
             (select count(distinct type)::int from activity_events) as types`);
    expect(r.single).toBeGreaterThan(summary.members * 0.2);
    expect(r.stripe).toBeGreaterThan(100);
    expect(r.types).toBe(16);
  });

  it("dips in December against November", async () => {
    const years = await db.$queryRaw<{ y: number; nov: number; dec: number }[]>`
      with weekly as (
        select date_trunc('week', occurred_at at time zone 'UTC') as wk, count(*) as n from activity_events group by 1)
      select extract(year from wk)::int as y,
             avg(n) filter (where extract(month from wk) = 11)::float8 as nov,
             avg(n) filter (where extract(month from wk) = 12)::float8 as dec
        from weekly group by 1
      having count(*) filter (where extract(month from wk) = 11) >= 4 and count(*) filter (where extract(month from wk) = 12) >= 4`;
    expect(years.length).toBeGreaterThanOrEqual(1);
    for (const y of years) expect(y.dec).toBeLessThan(0.85 * y.nov);
  });

  it("upgrades members with rising activity more often than others", async () => {
    // At cut-offs every 4 weeks: free members whose last 4 weeks outweigh 1.5× their 4-week average over the
    // 8 weeks before; outcome = a move up (new, upgrade, reactivate) within the next 8 weeks.
    const r = await one<{ rising_n: number; rising_up: number; other_n: number; other_up: number }>(
      Prisma.sql`
      with cutoffs as (
        select generate_series(${NOW}::timestamptz - interval '60 weeks', ${NOW}::timestamptz - interval '8 weeks', interval '4 weeks') as c),
      cohort as (
        select c.c, m.id from cutoffs c join members m on m.is_demo and not m.is_bot and not m.is_staff and m.joined_at < c.c - interval '12 weeks'
         where not exists (select 1 from subscriptions s where s.member_id = m.id and s.started_at <= c.c and (s.canceled_at is null or s.canceled_at > c.c))),
      act as (
        select k.c, k.id,
               coalesce(sum(e.weight) filter (where e.occurred_at >= k.c - interval '4 weeks'), 0) as recent,
               coalesce(sum(e.weight) filter (where e.occurred_at < k.c - interval '4 weeks'), 0) / 2 as base
          from cohort k left join activity_events e on e.member_id = k.id and e.occurred_at >= k.c - interval '12 weeks' and e.occurred_at < k.c
         group by k.c, k.id),
      labelled as (
        select a.recent >= 3 and a.recent > 1.5 * a.base as rising,
               exists (select 1 from subscription_changes x where x.member_id = a.id and x.kind in ('new', 'upgrade', 'reactivate')
                         and x.occurred_at >= a.c and x.occurred_at < a.c + interval '8 weeks') as up
          from act a)
      select count(*) filter (where rising)::int as rising_n, count(*) filter (where rising and up)::int as rising_up,
             count(*) filter (where not rising)::int as other_n, count(*) filter (where not rising and up)::int as other_up
        from labelled`,
    );
    const risingRate = r.rising_up / r.rising_n;
    const otherRate = r.other_up / r.other_n;
    console.info(
      "upgrade rate, rising vs others:",
      JSON.stringify(r),
      risingRate.toFixed(4),
      otherRate.toFixed(4),
    );
    expect(r.rising_up).toBeGreaterThanOrEqual(15);
    expect(risingRate).toBeGreaterThan(2 * otherRate);
  });

  it("has plausible billing totals, consistent with each member's state", async () => {
    const r = await one<Record<string, number>>(
      Prisma.sql`
      select (select count(*)::int from members where is_demo and current_tier > 0) as paying,
             (select count(*)::int from subscription_changes where kind in ('new', 'upgrade', 'reactivate') and occurred_at >= ${NOW}::timestamptz - interval '18 months') as ups,
             (select count(*)::int from subscription_changes where kind in ('downgrade', 'cancel')) as downs,
             (select count(*)::int from payments where status = 'failed') as failed,
             (select count(*)::int from members m where m.is_demo and m.current_tier <> coalesce(
                 (select max(s.tier_rank) from subscriptions s where s.member_id = m.id and s.status = 'active'), 0)) as tier_mismatch,
             (select count(*)::int from members m where m.is_demo and m.current_mrr_cents <> coalesce(
                 (select sum(s.mrr_cents) from subscriptions s where s.member_id = m.id and s.status = 'active'), 0)) as mrr_mismatch,
             (select count(*)::int from members m join (select member_id, min(occurred_at) f, max(occurred_at) l from activity_events group by 1) e
                 on e.member_id = m.id where m.joined_at <> e.f or m.last_active_at <> e.l) as date_mismatch,
             (select count(*)::int from plans where key in ('free', 'premium', 'premium_plus')) as plans,
             (select count(*)::int from outreach) as outreach,
             (select count(*)::int from members where is_demo and do_not_contact) as dnc,
             (select count(*)::int from members where is_demo and tags && array['speaker', 'mentor', 'beta']) as tagged`,
    );
    expect(r.paying / summary.members).toBeGreaterThanOrEqual(0.1);
    expect(r.paying / summary.members).toBeLessThanOrEqual(0.15);
    expect(r.ups).toBeGreaterThanOrEqual(150);
    expect(r.ups).toBeLessThanOrEqual(300);
    expect(r.downs).toBeGreaterThanOrEqual(80);
    expect(r.downs).toBeLessThanOrEqual(200);
    expect(r.failed).toBeGreaterThan(0);
    expect(r).toMatchObject({ tier_mismatch: 0, mrr_mismatch: 0, date_mismatch: 0, plans: 3 });
    expect(r.outreach).toBeGreaterThanOrEqual(20);
    expect(r.dnc).toBeGreaterThan(0);
    expect(r.tagged).toBeGreaterThan(0);
  });

  it("flags the staff organisation's members as staff and one busy bot", async () => {
    const r = await one<Record<string, number>>(Prisma.sql`
      select (select count(*)::int from members where is_demo and is_staff) as staff,
             (select count(*)::int from members m join affiliations a on a.member_id = m.id join organizations o on o.id = a.org_id
               where m.is_staff and o.is_staff_org and o.name = 'Groundswell Foundation') as staff_in_org,
             (select count(*)::int from members where is_demo and is_bot) as bots,
             (select count(*)::int from identities i join members m on m.id = i.member_id where m.is_bot and i.is_bot and i.source = 'slack') as bot_identities,
             (select count(*)::int from activity_events e join members m on m.id = e.member_id where m.is_bot) as bot_events,
             (select count(*)::int from organizations where is_demo) as orgs,
             (select count(distinct member_id)::int from affiliations) as affiliated`);
    expect(r).toMatchObject({ staff: 5, staff_in_org: 5, bots: 1, bot_identities: 1 });
    expect(r.bot_events).toBeGreaterThan(5000);
    expect(r.orgs).toBeGreaterThanOrEqual(55);
    expect(r.affiliated / summary.members).toBeGreaterThan(0.28);
    expect(r.affiliated / summary.members).toBeLessThan(0.42);
  });

  it("is deterministic: seeding the same seed again into an empty database gives identical rows", async () => {
    const first = await fingerprint();
    await truncateAll(db);
    const again = await seedDemoCommunity(db, { seed: SEED, now: NOW });
    expect(await fingerprint()).toEqual(first);
    expect({ ...again, generateMs: 0, writeMs: 0 }).toEqual({ ...summary, generateMs: 0, writeMs: 0 });
  });

  it("replaces an existing demo on reseed, and removal leaves no demo rows while keeping real data", async () => {
    await truncateAll(db);
    await db.$executeRaw`insert into plans (key, name, tier_rank, monthly_amount_cents) values ('premium', 'Premium (real)', 1, 1500)`;
    await db.$executeRaw`insert into members (display_name, updated_at) values ('Real Person', now())`;
    await db.$executeRaw`insert into activity_events (member_id, source, external_id, type, occurred_at)
                                select id, 'slack', 'real-1', 'message', now() from members where display_name = 'Real Person'`;
    await seedDemoCommunity(db, { seed: 7, members: 300, months: 6, now: NOW });
    const small = await seedDemoCommunity(db, { seed: 8, members: 320, months: 6, now: NOW });
    const seeded = await one<{ members: number }>(
      Prisma.sql`select count(*)::int as members from members where is_demo`,
    );
    expect(seeded.members).toBe(small.members);
    expect(small.plansCreated).toEqual(["free", "premium_plus"]);

    const removed = await removeDemoCommunity(db);
    expect(removed).toEqual({ members: 320, organizations: small.organizations });
    const left = await one<Record<string, number>>(Prisma.sql`
      select (select count(*)::int from members where is_demo) as demo_members,
             (select count(*)::int from organizations where is_demo) as demo_orgs,
             (select count(*)::int from activity_events where external_id like 'demo:%') as demo_events,
             (select count(*)::int from subscriptions where source = 'demo') as subs,
             (select count(*)::int from subscription_changes where source = 'demo') as changes,
             (select count(*)::int from payments where source = 'demo') as payments,
             (select count(*)::int from outreach) as outreach,
             (select count(*)::int from identities) as identities,
             (select count(*)::int from settings) as settings,
             (select count(*)::int from members) as real_members,
             (select count(*)::int from activity_events) as real_events,
             (select string_agg(key, ',' order by key) from plans) as plans`);
    expect(left).toEqual({
      demo_members: 0,
      demo_orgs: 0,
      demo_events: 0,
      subs: 0,
      changes: 0,
      payments: 0,
      outreach: 0,
      identities: 0,
      settings: 0,
      real_members: 1,
      real_events: 1,
      plans: "premium",
    });
  });

  it("anchors on today (UTC) by default", async () => {
    await truncateAll(db);
    const s = await seedDemoCommunity(db, { seed: 1, members: 200, months: 4 });
    const today = Math.floor(Date.now() / 86_400_000) * 86_400_000;
    expect(Date.parse(s.to)).toBe(today);
    const r = await one<{ last: Date }>(Prisma.sql`select max(occurred_at) as last from activity_events`);
    expect(r.last.getTime()).toBeGreaterThan(today - 7 * 86_400_000);
    expect(r.last.getTime()).toBeLessThan(today);
  });
});
