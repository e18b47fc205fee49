import { describe, expect, it } from "vitest";
import { FEATURE_COUNT, FEATURE_NAMES, buildFeatureMatrix, communityScale, memberFeatures } from "./features";
import { flatCommunity, makeRow, weeks } from "./test-fixtures";
import { HISTORY_WEEKS } from "./types";

describe("memberFeatures", () => {
  it.each([
    {
      name: "steady member",
      row: makeRow(),
      expected: {
        activityLevel: Math.LN2,
        activityTrend: 0,
        risingStreak: 0,
        activeWeeksShare: 1,
        seedTrend: 0,
      },
    },
    {
      name: "rising member",
      row: makeRow({ weeklyWeight: weeks(10, 24) }),
      expected: { activityTrend: Math.log(26.5 / 12.5), activityLevel: Math.log1p(2.4) },
    },
    {
      name: "silent member",
      row: makeRow({ weeklyWeight: weeks(0, 0), daysSinceLastActivity: null }),
      expected: { activityLevel: 0, activityTrend: 0, inactivityDays: Math.log1p(365), activeWeeksShare: 0 },
    },
    {
      name: "short history is right-aligned",
      row: makeRow({ weeklyWeight: [5, 5] }),
      expected: { activeWeeksShare: 2 / HISTORY_WEEKS },
    },
    {
      name: "payment failed today",
      row: makeRow({ failedPayments90d: 1, daysSinceLastFailedPayment: 0 }),
      expected: { failedPaymentRecency: 1, failedPayments: Math.LN2 },
    },
    {
      name: "paid member",
      row: makeRow({ tierRank: 2, planTenureWeeks: 9 }),
      expected: { tierRank: 2, planTenure: Math.log(10) },
    },
    {
      name: "breadth change",
      row: makeRow({ breadthRecent: 5, breadthBaseline: 2 }),
      expected: { breadthChange: 3, breadthRecent: Math.log(6) },
    },
  ])("$name", ({ row, expected }) => {
    const f = memberFeatures(row, flatCommunity);
    for (const [k, v] of Object.entries(expected)) expect(f[k as keyof typeof f], k).toBeCloseTo(v, 10);
  });

  it("counts the rising streak and the seed-formula trend", () => {
    const w = weeks(10, 10);
    w.splice(-3, 3, 20, 30, 40);
    const f = memberFeatures(makeRow({ weeklyWeight: w }), flatCommunity);
    expect(f.risingStreak).toBe(3);
    expect(f.seedTrend).toBeCloseTo(Math.asinh(((2 * 10) / 3 + 10 / 3) / 10), 10);
  });

  it("does not read a community-wide December dip as a personal decline", () => {
    const dip = { weeklyTotal: weeks(1000, 500), activeMembers: weeks(100, 100), currentWeekDays: 7 };
    const f = memberFeatures(makeRow({ weeklyWeight: weeks(10, 5) }), dip);
    expect(f.activityTrend).toBeCloseTo(0, 10);
    const raw = memberFeatures(makeRow({ weeklyWeight: weeks(10, 5) }), flatCommunity);
    expect(raw.activityTrend).toBeLessThan(-0.4);
  });

  it("stays finite with empty community series and garbage counts", () => {
    const f = memberFeatures(makeRow({ weeklyWeight: [], paidTies: -3, tenureWeeks: NaN }), {
      weeklyTotal: [],
      activeMembers: [],
      currentWeekDays: 7,
    });
    expect(Object.values(f).every(Number.isFinite)).toBe(true);
    expect(communityScale({ weeklyTotal: [], activeMembers: [], currentWeekDays: 7 })).toMatchObject({
      weeks: HISTORY_WEEKS,
      typicalWeek: 1,
    });
  });
});

describe("buildFeatureMatrix", () => {
  it("lays rows out row-major in FEATURE_NAMES order", () => {
    const rows = [makeRow({ memberId: 1 }), makeRow({ memberId: 2, tierRank: 1 })];
    const m = buildFeatureMatrix(rows, flatCommunity);
    expect(m).toMatchObject({ n: 2, p: FEATURE_COUNT });
    expect(FEATURE_NAMES).toHaveLength(FEATURE_COUNT);
    expect(m.data[FEATURE_COUNT + FEATURE_NAMES.indexOf("tierRank")]).toBe(1);
    expect(m.data[FEATURE_NAMES.indexOf("tierRank")]).toBe(0);
  });
});
