import { describe, expect, it } from "vitest";
import { BASELINE_NAMES, baselineScores, seedFormulaTrend, seededUniform } from "./baselines";
import { flatCommunity, makeRow, weeks } from "./test-fixtures";

describe("seed formula", () => {
  it.each([
    { last3: [10, 20, 50], expected: 70 / 3 }, // 2(50−20)/3 + (20−10)/3
    { last3: [10, 10, 10], expected: 0 },
    { last3: [50, 20, 10], expected: -(20 / 3 + 30 / 3) },
  ])("A3..A1 = $last3", ({ last3, expected }) => {
    expect(seedFormulaTrend(new Float64Array([0, 0, ...last3]))).toBeCloseTo(expected, 12);
  });
});

describe("baselineScores orientation", () => {
  const rising = makeRow({ memberId: 1, weeklyWeight: [...weeks(10, 10).slice(0, -3), 20, 30, 40] });
  const steady = makeRow({ memberId: 2 });
  const dropping = makeRow({ memberId: 3, weeklyWeight: [...weeks(20, 5).slice(0, -3), 12, 8, 2] });
  const busy = makeRow({ memberId: 4, weeklyWeight: weeks(50, 50) });
  const rows = [rising, steady, dropping, busy];
  const top = (scores: Float64Array) => rows[scores.indexOf(Math.max(...scores))].memberId;

  it.each([
    { name: "seedFormula" as const, kind: "candidates" as const, first: 1 },
    { name: "seedFormula" as const, kind: "at-risk" as const, first: 3 },
    { name: "activityDrop" as const, kind: "at-risk" as const, first: 3 },
    { name: "activityDrop" as const, kind: "candidates" as const, first: 1 },
    { name: "recentActivity" as const, kind: "candidates" as const, first: 4 },
    { name: "recentActivity" as const, kind: "at-risk" as const, first: 3 },
  ])("$name for $kind ranks member $first first", ({ name, kind, first }) => {
    expect(top(baselineScores(name, kind, rows, flatCommunity))).toBe(first);
  });

  it("activity drop is last-4 vs prior-8 weekly means", () => {
    // prior 8 weeks at 20; last 4 weeks 5, 12, 8, 2 → mean 6.75
    expect(baselineScores("activityDrop", "at-risk", [dropping], flatCommunity)[0]).toBeCloseTo(13.25, 12);
  });

  it("random is seeded, row-order independent and in [0, 1)", () => {
    const a = baselineScores("random", "candidates", rows, flatCommunity, 7);
    const b = baselineScores("random", "candidates", [...rows].reverse(), flatCommunity, 7);
    expect(Array.from(a)).toEqual(Array.from(b).reverse());
    expect(Array.from(baselineScores("random", "candidates", rows, flatCommunity, 8))).not.toEqual(
      Array.from(a),
    );
    const many = Array.from({ length: 10_000 }, (_, i) => seededUniform(1, i));
    expect(Math.min(...many)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...many)).toBeLessThan(1);
    expect(many.reduce((s, v) => s + v, 0) / many.length).toBeCloseTo(0.5, 1);
  });

  it("every baseline returns one finite score per row", () => {
    for (const name of BASELINE_NAMES) {
      const s = baselineScores(name, "candidates", rows, flatCommunity);
      expect(s).toHaveLength(rows.length);
      expect(Array.from(s).every(Number.isFinite)).toBe(true);
    }
  });
});
