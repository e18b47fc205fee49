import { describe, expect, it } from "vitest";
import { addDays, addWeeks, isoDay, mondayOf, mondayOfDate } from "./time";

describe("calendar helpers", () => {
  it.each([
    ["2026-12-06", "2026-11-30"], // Sunday → the Monday before
    ["2026-11-30", "2026-11-30"], // Monday stays
    ["2024-03-01", "2024-02-26"], // across a leap day
    ["2027-01-01", "2026-12-28"], // across a year
  ])("mondayOf(%s) = %s", (day, monday) => {
    expect(mondayOf(day)).toBe(monday);
    expect(isoDay(mondayOfDate(new Date(`${day}T23:59:59Z`)))).toBe(monday);
  });

  it("adds days and weeks across month ends, in UTC", () => {
    expect(addDays("2026-01-31", 1)).toBe("2026-02-01");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
    expect(addWeeks("2026-11-30", -52)).toBe("2025-12-01");
  });
});
