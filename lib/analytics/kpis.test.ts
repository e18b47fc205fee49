import { describe, expect, it } from "vitest";
import { compareToPrevious, monthlySparkline, valueVsLastMonth } from "./kpis";

describe("compareToPrevious", () => {
  it.each([
    [120, 100, 20, 0.2, "up"],
    [80, 100, -20, -0.2, "down"],
    [100, 100, 0, 0, "flat"],
    [-50, -100, 50, 0.5, "up"],
    [5, 0, 5, null, "up"],
    [null, 100, null, null, null],
    [100, undefined, null, null, null],
    [NaN, 100, null, null, null],
    [Infinity, 100, null, null, null],
  ] as const)("%s vs %s", (current, previous, absolute, relative, direction) => {
    const r = compareToPrevious(current, previous);
    expect([r.absoluteChange, r.relativeChange, r.direction]).toEqual([absolute, relative, direction]);
  });
});

describe("valueVsLastMonth", () => {
  const series = [
    { month: "2024-02", value: 50 },
    { month: "2024-03", value: 40 },
    { month: "2024-03", value: 20 },
  ];
  it.each([
    ["2024-03", 60, 50, 0.2],
    ["2024-02", 50, null, null],
    ["2024-05", null, null, null],
  ] as const)("%s", (month, current, previous, relative) => {
    const r = valueVsLastMonth(series, month);
    expect([r.current, r.previous, r.relativeChange]).toEqual([current, previous, relative]);
  });
  it("crosses the year boundary", () =>
    expect(
      valueVsLastMonth(
        [
          { month: "2023-12", value: 4 },
          { month: "2024-01", value: 6 },
        ],
        "2024-01",
      ).relativeChange,
    ).toBe(0.5));
});

describe("monthlySparkline", () => {
  it("returns twelve months ending at the given month, gaps as zero", () => {
    const s = monthlySparkline(
      [
        { month: "2024-03", value: 7 },
        { month: "2024-03", value: 1 },
        { month: "2023-05", value: 3 },
        { month: "2023-01", value: 99 },
        { month: "2024-01", value: null },
      ],
      "2024-03",
    );
    expect(s).toHaveLength(12);
    expect(s[0]).toEqual({ month: "2023-04", value: 0 });
    expect(s[1]).toEqual({ month: "2023-05", value: 3 });
    expect(s[11]).toEqual({ month: "2024-03", value: 8 });
    expect(s.every((p) => Number.isFinite(p.value))).toBe(true);
  });
  it("accepts a Date (UTC month) and a custom length", () => {
    expect(monthlySparkline([], new Date("2024-01-31T23:30:00Z"), 3).map((p) => p.month)).toEqual([
      "2023-11",
      "2023-12",
      "2024-01",
    ]);
  });
});
