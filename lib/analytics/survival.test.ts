import { describe, expect, it } from "vitest";
import { computeKaplanMeier, survivalAt, type SurvivalObservation } from "./survival";

// Freireich et al. (1963) 6-MP arm, weeks in remission; "+" = censored. The table below is
// the published product-limit estimate (Stata `sts list`, R survfit conf.type="log-log").
const sixMp = "6 6 6 6+ 7 9+ 10 10+ 11+ 13 16 17+ 19+ 20+ 22 23 25+ 32+ 32+ 34+ 35+";
const freireich: SurvivalObservation[] = sixMp
  .split(" ")
  .map((t) => ({ durationDays: parseFloat(t), event: !t.endsWith("+") }));

const published = [
  // time, atRisk, events, survival, stdError, lower, upper
  [6, 21, 3, 0.8571, 0.0764, 0.6197, 0.9516],
  [7, 17, 1, 0.8067, 0.0869, 0.5631, 0.9228],
  [10, 15, 1, 0.7529, 0.0963, 0.5032, 0.8894],
  [13, 12, 1, 0.6902, 0.1068, 0.4316, 0.8491],
  [16, 11, 1, 0.6275, 0.1141, 0.3675, 0.8049],
  [22, 7, 1, 0.5378, 0.1282, 0.2678, 0.7468],
  // Lower limit is 0.18805: printed as 0.1880 or 0.1881 depending on the rounding rule.
  [23, 6, 1, 0.4482, 0.1346, 0.1881, 0.6801],
] as const;

describe("computeKaplanMeier on the Freireich 6-MP data", () => {
  const curve = computeKaplanMeier(freireich);
  it.each(published)("t=%d matches the published row", (time, atRisk, events, survival, se, lower, upper) => {
    const step = curve.steps.find((s) => s.time === time)!;
    expect(step.atRisk).toBe(atRisk);
    expect(step.events).toBe(events);
    expect(step.survival).toBeCloseTo(survival, 4);
    expect(step.stdError!).toBeCloseTo(se, 4);
    expect(step.lower!).toBeCloseTo(lower, 4);
    expect(step.upper!).toBeCloseTo(upper, 4);
  });
  it("summarises the curve", () => {
    expect(curve.subjects).toBe(21);
    expect(curve.events).toBe(9);
    expect(curve.steps.map((s) => s.time)).toEqual([
      6, 7, 9, 10, 11, 13, 16, 17, 19, 20, 22, 23, 25, 32, 34, 35,
    ]);
    expect(curve.steps.find((s) => s.time === 10)!.censored).toBe(1);
    // Median 23 weeks, 95% CI 13 to not reached (as R and Stata report).
    expect(curve.median).toBe(23);
    expect(curve.medianLower).toBe(13);
    expect(curve.medianUpper).toBeNull();
  });
  it("reads S(t) off the step function", () => {
    expect(survivalAt(curve, 0)).toBe(1);
    expect(survivalAt(curve, 12.5)).toBeCloseTo(0.7529, 4);
    expect(survivalAt(curve, 35)).toBeCloseTo(0.4482, 4);
    expect(survivalAt(curve, 36)).toBeNull();
  });
});

describe("computeKaplanMeier edge cases", () => {
  const cases: {
    name: string;
    rows: SurvivalObservation[];
    check: (c: ReturnType<typeof computeKaplanMeier>) => void;
  }[] = [
    {
      name: "empty input",
      rows: [],
      check: (c) => expect([c.steps.length, c.median, c.medianLower]).toEqual([0, null, null]),
    },
    {
      name: "all censored keeps S = 1 and no band",
      rows: [
        { durationDays: 3, event: false },
        { durationDays: 5, event: false },
      ],
      check: (c) =>
        expect(c.steps.map((s) => [s.survival, s.lower, s.upper])).toEqual([
          [1, null, null],
          [1, null, null],
        ]),
    },
    {
      name: "everyone stops: S hits 0, median found, band undefined at 0",
      rows: [
        { durationDays: 1, event: true },
        { durationDays: 2, event: true },
      ],
      check: (c) => {
        expect(c.steps.map((s) => s.survival)).toEqual([0.5, 0]);
        expect(c.steps[1].lower).toBeNull();
        expect(c.median).toBe(1);
        expect(c.medianUpper).toBe(2);
      },
    },
    {
      name: "invalid durations are excluded, not NaN",
      rows: [
        { durationDays: NaN, event: true },
        { durationDays: -1, event: true },
        { durationDays: 4, event: true },
        { durationDays: 9, event: false },
      ],
      check: (c) => {
        expect(c.excluded).toBe(2);
        expect(c.steps[0].survival).toBe(0.5);
      },
    },
  ];
  it.each(cases)("$name", ({ rows, check }) => check(computeKaplanMeier(rows)));

  it("bands always stay inside [0, 1]", () => {
    const rows = Array.from({ length: 40 }, (_, i) => ({ durationDays: (i * 7) % 23, event: i % 3 !== 0 }));
    for (const s of computeKaplanMeier(rows).steps) {
      if (s.lower === null || s.upper === null) continue;
      expect(s.lower).toBeGreaterThanOrEqual(0);
      expect(s.upper).toBeLessThanOrEqual(1);
      expect(s.lower).toBeLessThanOrEqual(s.survival);
      expect(s.upper).toBeGreaterThanOrEqual(s.survival);
    }
  });
});
