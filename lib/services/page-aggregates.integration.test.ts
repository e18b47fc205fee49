// Page aggregates refreshed incrementally (only the months an import touched) must equal a full
// recompute on the same data, after appended days, back-dated events, new members, joined_at edits,
// and changes that rewrite history (bots, contribution types) — which must rebuild everything.
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { truncateAll, useTestDatabase } from "@/lib/test/db";
import { ensureDefaultActivityTypes } from "./activity-types";
import { eraseMember } from "./privacy";
import { writeSyntheticCommunity } from "./rankings/synthetic-fixture";
import { invalidateRollups, rebuildWeeklyActivity } from "./rollups";
import { computePageAggregates, refreshPageAggregates, retentionRows } from "./page-aggregates";
import { earliestEventSince, takeEventWatermark } from "./event-watermark";
import type { PageAggregates } from "@/lib/validation/page-aggregates";
import { conversionByDecile } from "@/lib/analytics/retention";
import { getPageAggregates } from "@/lib/data/page-aggregates";
import { dataFreshness } from "@/lib/data/overview";
import { stopJobQueue } from "@/lib/jobs/queue";

const db = useTestDatabase();
beforeEach(() => truncateAll(db));
afterAll(() => stopJobQueue());

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
const AS_OF = "2026-03-15";

async function community(): Promise<void> {
  await ensureDefaultActivityTypes();
  await writeSyntheticCommunity(db, { members: 300, events: 12_000, weeks: 40, seed: 5, asOf: AS_OF });
  await rebuildWeeklyActivity({ full: true });
  await refreshPageAggregates({ full: true });
}

/** A one-day import: events of existing members and of a new member on `at`. */
async function importDay(at: string, tag: string, members = 40): Promise<void> {
  const newcomer = await db.member.create({ data: { displayName: `New ${tag}` } });
  await db.$executeRaw`
    insert into activity_events (member_id, source, external_id, type, occurred_at, weight)
    select id, 'slack', ${tag} || '-' || id, case when id % 3 = 0 then 'pr_merged' else 'message' end,
           ${day(at)}::timestamptz + (id % 20) * interval '1 hour', 1
      from members where id <= ${members} or id = ${newcomer.id}`;
}

const sorted = (a: PageAggregates) => ({
  ...a,
  computedAt: "",
  retentionRows: [...a.retentionRows].sort(
    (x, y) => x.cohortMonth.localeCompare(y.cohortMonth) || x.monthOffset - y.monthOffset,
  ),
});

/** Incremental refresh, then a full recompute on the same data: every figure must match. */
async function expectIncrementalEqualsFull(now: Date) {
  await rebuildWeeklyActivity();
  const { refreshed, ...incremental } = await refreshPageAggregates({ now });
  const { refreshed: _, ...full } = await computePageAggregates({ full: true, now });
  expect(sorted(incremental)).toEqual(sorted(full));
  expect(sorted({ ...incremental, retentionRows: await retentionRows(new Date(incremental.asOf)) })).toEqual(
    sorted(full),
  );
  // The incremental rollups (only the added events' members rebuilt), members' dates and member-month
  // counts equal a full rebuild too.
  const rollups = () => db.$queryRaw`
    select member_id, week_start, source, events, weight, contributions, channels from weekly_activity order by 1, 2, 3`;
  const dates = () =>
    db.$queryRaw`select id, joined_at, last_active_at, first_contribution_at from members order by id`;
  const months = () =>
    db.$queryRaw`select member_id, month, contributions, others from member_month_activity order by 1, 2`;
  const [incrementalRollups, incrementalDates, incrementalMonths] = [
    await rollups(),
    await dates(),
    await months(),
  ];
  await rebuildWeeklyActivity({ full: true });
  expect(await rollups()).toEqual(incrementalRollups);
  expect(await dates()).toEqual(incrementalDates);
  expect(await months()).toEqual(incrementalMonths);
  expect(incremental.monthlyActivity.some((m) => m.active > 0)).toBe(true);
  expect(incremental.retentionRows.some((r) => r.monthOffset > 0 && r.active > 0)).toBe(true);
  // Each part's time (for the pipeline's log), from the rollups check to the MRR series.
  expect(refreshed.phases.map(([name]) => name)).toContain("retention cells");
  const { phases: _phases, ...what } = refreshed;
  return what;
}

