import { describe, expect, it } from "vitest";
import {
  comparisonLabel,
  defaultMonth,
  inProgressMonths,
  lastCompleteMonth,
  monthStatus,
  monthWindow,
} from "./periods";

const at = (iso: string) => new Date(iso);

describe("monthStatus", () => {
  it.each([
    ["2026-11", "2026-12-06T10:00:00Z", "complete"],
    ["2026-12", "2026-12-06T10:00:00Z", "in_progress"],
    ["2027-01", "2026-12-06T10:00:00Z", "future"],
    ["2026-12", "2026-12-31T00:00:01Z", "complete"],
    ["2026-02", "2026-02-28T23:00:00Z", "complete"],
    ["2024-02", "2024-02-28T23:00:00Z", "in_progress"],
    ["2026-12", "2026-12-01T00:00:00Z", "in_progress"],
  ] as const)("%s with data through %s is %s", (month, through, expected) => {
    expect(monthStatus(month, at(through))).toBe(expected);
  });
});

describe("lastCompleteMonth / defaultMonth", () => {
  it.each([
    ["2026-12-06T10:00:00Z", "2026-11"],
    ["2026-12-31T12:00:00Z", "2026-12"],
    ["2027-01-01T00:00:00Z", "2026-12"],
    ["2024-03-01T00:00:00Z", "2024-02"],
  ] as const)("data through %s → %s", (through, expected) => {
    expect(lastCompleteMonth(at(through))).toBe(expected);
    expect(defaultMonth(undefined, at(through))).toBe(expected);
  });
  it("keeps an explicit month, even an in-progress one", () => {
    expect(defaultMonth("2026-12", at("2026-12-06T10:00:00Z"))).toBe("2026-12");
  });
});

describe("monthWindow", () => {
  it.each([
    // month, data through, from, to, previousFrom, previousTo, days
    ["2026-11", "2026-12-06T10:00:00Z", "2026-11-01", "2026-12-01", "2026-10-01", "2026-11-01", null],
    ["2026-12", "2026-12-06T10:00:00Z", "2026-12-01", "2026-12-07", "2026-11-01", "2026-11-07", 6],
    ["2024-03", "2024-03-31T01:00:00Z", "2024-03-01", "2024-04-01", "2024-02-01", "2024-03-01", null],
    ["2024-03", "2024-03-30T01:00:00Z", "2024-03-01", "2024-03-31", "2024-02-01", "2024-03-01", 30],
    ["2026-02", "2026-02-10T00:00:00Z", "2026-02-01", "2026-02-11", "2026-01-01", "2026-01-11", 10],
  ] as const)("%s through %s", (month, through, from, to, pFrom, pTo, days) => {
    const w = monthWindow(month, at(through));
    expect(w.from.toISOString().slice(0, 10)).toBe(from);
    expect(w.to.toISOString().slice(0, 10)).toBe(to);
    expect(w.previousFrom.toISOString().slice(0, 10)).toBe(pFrom);
    expect(w.previousTo.toISOString().slice(0, 10)).toBe(pTo);
    expect(w.daysCovered).toBe(days);
  });
});

describe("comparisonLabel", () => {
  it("says month to date and the same days for an in-progress month", () => {
    expect(comparisonLabel(monthWindow("2026-12", at("2026-12-06T10:00:00Z")))).toBe(
      "month to date (1–6 Dec), compared with the same days of the previous month (1–6 Nov)",
    );
  });
  it("names the previous month for a complete one", () => {
    expect(comparisonLabel(monthWindow("2026-11", at("2026-12-06T10:00:00Z")))).toBe(
      "compared with October 2026",
    );
  });
});

describe("inProgressMonths", () => {
  it("flags only the months the data does not complete", () => {
    expect(inProgressMonths(["2026-10", "2026-11", "2026-12"], at("2026-12-06T10:00:00Z"))).toEqual([
      false,
      false,
      true,
    ]);
  });
});
