import { describe, expect, it } from "vitest";
import { addDays, CUTOFF_EPOCH, evaluationCalendar, mondayOf, trainingCutoffs } from "./dates";

const weekday = (day: string) => new Date(`${day}T00:00:00Z`).getUTCDay();
const daysFrom = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 86_400_000;

describe("ranking dates", () => {
  it.each([
    ["2026-03-15", "2026-03-09"], // Sunday
    ["2026-03-16", "2026-03-16"], // Monday
    ["2026-01-01", "2025-12-29"],
  ])("mondayOf(%s) = %s", (day, monday) => expect(mondayOf(day)).toBe(monday));

  it("only offers calendar cut-offs whose horizon closed by as-of, every 4 weeks, after enough history", () => {
    const cutoffs = trainingCutoffs({ asOf: "2026-03-15", horizonWeeks: 8, firstActivity: "2025-09-01" });
    // 2025-12-28 + 8 weeks = 2026-02-22 <= 2026-03-15; the calendar's next day, 2026-01-25, closes on 2026-03-22.
    expect(cutoffs).toEqual(["2025-11-02", "2025-11-30", "2025-12-28"]);
    expect(cutoffs[0] >= addDays("2025-09-01", 56)).toBe(true);
    // Every 2 weeks: 2026-01-11 + 8 weeks = 2026-03-08; its horizon closed, 2026-01-25's has not.
    expect(
      trainingCutoffs({ asOf: "2026-03-15", horizonWeeks: 8, firstActivity: "2025-09-01", everyWeeks: 2 }).at(
        -1,
      ),
    ).toBe("2026-01-11");
    // A cut-off whose horizon ends exactly as the as-of's day begins is in; one day earlier it is not.
    expect(
      trainingCutoffs({ asOf: "2026-03-22", horizonWeeks: 8, firstActivity: "2025-09-01", everyWeeks: 2 }).at(
        -1,
      ),
    ).toBe("2026-01-25");
    expect(
      trainingCutoffs({ asOf: "2026-03-21", horizonWeeks: 8, firstActivity: "2025-09-01", everyWeeks: 2 }).at(
        -1,
      ),
    ).toBe("2026-01-11");
    expect(
      trainingCutoffs({ asOf: "2026-03-15", horizonWeeks: 10, firstActivity: "2020-01-01", maxCutoffs: 3 }),
    ).toEqual(["2025-11-02", "2025-11-30", "2025-12-28"]);
  });

  it.each([2, 4])(
    "every %i weeks: Sundays on one calendar, no horizon past the as-of, the newest at most one step stale",
    (everyWeeks) => {
      for (let d = 0; d < 120; d++) {
        const asOf = addDays("2026-01-01", d);
        const cutoffs = trainingCutoffs({ asOf, horizonWeeks: 8, firstActivity: "2024-01-01", everyWeeks });
        expect(cutoffs.length).toBeGreaterThan(0);
        for (const c of cutoffs) {
          expect(weekday(c)).toBe(0);
          expect(daysFrom(CUTOFF_EPOCH, c) % (7 * everyWeeks)).toBe(0);
          expect(addDays(c, 56) <= asOf).toBe(true);
        }
        expect(addDays(cutoffs.at(-1)!, 56 + 7 * everyWeeks) > asOf).toBe(true);
      }
    },
  );

  it("consecutive as-of days share their cut-offs until the next one's horizon closes", () => {
    const opts = { horizonWeeks: 8, firstActivity: "2024-01-01", everyWeeks: 2, maxCutoffs: 52 };
    let changes = 0;
    for (let d = 1; d < 140; d++) {
      const before = trainingCutoffs({ ...opts, asOf: addDays("2026-01-01", d - 1) });
      const after = trainingCutoffs({ ...opts, asOf: addDays("2026-01-01", d) });
      if (before.join() === after.join()) continue;
      changes++;
      // The day a new cut-off closes, the history gains exactly that one (and drops the oldest once at the cap).
      expect(after.at(-1)).toBe(addDays(before.at(-1)!, 14));
      expect(after.slice(0, -1)).toEqual(before.slice(after.length === before.length ? 1 : 0));
    }
    expect(changes).toBe(10); // once every 14 days over 139 days
    // The 4-weekly calendar is half of the 2-weekly one.
    const every2 = new Set(trainingCutoffs({ ...opts, asOf: "2026-03-15" }));
    for (const c of trainingCutoffs({ ...opts, asOf: "2026-03-15", everyWeeks: 4 }))
      expect(every2.has(c)).toBe(true);
  });

  it("evaluates the backtest every 4 weeks on the calendar: a new cut-off moves none of the evaluated ones", () => {
    let previous: string[] | null = null;
    let changes = 0;
    for (let d = 0; d < 120; d++) {
      const asOf = addDays("2026-03-01", d);
      const opts = { asOf, horizonWeeks: 8, firstActivity: "2024-01-01" };
      const cutoffs = trainingCutoffs({ ...opts, everyWeeks: 2 });
      const evaluated = evaluationCalendar(cutoffs);
      for (const c of evaluated) expect(daysFrom(CUTOFF_EPOCH, c) % 28).toBe(0);
      expect(cutoffs.at(-1)! >= evaluated.at(-1)!).toBe(true);
      expect(daysFrom(evaluated.at(-1)!, cutoffs.at(-1)!)).toBeLessThanOrEqual(14);
      // The 4-weekly calendar evaluates every cut-off: the very days the 2-weekly one evaluates.
      const fourWeekly = trainingCutoffs({ ...opts, everyWeeks: 4 });
      expect(evaluationCalendar(fourWeekly)).toEqual(fourWeekly);
      expect(fourWeekly.filter((c) => c >= cutoffs[0])).toEqual(evaluated.filter((c) => c >= fourWeekly[0]));
      if (previous && previous.join() !== evaluated.join()) {
        changes++;
        // Only the newest is added (the oldest cut-offs fall off the 52-cut-off window only).
        expect(evaluated.slice(0, -1)).toEqual(previous.slice(-(evaluated.length - 1)));
      }
      previous = evaluated;
    }
    // Once per 28 days, not once per 14 as when they were counted back from the newest cut-off.
    expect(changes).toBeGreaterThanOrEqual(4);
    expect(changes).toBeLessThanOrEqual(5);
  });

  it("keeps counting back from the newest for cut-offs off the calendar", () => {
    expect(evaluationCalendar(["2026-01-01", "2026-01-15", "2026-01-29", "2026-02-12"])).toEqual([
      "2026-01-15",
      "2026-02-12",
    ]);
    expect(evaluationCalendar(["2025-12-28", "2026-01-25"])).toEqual(["2025-12-28", "2026-01-25"]);
  });
});
