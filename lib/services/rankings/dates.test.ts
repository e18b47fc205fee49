import { describe, expect, it } from "vitest";
import { addDays, mondayOf, trainingCutoffs } from "./dates";

describe("ranking dates", () => {
  it.each([
    ["2026-03-15", "2026-03-09"], // Sunday
    ["2026-03-16", "2026-03-16"], // Monday
    ["2026-01-01", "2025-12-29"],
  ])("mondayOf(%s) = %s", (day, monday) => expect(mondayOf(day)).toBe(monday));

  it("only offers cut-offs whose horizon closed by as-of, every 4 weeks, after enough history", () => {
    const cutoffs = trainingCutoffs({
      asOf: "2026-03-15",
      horizonWeeks: 8,
      firstActivity: "2025-09-01",
      minHistoryWeeks: 8,
    });
    expect(cutoffs.at(-1)).toBe(addDays("2026-03-15", -56));
    expect(cutoffs[0] >= addDays("2025-09-01", 56)).toBe(true);
    for (let i = 1; i < cutoffs.length; i++) expect(addDays(cutoffs[i - 1], 28)).toBe(cutoffs[i]);
    expect(
      trainingCutoffs({ asOf: "2026-03-15", horizonWeeks: 10, firstActivity: "2020-01-01", maxCutoffs: 3 }),
    ).toEqual(["2025-10-26", "2025-11-23", "2025-12-21"]);
  });
});