describe("refreshPageAggregates, incremental", () => {
  it("recomputes only the touched months and equals a full recompute", async () => {
    await community();
    await importDay("2026-03-16", "d1");
    const now = day("2026-03-20");
    const first = await expectIncrementalEqualsFull(now);
    expect(first).toEqual({
      activityFrom: day("2026-03-01"),
      retentionFrom: day("2026-03-01"),
      // The day's newcomer joined March's cohort: it is recounted whole; other members' new months are added.
      changedCohorts: ["2026-03-01"],
      // The new day moved t0 (as-of − 90 days) past Monday 2025-12-15: the deciles' weeks gained one.
      decileScores: "rebuilt",
    });

    // Nothing new: nothing recomputed.
    expect(await expectIncrementalEqualsFull(now)).toMatchObject({
      activityFrom: null,
      decileScores: "kept",
    });

    // A back-dated day in an earlier month, whose week starts in the month before (Monday 2026-01-26),
    // after the deciles' weeks: their scores are kept.
    await importDay("2026-02-01", "back");
    expect(await expectIncrementalEqualsFull(now)).toMatchObject({
      activityFrom: day("2026-02-01"),
      retentionFrom: day("2026-01-01"),
      decileScores: "kept",
    });

    // A day inside the deciles' weeks (t0 is mid-December 2025): their scores are summed again.
    await importDay("2025-11-20", "in-window");
    expect(await expectIncrementalEqualsFull(now)).toMatchObject({
      activityFrom: day("2025-11-01"),
      decileScores: "rebuilt",
    });
  });

  it("recomputes an older cohort whose members changed (a joined_at edit, no new events)", async () => {
    await community();
    const [m] = await db.$queryRaw<{ id: number }[]>`
      select id from members where joined_at >= '2025-10-01' and joined_at < '2025-11-01' order by id limit 1`;
    await db.member.update({ where: { id: m.id }, data: { joinedAt: day("2025-07-03") } });
    const refreshed = await expectIncrementalEqualsFull(day("2026-03-20"));
    expect(refreshed.activityFrom).toBeNull();
    expect(refreshed.changedCohorts).toEqual(["2025-07-01", "2025-10-01"]);
  });

  it("rebuilds everything when history is rewritten (a bot flag, contribution types)", async () => {
    await community();
    await db.member.update({ where: { id: 7 }, data: { isBot: true } });
    expect((await expectIncrementalEqualsFull(day("2026-03-20"))).activityFrom).toBe("all");
    await db.activityType.updateMany({ where: { type: "message" }, data: { isContribution: true } });
    await invalidateRollups(); // as lib/services/contributions.ts does after a type change
    expect((await expectIncrementalEqualsFull(day("2026-03-20"))).activityFrom).toBe("all");
    // An erased member (fewer members up to the newest id stored), then nothing new: nothing recomputed.
    const admin = { id: 0, email: "admin@example.com", name: null, role: "admin" as const, timeZone: "UTC" };
    await eraseMember(admin, 11);
    expect((await expectIncrementalEqualsFull(day("2026-03-20"))).activityFrom).toBe("all");
    expect((await expectIncrementalEqualsFull(day("2026-03-20"))).activityFrom).toBeNull();
  });
});

describe("conversion by activity decile", () => {
  it("splits in SQL exactly as conversionByDecile does over the same members (ties in member-id order)", async () => {
    await community();
    const { deciles, asOf } = await computePageAggregates({ now: day("2026-03-20") });
    const t0 = new Date(Date.parse(asOf) - 90 * 86_400_000);
    // The reference: every free member's score and outcome, split in TypeScript.
    const rows = await db.$queryRaw<{ score: number; converted: boolean }[]>`
      with free as (
        select m.id from members m
          left join lateral (select to_tier from subscription_changes c where c.member_id = m.id and c.occurred_at <= ${t0}
                              order by c.occurred_at desc limit 1) p on true
         where not m.is_bot and not m.is_staff and coalesce(m.joined_at, m.created_at) < ${t0} and coalesce(p.to_tier, 0) = 0
      )
      select coalesce((select sum(weight)::float8 from weekly_activity w where w.member_id = f.id
                         and w.week_start >= (${t0}::timestamptz - interval '84 days')::date and w.week_start < ${t0}::date), 0) as score,
             exists (select 1 from subscription_changes c where c.member_id = f.id and c.occurred_at > ${t0}
                       and c.occurred_at <= ${new Date(asOf)} and c.to_tier > c.from_tier and c.from_tier = 0) as converted
        from free f order by f.id`;
    expect(rows.filter((r) => r.score === 0).length).toBeGreaterThan(10); // ties across deciles
    expect(rows.some((r) => r.converted)).toBe(true);
    expect(deciles).toEqual(
      conversionByDecile(rows.map((r) => ({ activityScore: r.score, converted: r.converted }))),
    );
  });
});

