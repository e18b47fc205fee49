import { describe, expect, it } from "vitest";
import { buildFeatureMatrix, FEATURE_COUNT } from "./features";
import { scoreProbabilities, trainRankingModel } from "./model";
import { generateSyntheticCommunity } from "./synthetic";
import { flatCommunity, makeRow, weeks } from "./test-fixtures";
import { HISTORY_WEEKS, type CommunityContext, type MemberActivityInput } from "./types";
import { communityScale, currentWeekShare, fillNormalisedWeeks } from "./weeks";

const series = (complete: number[], current: number, days: number, active = 100): CommunityContext => ({
  weeklyTotal: [...complete, current],
  activeMembers: [...complete.map(() => active), active],
  currentWeekDays: days,
});
const flat25 = new Array<number>(HISTORY_WEEKS - 1).fill(1000);
const normalised = (row: MemberActivityInput, community: CommunityContext) => {
  const scale = communityScale(community);
  return fillNormalisedWeeks(row, scale, new Float64Array(scale.weeks));
};

describe("communityScale: the current week", () => {
  it.each([
    // A member at 10 a week who, by the cut-off's day, has done that day's share of it reads as 10 on any day.
    { name: "Monday, 1 day known", days: 1, current: 10 / 7, expected: 10 },
    { name: "Thursday, 4 days known", days: 4, current: 40 / 7, expected: 10 },
    { name: "Sunday, the whole week known", days: 7, current: 10, expected: 10 },
    { name: "out-of-range days are clamped to 1..7", days: 12, current: 10, expected: 10 },
    { name: "no day count reads as a whole week", days: Number.NaN, current: 10, expected: 10 },
  ])("$name", ({ days, current, expected }) => {
    const row = makeRow({ weeklyWeight: [...new Array<number>(HISTORY_WEEKS - 1).fill(10), current] });
    const norm = normalised(row, series(flat25, 123, days));
    expect(norm[HISTORY_WEEKS - 1]).toBeCloseTo(expected, 10);
    expect(norm[0]).toBeCloseTo(10, 10);
  });

  it.each([
    { name: "flat community", complete: flat25, factor: 1 },
    // The last three complete weeks at half the level: the current week is expected at half too.
    {
      name: "a lasting dip is carried into the current week",
      complete: weeks(1000, 500).slice(0, -1),
      factor: 2,
    },
    // One holiday week alone does not set the level: the median of the last three ignores it.
    { name: "one holiday week is ignored", complete: [...flat25.slice(0, -1), 200], factor: 1 },
    // Weeks with no activity (a young community) are not counted.
    {
      name: "empty early weeks",
      complete: [...new Array<number>(20).fill(0), 1000, 1000, 1000, 1000, 1000],
      factor: 1,
    },
  ])("expected total: $name", ({ complete, factor }) => {
    const c = series(complete, 1, 7);
    const positive = complete.filter((t) => t > 0);
    const meanTotal = positive.reduce((a, b) => a + b, 0) / positive.length;
    const scale = communityScale(c);
    expect(scale.weekScale[HISTORY_WEEKS - 1]).toBeCloseTo((meanTotal / 1000) * factor, 10);
    expect(scale.typicalWeek).toBeCloseTo(meanTotal / 100, 10);
  });

  it("never reads the current week's own total or active count", () => {
    const a = communityScale(series(flat25, 1000, 3, 100));
    const b = communityScale(series(flat25, 5000, 3, 100));
    const c = communityScale({
      ...series(flat25, 1000, 3, 100),
      activeMembers: [...flat25.map(() => 100), 900],
    });
    expect(b).toEqual(a);
    expect(c).toEqual(a);
    expect(currentWeekShare(series(flat25, 0, 3))).toBeCloseTo(3 / 7, 12);
  });

  it("with no community series, extrapolates the current week by the share elapsed alone", () => {
    const scale = communityScale({ weeklyTotal: [], activeMembers: [], currentWeekDays: 2 });
    expect(scale.weeks).toBe(HISTORY_WEEKS);
    expect(scale.weekScale[HISTORY_WEEKS - 2]).toBe(1);
    expect(scale.weekScale[HISTORY_WEEKS - 1]).toBeCloseTo(7 / 2, 12);
    expect(scale.typicalWeek).toBe(1);
  });
});

/**
 * An import on the cut-off's day adds events for member A: A's current week grows, and so do the community's
 * current-week total and active count (as inputs.ts counts them). Member B has no new event: its features, raw
 * score and sparkline must not move. Under the old definition (the current week divided by its live total) B's
 * current week fell with every such import, and this test fails.
 */
describe("an as-of-day import for one member leaves another member exactly as it was", () => {
  const synthetic = generateSyntheticCommunity({ seed: 5, members: 400, cutoffs: 4 });
  const model = trainRankingModel("candidates", synthetic.candidates);
  const complete = synthetic.candidates[0].community.weeklyTotal.slice(0, -1);
  const before = series(complete, 800, 3, 60);
  const memberA = makeRow({ memberId: 1, weeklyWeight: [...weeks(4, 6).slice(0, -1), 2] });
  const memberB = makeRow({ memberId: 2, weeklyWeight: [...weeks(3, 8).slice(0, -1), 5] });
  // The import: 40 more weight for A on the day, the community's current week up by the same (A was active already).
  const after = { ...before, weeklyTotal: [...complete, 840] };
  const memberAAfter = { ...memberA, weeklyWeight: [...memberA.weeklyWeight.slice(0, -1), 42] };

  const sparkline = (row: MemberActivityInput, community: CommunityContext) => {
    const scale = communityScale(community);
    return Array.from(
      normalised(row, community).slice(-12),
      (v) => Math.round((v / scale.typicalWeek) * 1000) / 1000,
    );
  };

  it("B's feature row, raw score and sparkline are identical; A's moved", () => {
    const m0 = buildFeatureMatrix([memberA, memberB], before);
    const m1 = buildFeatureMatrix([memberAAfter, memberB], after);
    expect(Array.from(m1.data.subarray(FEATURE_COUNT))).toEqual(Array.from(m0.data.subarray(FEATURE_COUNT)));
    expect(Array.from(m1.data.subarray(0, FEATURE_COUNT))).not.toEqual(
      Array.from(m0.data.subarray(0, FEATURE_COUNT)),
    );
    const p0 = scoreProbabilities(model, [memberA, memberB], before);
    const p1 = scoreProbabilities(model, [memberAAfter, memberB], after);
    expect(p1[1]).toBe(p0[1]);
    expect(p1[0]).not.toBe(p0[0]);
    expect(sparkline(memberB, after)).toEqual(sparkline(memberB, before));
    expect(sparkline(memberB, before).at(-1)).toBeGreaterThan(0);
  });

  it("holds for a community whose current week is as big as a whole one (a Sunday cut-off)", () => {
    const sunday = { ...flatCommunity, currentWeekDays: 7 };
    const grown = { ...sunday, weeklyTotal: [...flatCommunity.weeklyTotal.slice(0, -1), 1400] };
    expect(Array.from(buildFeatureMatrix([memberB], grown).data)).toEqual(
      Array.from(buildFeatureMatrix([memberB], sunday).data),
    );
  });
});
