import { describe, expect, it } from "vitest";
import {
  breadthAt,
  pickRows,
  sourceWeeks,
  weekTotals,
  type RawRow,
  type SourceChannels,
  type WeekTotals,
} from "./feature-rows";

// Weeks as days since 1970-01-05; a cut-off whose own week starts on day 700.
const WEEK = 700;
const weeksBack = (n: number) => WEEK - 7 * n;

describe("breadthAt", () => {
  const series = (source: string, pairs: [number, number][]): SourceChannels[number] =>
    sourceWeeks(
      source,
      pairs.map(([weeks]) => weeksBack(weeks)),
      pairs.map(([, channels]) => channels),
    );
  const cases: {
    name: string;
    weeks: SourceChannels;
    cur?: [string[], number[]];
    recent: number;
    base: number;
  }[] = [
    { name: "no weeks, no events", weeks: [], recent: 0, base: 0 },
    {
      name: "the 3 weeks before are recent, weeks 4-11 the baseline, the rest and later weeks ignored",
      weeks: [
        series("slack", [
          [1, 2],
          [3, 4],
          [4, 5],
          [11, 6],
          [12, 9],
          [0, 9],
          [-1, 9],
        ]),
      ],
      recent: 4,
      base: 6,
    },
    {
      name: "a week with events but no channel counts 1",
      weeks: [
        series("forum", [
          [2, 0],
          [5, 0],
        ]),
      ],
      recent: 1,
      base: 1,
    },
    {
      name: "summed over sources; a source absent from a window adds nothing to it",
      weeks: [series("slack", [[1, 3]]), series("github", [[6, 2]])],
      recent: 3,
      base: 2,
    },
    {
      name: "the cut-off's own week joins the recent weeks, per source, channelless counting 1",
      weeks: [series("slack", [[1, 3]])],
      cur: [
        ["github", "slack"],
        [0, 5],
      ],
      recent: 1 + 5,
      base: 0,
    },
  ];
  it.each(cases)("$name", ({ weeks, cur, recent, base }) => {
    expect(breadthAt(weeks, cur?.[0] ?? null, cur?.[1] ?? null, WEEK)).toEqual({ recent, base });
  });
});

describe("pickRows", () => {
  const row = (id: number, tier: number, u: number, active: "own week" | "before" | "no"): RawRow => ({
    cutoff: "2026-01-04",
    id,
    tier,
    max_tier: 2,
    u,
    n_members: 4,
    cur_weight: active === "own week" ? 1 : null,
    cur_sources: active === "own week" ? ["slack"] : null,
    cur_channels: active === "own week" ? [1] : null,
    pr_merged: null,
    pr_review: null,
    accepted_answer: null,
    meetup_hosted: null,
    pairing: null,
    other_contrib: null,
    tenure_days: 10,
    last_active_days: null,
    plan_days: null,
    paid_ties: null,
    fail90: null,
    fail_last_days: null,
  });
  // Member 2 was active 25 weeks before (the window's first week), member 4 26 weeks before (outside it).
  const weeks = new Map<number, WeekTotals>([
    [2, weekTotals([weeksBack(25)], [1])],
    [4, weekTotals([weeksBack(26)], [1])],
  ]);
  const rows = [
    row(1, 0, 0.1, "own week"),
    row(2, 0, 0.6, "before"),
    row(3, 2, 0.3, "own week"), // at the highest tier: at-risk only
    row(4, 1, 0.9, "no"), // paying, inactive: at-risk only
  ];
  const picked = (cap: number) =>
    pickRows(rows, weeks, WEEK, cap).picked.map((p) => [p.row.id, p.inCandidates, p.inAtRisk]);
  it.each([
    {
      cap: Infinity,
      expected: [
        [1, true, false],
        [2, true, false],
        [3, false, true],
        [4, false, true],
      ],
      sampled: false,
    },
    // Candidates drawn at 2 of 4 known members (u < 0.5), at-risk at 2 of 2 payers (all).
    {
      cap: 2,
      expected: [
        [1, true, false],
        [3, false, true],
        [4, false, true],
      ],
      sampled: true,
    },
    // Candidates at 1 of 4 (u < 0.25), at-risk at 1 of 2 payers (u < 0.5).
    {
      cap: 1,
      expected: [
        [1, true, false],
        [3, false, true],
      ],
      sampled: true,
    },
  ])("cap $cap", ({ cap, expected, sampled }) => {
    expect(picked(cap)).toEqual(expected);
    expect(pickRows(rows, weeks, WEEK, cap).sampled).toBe(sampled);
  });
});
