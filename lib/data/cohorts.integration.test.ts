// Cohort reads against a real PostgreSQL: KM inputs from a crafted subscription history,
// activity retention from rollups and the community ROI share.
import { beforeEach, describe, expect, it } from "vitest";
import { truncateAll, useTestDatabase } from "@/lib/test/db";
import { buildRetentionMatrix } from "@/lib/analytics/retention";
import { refreshPageAggregates, retentionRows } from "@/lib/services/page-aggregates";
import { ROLLUPS_WATERMARK_KEY } from "@/lib/services/rollups";
import { takeEventWatermark } from "@/lib/services/event-watermark";
import { activityRetention, communityRoi, firstPaidSpells, survivalByQuarter } from "./cohorts";

const db = useTestDatabase();
beforeEach(() => truncateAll(db));

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

async function member(name: string, extra: Record<string, unknown> = {}) {
  return db.member.create({ data: { displayName: name, ...extra } });
}

async function change(
  memberId: number,
  at: string,
  fromTier: number,
  toTier: number,
  kind: "new" | "upgrade" | "downgrade" | "cancel" | "reactivate",
) {
  const sub = await db.subscription.upsert({
    where: { source_externalId: { source: "stripe", externalId: `sub_${memberId}` } },
    create: {
      memberId,
      source: "stripe",
      externalId: `sub_${memberId}`,
      status: "active",
      startedAt: day(at),
    },
    update: {},
  });
  await db.subscriptionChange.create({
    data: {
      subscriptionId: sub.id,
      memberId,
      source: "stripe",
      externalId: `${memberId}-${at}-${kind}`,
      kind,
      fromTier,
      toTier,
      mrrBeforeCents: fromTier * 1500,
      mrrAfterCents: toTier * 1500,
      occurredAt: day(at),
    },
  });
}

describe("firstPaidSpells + survivalByQuarter", () => {
  it("builds KM inputs: first paid change to the next change to tier 0, censored at the as-of date", async () => {
    const a = await member("A"); // pays Jan 1 → cancels Mar 2 (60 days): event
    const b = await member("B"); // pays Jan 15 → upgrades (not an end) → still paying: censored
    const c = await member("C"); // pays Apr 10 → downgrades to free May 10 (30 days) → comes back later (ignored: first spell only)
    const d = await member("D"); // never pays
    await member("E");
    await change(a.id, "2025-01-01", 0, 1, "new");
    await change(a.id, "2025-03-02", 1, 0, "cancel");
    await change(b.id, "2025-01-15", 0, 1, "new");
    await change(b.id, "2025-02-15", 1, 2, "upgrade");
    await change(c.id, "2025-04-10", 0, 1, "new");
    await change(c.id, "2025-05-10", 1, 0, "downgrade");
    await change(c.id, "2025-06-01", 0, 1, "reactivate");
    await change(d.id, "2025-02-01", 0, 0, "new");

    const spells = await firstPaidSpells();
    expect(
      spells.map((s) => [
        s.memberId,
        s.startedAt.toISOString().slice(0, 10),
        s.endedAt?.toISOString().slice(0, 10) ?? null,
      ]),
    ).toEqual([
      [a.id, "2025-01-01", "2025-03-02"],
      [b.id, "2025-01-15", null],
      [c.id, "2025-04-10", "2025-05-10"],
    ]);

    const asOf = day("2025-07-01");
    const cohorts = survivalByQuarter(spells, asOf);
    expect(cohorts.map((c) => c.cohort)).toEqual(["All", "2025-Q1", "2025-Q2"]);
    const all = cohorts[0].curve;
    expect(all.subjects).toBe(3);
    expect(all.events).toBe(2);
    // Events at 30 days (C) and 60 days (A); B censored at 167 days.
    expect(all.steps.filter((s) => s.events > 0).map((s) => s.time)).toEqual([30, 60]);
    expect(all.steps.find((s) => s.time === 30)!.survival).toBeCloseTo(2 / 3, 10);
    expect(all.steps.find((s) => s.time === 60)!.survival).toBeCloseTo(1 / 3, 10);
    expect(all.median).toBe(60);
    const q1 = cohorts[1].curve;
    expect(q1.subjects).toBe(2);
    expect(q1.steps.at(-1)).toMatchObject({ time: 167, censored: 1 });

    expect(cohorts[0].atRisk).toEqual([3, 1, 0, 0, 0, 0]);
    // With one recent quarter shown, the earlier ones form an "Earlier" cohort: the cohorts add up to All.
    const two = survivalByQuarter(spells, asOf, 1);
    expect(two.map((c) => [c.cohort, c.curve.subjects])).toEqual([
      ["All", 3],
      ["Earlier (before 2025-Q2)", 2],
      ["2025-Q2", 1],
    ]);

    // An as-of date before A's cancellation censors A instead.
    const early = survivalByQuarter(spells, day("2025-03-01"));
    expect(early[0].curve.subjects).toBe(2);
    expect(early[0].curve.events).toBe(0);
  });
});

