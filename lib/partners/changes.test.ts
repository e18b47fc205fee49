import { describe, expect, it } from "vitest";
import { formatChange, monthOverMonth, unusualMonthNote } from "./changes";

describe("monthOverMonth", () => {
  it.each([
    { current: 12, previous: 10, direction: "up", ratio: 0.2, text: "▲ 20%" },
    { current: 5, previous: 10, direction: "down", ratio: -0.5, text: "▼ 50%" },
    { current: 10, previous: 10, direction: "flat", ratio: 0, text: "= 0%" },
    { current: 3, previous: 0, direction: "new", ratio: null, text: "new" },
    { current: 0, previous: 4, direction: "gone", ratio: -1, text: "▼ 100%" },
    { current: 0, previous: 0, direction: "none", ratio: null, text: "–" },
  ])("$previous → $current is $direction", ({ current, previous, direction, ratio, text }) => {
    const change = monthOverMonth(current, previous);
    expect(change.direction).toBe(direction);
    expect(change.ratio).toBe(ratio);
    expect(change.delta).toBe(current - previous);
    expect(formatChange(change)).toBe(text);
  });
});

describe("unusualMonthNote", () => {
  it.each([
    { value: 31, trailing: [20, 20, 20, 20, 20, 20], kind: "high" },
    { value: 30, trailing: [20, 20, 20, 20, 20, 20], kind: null },
    { value: 9, trailing: [20, 20, 20, 20, 20, 20], kind: "low" },
    { value: 10, trailing: [20, 20, 20, 20, 20, 20], kind: null },
    { value: 100, trailing: [1, 2, 1, 2, 1, 2], kind: null },
    { value: 100, trailing: [20, 20], kind: null },
    { value: 100, trailing: [0, 0, 0, 0, 20, 20, 20, 20, 20, 20], kind: "high" },
  ])("$value against $trailing → $kind", ({ value, trailing, kind }) => {
    expect(unusualMonthNote("Contributions", value, trailing)?.kind ?? null).toBe(kind);
  });
});
