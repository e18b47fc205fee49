import { describe, expect, it } from "vitest";
import { buildRetentionMatrix, conversionByDecile, type RetentionRow } from "./retention";

const rows: RetentionRow[] = [
  { cohortMonth: "2024-01", monthOffset: 0, active: 10, cohortSize: 10 },
  { cohortMonth: "2024-01", monthOffset: 1, active: 6, cohortSize: 10 },
  // 2024-01 offset 2 missing: observed, nobody active.
  { cohortMonth: "2024-01", monthOffset: 3, active: 4, cohortSize: 10 },
  // 2024-02 has no rows at all; 2024-03 is the newest cohort.
  { cohortMonth: "2024-03", monthOffset: 0, active: 30, cohortSize: 30 },
  { cohortMonth: "2024-03", monthOffset: 1, active: 15, cohortSize: 30 },
];

describe("buildRetentionMatrix", () => {
  const m = buildRetentionMatrix(rows);
  it("is dense, with null for months not yet observable", () => {
    expect(m.offsets).toEqual([0, 1, 2, 3]);
    expect(m.cohorts.map((c) => c.cohortMonth)).toEqual(["2024-01", "2024-02", "2024-03"]);
    expect(m.cohorts[0].cells.map((c) => c.share)).toEqual([1, 0.6, 0, 0.4]);
    expect(m.cohorts[1].cells.map((c) => [c.active, c.share])).toEqual([
      [0, null],
      [0, null],
      [0, null],
      [null, null],
    ]);
    expect(m.cohorts[2].cells.map((c) => c.active)).toEqual([30, 15, null, null]);
  });
  it("averages by members over observable cohorts", () => {
    expect(m.average).toEqual([
      { monthOffset: 0, share: 1, cohorts: 2 },
      { monthOffset: 1, share: 21 / 40, cohorts: 2 },
      { monthOffset: 2, share: 0, cohorts: 1 },
      { monthOffset: 3, share: 0.4, cohorts: 1 },
    ]);
  });
  it.each([
    ["an explicit as-of month extends the observable window", "2024-05", [30, 15, 0, null]],
    ["an earlier as-of month hides later cells and columns", "2024-03", [30, null, null]],
  ] as const)("%s", (_, asOf, expected) => {
    expect(
      buildRetentionMatrix(rows, asOf)
        .cohorts[2].cells.slice(0, 4)
        .map((c) => c.active),
    ).toEqual(expected);
  });
  it("empty and invalid rows give an empty matrix", () => {
    expect(buildRetentionMatrix([])).toEqual({ cohorts: [], offsets: [], average: [] });
    expect(
      buildRetentionMatrix([{ cohortMonth: "2024-01", monthOffset: -1, active: 1, cohortSize: 1 }]).cohorts,
    ).toEqual([]);
  });
});

describe("conversionByDecile", () => {
  it("splits 100 members into ten deciles with Wilson intervals", () => {
    // Score i; the top 30 scores convert every other member, the rest never.
    const members = Array.from({ length: 100 }, (_, i) => ({
      activityScore: i,
      converted: i >= 70 && i % 2 === 0,
    }));
    const d = conversionByDecile([...members].reverse());
    expect(d.map((x) => x.members)).toEqual(Array(10).fill(10));
    expect(d.map((x) => x.conversions)).toEqual([0, 0, 0, 0, 0, 0, 0, 5, 5, 5]);
    expect(d[9]).toMatchObject({ decile: 10, rate: 0.5, minScore: 90, maxScore: 99 });
    expect(d[9].lower).toBeCloseTo(0.2366, 4);
    expect(d[9].upper).toBeCloseTo(0.7634, 4);
    expect(d[0].upper).toBeCloseTo(0.2775, 4);
  });
  it("uneven sizes follow ntile: earlier deciles take the remainder", () => {
    const d = conversionByDecile(
      Array.from({ length: 23 }, (_, i) => ({ activityScore: i, converted: false })),
    );
    expect(d.map((x) => x.members)).toEqual([3, 3, 3, 2, 2, 2, 2, 2, 2, 2]);
  });
  it("always ten rows, nulls where empty, unscored rows dropped", () => {
    const d = conversionByDecile([
      { activityScore: 1, converted: true },
      { activityScore: null, converted: true },
      { activityScore: NaN, converted: false },
    ]);
    expect(d).toHaveLength(10);
    expect(d[0]).toMatchObject({ members: 1, conversions: 1, rate: 1, upper: 1 });
    expect(d[1]).toEqual({
      decile: 2,
      members: 0,
      conversions: 0,
      rate: null,
      lower: null,
      upper: null,
      minScore: null,
      maxScore: null,
    });
  });
});