describe("activityRetention", () => {
  it("counts each join-month cohort's members active in later months from the rollups", async () => {
    const m1 = await member("J1", { joinedAt: day("2025-01-05") });
    const m2 = await member("J2", { joinedAt: day("2025-01-20") });
    const m3 = await member("F1", { joinedAt: day("2025-02-03") });
    await member("Bot", { joinedAt: day("2025-01-02"), isBot: true });
    const rows = [
      [m1.id, "2025-01-06"],
      [m1.id, "2025-02-03"],
      [m1.id, "2025-03-03"],
      [m1.id, "2025-03-10"],
      [m2.id, "2025-01-20"],
      [m3.id, "2025-03-03"],
    ] as const;
    for (const [memberId, week] of rows) {
      await db.weeklyActivity.create({
        data: { memberId, weekStart: day(week), source: "slack", events: 1, weight: 1 },
      });
    }
    const matrix = buildRetentionMatrix(await retentionRows(day("2025-03-20")), "2025-03");
    const jan = matrix.cohorts.find((c) => c.cohortMonth === "2025-01")!;
    const feb = matrix.cohorts.find((c) => c.cohortMonth === "2025-02")!;
    expect(jan.cohortSize).toBe(2);
    expect(jan.cells.map((c) => c.active)).toEqual([2, 1, 1]);
    expect(feb.cohortSize).toBe(1);
    expect(feb.cells.map((c) => c.active)).toEqual([0, 1, null]);
    // The cached read (as of the newest event: none here, so now) sees the same cohorts. The rows above
    // stand for rollups already built up to now (a refresh brings rollups up to date first).
    await db.setting.create({ data: { key: ROLLUPS_WATERMARK_KEY, value: await takeEventWatermark() } });
    await refreshPageAggregates();
    const cached = await activityRetention();
    expect(
      cached.cohorts
        .find((c) => c.cohortMonth === "2025-01")
        ?.cells.slice(0, 3)
        .map((c) => c.active),
    ).toEqual([2, 1, 1]);
  });
});

describe("communityRoi", () => {
  it("is the share of MRR from members active in the last 30 days", async () => {
    const asOf = day("2025-06-30");
    await member("Active payer", { currentTier: 1, currentMrrCents: 3000, lastActiveAt: day("2025-06-20") });
    await member("Quiet payer", { currentTier: 1, currentMrrCents: 1000, lastActiveAt: day("2025-04-01") });
    await member("Active free", { lastActiveAt: day("2025-06-29") });
    const roi = await communityRoi(asOf);
    expect(roi).toMatchObject({
      totalMrrCents: 4000,
      activeMrrCents: 3000,
      payingMembers: 2,
      activePayingMembers: 1,
    });
    expect(roi.share).toBeCloseTo(0.75, 10);
  });
});

describe("a stopped billing source", () => {
  it("is left out of the community ROI and its open spells are censored at its data-through", async () => {
    const now = new Date();
    const live = await member("Live payer", { currentTier: 1, currentMrrCents: 3000, lastActiveAt: now });
    const old = await member("OC backer", { currentTier: 1, currentMrrCents: 500, lastActiveAt: now });
    await db.activityEvent.create({
      data: { memberId: live.id, source: "git", externalId: "c1", type: "commit", occurredAt: now },
    });
    await change(live.id, new Date(now.getTime() - 40 * 86_400_000).toISOString().slice(0, 10), 0, 2, "new");
    const sub = await db.subscription.create({
      data: {
        memberId: old.id,
        source: "opencollective",
        externalId: "oc:backer:month",
        status: "active",
        tierRank: 1,
        mrrCents: 500,
        startedAt: day("2021-01-01"),
      },
    });
    await db.subscriptionChange.create({
      data: {
        subscriptionId: sub.id,
        memberId: old.id,
        source: "opencollective",
        externalId: "oc-new",
        kind: "new",
        toTier: 1,
        mrrAfterCents: 500,
        occurredAt: day("2021-01-01"),
      },
    });
    expect(await communityRoi(now)).toMatchObject({
      totalMrrCents: 3000,
      activeMrrCents: 3000,
      payingMembers: 1,
      activePayingMembers: 1,
      leftOut: [{ source: "opencollective", dataThrough: day("2021-01-01") }],
    });
    const spells = await firstPaidSpells();
    expect(spells.find((s) => s.memberId === old.id)?.observedUntil).toEqual(day("2021-01-01"));
    const [all] = survivalByQuarter(spells, now);
    // The backer is seen for 0 days (censored at 2021-01-01), not 70 months: only the live payer is at risk at 3 months.
    expect(all.atRisk[0]).toBe(2);
    expect(all.atRisk[1]).toBe(0);
  });
});
