import { describe, expect, it } from "vitest";
import { projectTarget, type MonthlyPoint } from "./targets";

const series = (start: number, values: (number | null)[]): MonthlyPoint[] =>
  values.map((value, i) => ({ month: `2024-${String(start + i).padStart(2, "0")}`, value }));
const date = (iso: string) => new Date(iso);

describe("projectTarget", () => {
  it.each([
    {
      // +100 a month, at 600 by end of June: 1000 is reached at the end of October.
      name: "straight line, on track",
      values: [100, 200, 300, 400, 500, 600],
      target: 1000,
      due: "2024-12-31T00:00:00Z",
      status: "on-track",
      slope: 100,
      projected: "2024-11-01T00:00:00.000Z",
    },
    {
      name: "straight line, due too early",
      values: [100, 200, 300, 400, 500, 600],
      target: 1000,
      due: "2024-09-01T00:00:00Z",
      status: "behind",
      slope: 100,
      projected: "2024-11-01T00:00:00.000Z",
    },
    {
      // Halfway into a month: 650 is reached mid-July (15.5 of July's 31 days).
      name: "fraction of a month",
      values: [100, 200, 300, 400, 500, 600],
      target: 650,
      due: "2024-12-31T00:00:00Z",
      status: "on-track",
      slope: 100,
      projected: "2024-07-16T12:00:00.000Z",
    },
    {
      name: "falling target (churn down to 2%) with a falling trend",
      values: [5, 4.5, 4, 3.5, 3],
      target: 2,
      due: "2024-12-31T00:00:00Z",
      status: "on-track",
      slope: -0.5,
      projected: "2024-08-01T00:00:00.000Z",
    },
    {
      name: "heading away",
      values: [600, 500, 400],
      target: 1000,
      due: "2024-12-31T00:00:00Z",
      status: "flat-or-away",
      slope: -100,
      projected: null,
    },
    {
      name: "flat",
      values: [500, 500, 500],
      target: 1000,
      due: "2024-12-31T00:00:00Z",
      status: "flat-or-away",
      slope: 0,
      projected: null,
    },
    {
      name: "already there",
      values: [900, 1000],
      target: 1000,
      due: "2024-12-31T00:00:00Z",
      status: "reached",
      slope: null,
      projected: "2024-03-01T00:00:00.000Z",
    },
    {
      name: "one point",
      values: [900],
      target: 1000,
      due: "2024-12-31T00:00:00Z",
      status: "insufficient-data",
      slope: null,
      projected: null,
    },
  ])("$name", ({ values, target, due, status, slope, projected }) => {
    const p = projectTarget(series(1, values), { value: target, dueDate: date(due) });
    expect(p.status).toBe(status);
    if (slope === null) expect(p.slopePerMonth).toBeNull();
    else expect(p.slopePerMonth).toBeCloseTo(slope, 10);
    expect(p.projectedDate?.toISOString() ?? null).toBe(projected);
  });

  it("fits only the last N months and skips nulls", () => {
    // Old months rose by 1000 a month; the last three rise by 10.
    const p = projectTarget(
      series(1, [0, 1000, 2000, null, 3000, 3010, 3020]),
      { value: 3050, dueDate: date("2025-01-01T00:00:00Z") },
      3,
    );
    expect(p.slopePerMonth).toBeCloseTo(10, 10);
    expect(p.trendLine[0]).toEqual({ month: "2024-05", value: 3000 });
    expect(p.projectedDate!.toISOString()).toBe("2024-11-01T00:00:00.000Z");
  });

  it("draws the trend line to the due date and reports the pace needed", () => {
    const p = projectTarget(series(1, [100, 200, 300, 400, 500, 600]), {
      value: 1200,
      dueDate: date("2024-12-01T00:00:00Z"),
    });
    expect(p.trendLine.map((x) => x.month)).toEqual([
      "2024-01",
      "2024-02",
      "2024-03",
      "2024-04",
      "2024-05",
      "2024-06",
      "2024-07",
      "2024-08",
      "2024-09",
      "2024-10",
      "2024-11",
      "2024-12",
    ]);
    expect(p.trendLine[11].value).toBeCloseTo(1200, 9);
    // From 600 at end of June to 1200 by 1 Dec (= end of November): 600 over 5 months.
    expect(p.requiredPerMonth).toBeCloseTo(120, 9);
  });

  it("caps a nearly flat trend's line and handles empty input", () => {
    const p = projectTarget(series(1, [100, 100.001]), { value: 1e6, dueDate: date("2024-12-01T00:00:00Z") });
    expect(p.status).toBe("flat-or-away");
    // Due 1 Dec is the end of November, so the line runs January to November.
    expect(p.trendLine.length).toBe(11);
    const slow = projectTarget(series(1, [100, 110]), {
      value: 10_000,
      dueDate: date("2024-12-01T00:00:00Z"),
    });
    expect(slow.status).toBe("behind");
    expect(slow.trendLine.length).toBe(122);
    expect(projectTarget([], { value: 1, dueDate: date("2024-12-01T00:00:00Z") }).status).toBe(
      "insufficient-data",
    );
  });
});
