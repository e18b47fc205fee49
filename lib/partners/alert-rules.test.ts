import { describe, expect, it } from "vitest";
import { addWeeks, denseWeeks, evaluateAlertRules, type WeeklyPoint } from "./alert-rules";

const AS_OF = "2024-06-24"; // a Monday
/** `values` are the weekly values ending at AS_OF, oldest first. */
function history(values: number[]): WeeklyPoint[] {
  return values
    .map((value, i) => ({ week: addWeeks(AS_OF, i - values.length + 1), value }))
    .filter((p) => p.value > 0);
}
const repeat = (value: number, n: number) => Array<number>(n).fill(value);
const kinds = (values: number[]) => evaluateAlertRules("Ada", history(values), AS_OF).map((f) => f.kind);

describe("evaluateAlertRules", () => {
  it.each<{ name: string; values: number[]; expected: string[] }>([
    { name: "steady activity", values: repeat(4, 30), expected: [] },
    { name: "halved in the last 4 weeks", values: [...repeat(4, 13), ...repeat(2, 4)], expected: ["drop"] },
    { name: "down 40% only", values: [...repeat(5, 13), ...repeat(3, 4)], expected: [] },
    {
      name: "drop on a thin baseline is ignored",
      values: [...repeat(0, 10), 1, 0, 1, ...repeat(0, 3), 0],
      expected: [],
    },
    {
      name: "regular, then 4 silent weeks",
      values: [...repeat(3, 13), ...repeat(0, 4)],
      expected: ["quiet"],
    },
    {
      name: "irregular, then silent",
      values: [3, 0, 0, 0, 3, 0, 0, 0, 3, 0, 0, 0, 0, ...repeat(0, 4)],
      expected: [],
    },
    { name: "silent for 3 weeks only", values: [...repeat(3, 14), ...repeat(0, 3)], expected: ["drop"] },
    {
      name: "back after 12 weeks away",
      values: [...repeat(2, 5), ...repeat(0, 12), 3],
      expected: ["welcome_back"],
    },
    { name: "back after 11 weeks away", values: [...repeat(2, 5), ...repeat(0, 11), 3], expected: [] },
    { name: "a newcomer is not welcomed back", values: [...repeat(0, 30), 3], expected: [] },
  ])("$name → $expected", ({ values, expected }) => {
    expect(kinds(values)).toEqual(expected);
  });

  it("keys episodes so re-runs are stable and a quiet spell is named by its last active week", () => {
    const points = history([...repeat(3, 13), ...repeat(0, 4)]);
    const [quiet] = evaluateAlertRules("Ada", points, AS_OF);
    expect(quiet.episode).toBe(`since-${addWeeks(AS_OF, -4)}`);
    expect(evaluateAlertRules("Ada", points, addWeeks(AS_OF, 1))[0].episode).toBe(quiet.episode);
    expect(quiet.message).toContain("Ada");
    // The week in words ("2 Nov 2026"), not its stored key.
    expect(quiet.message).toMatch(/last active the week of \d{1,2} [A-Z][a-z]{2,3} \d{4}\)\.$/);
  });

  it("fills missing weeks with zero", () => {
    expect(denseWeeks([{ week: "2024-06-10", value: 2 }], "2024-06-24", 4)).toEqual([0, 2, 0, 0]);
  });
});