describe("event watermark", () => {
  it("finds events committed after the mark under lower ids (an import still in flight)", async () => {
    await ensureDefaultActivityTypes();
    const member = await db.member.create({ data: { displayName: "M" } });
    const event = (id: string, at: string) => ({
      memberId: member.id,
      source: "slack",
      externalId: id,
      type: "message",
      occurredAt: day(at),
    });
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let inserted!: () => void;
    const insertedOnce = new Promise<void>((resolve) => (inserted = resolve));
    // Transaction A takes a lower id, then waits; B commits a higher id; the mark is read; then A commits.
    const slow = db.$transaction(async (tx) => {
      await tx.activityEvent.create({ data: event("early", "2025-01-10") });
      inserted();
      await released;
    });
    await insertedOnce;
    await db.activityEvent.create({ data: event("late", "2026-01-10") });
    const mark = await takeEventWatermark();
    release();
    await slow;
    expect(await earliestEventSince(mark)).toEqual(day("2025-01-10"));
    // A mark read when nothing is in flight sees nothing new.
    expect(await earliestEventSince(await takeEventWatermark())).toBeNull();
  });
});

describe("a billing source that stops (no billing data for more than 60 days before the newest community event)", () => {
  afterEach(() => vi.useRealTimers());

  it("does not go stopped as time passes without an import; the import that stops it makes the stored figures stale", async () => {
    await ensureDefaultActivityTypes();
    await db.$executeRaw`insert into members (display_name, joined_at, updated_at) select 'M' || g, '2025-05-01', now() from generate_series(1, 3) g`;
    const events = (tag: string, at: string) => db.$executeRaw`
      insert into activity_events (member_id, source, external_id, type, occurred_at, weight)
      select id, 'git', ${tag} || '-' || id, 'message', ${day(at)}, 1 from members`;
    await events("a", "2026-03-10");
    // One member pays 20 a month through Stripe; its billing data ends on 20 January (49 days before the events).
    await db.$executeRaw`insert into subscriptions (member_id, source, external_id, plan_key, tier_rank, mrr_cents, status, started_at, updated_at)
       select id, 'stripe', 'sub-' || id, 'p', 1, 2000, 'active', '2025-06-01', now() from members where display_name = 'M1'`;
    await db.$executeRaw`insert into subscription_changes (subscription_id, member_id, source, external_id, kind, to_plan_key, from_tier, to_tier, mrr_after_cents, occurred_at)
       select id, member_id, source, 'new-' || id, 'new', 'p', 0, 1, 2000, started_at from subscriptions`;
    await db.$executeRaw`insert into payments (member_id, source, external_id, amount_cents, currency, status, kind, occurred_at)
       select member_id, source, 'pay-' || id, 2000, 'usd', 'paid', 'subscription', timestamptz '2026-01-20' from subscriptions`;
    const stripeStopped = async () => (await dataFreshness()).find((s) => s.source === "stripe")?.stopped;
    const lastMrr = (a: PageAggregates) => a.monthlyBilling.at(-2)?.mrrCents;

    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(day("2026-03-12"));
    const stored = await refreshPageAggregates();
    expect(await stripeStopped()).toBe(false);
    expect(lastMrr(stored)).toBe(2000);

    // Three months pass with no import: the as-of is the newest event, not the clock, so nothing stops and
    // the stored figures stay fresh and agree with the live rule.
    vi.setSystemTime(day("2026-06-12"));
    expect(await stripeStopped()).toBe(false);
    expect(await getPageAggregates()).toMatchObject({ stale: false, fingerprint: stored.fingerprint });

    // Community events 64 days after the billing data's end: Stripe stops, and the same import changed the
    // fingerprint, so the pages serve the stored figures marked stale until the refresh leaves Stripe out.
    await events("b", "2026-03-25");
    expect(await stripeStopped()).toBe(true);
    expect((await getPageAggregates()).stale).toBe(true);
    const refreshed = await refreshPageAggregates();
    expect(lastMrr(refreshed)).toBe(0);
    expect((await getPageAggregates()).stale).toBe(false);
  });
});
