import { describe, expect, it } from "vitest";
import {
  breadthAt,
  parseFeatureLines,
  pickRows,
  sourceWeeks,
  toInput,
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

const baseRow: RawRow = {
  cutoff: "2026-01-04",
  id: 1,
  tier: 0,
  max_tier: 2,
  u: 0,
  n_members: 1,
  cur_weight: null,
  cur_sources: null,
  cur_channels: null,
  tenure_days: 1,
  last_active_days: null,
  plan_days: null,
  paid_ties: null,
  fail90: null,
  fail_last_days: null,
};

// Round 10's loops over every week of a member (before the weeks were dense), kept as the reference.
function breadthRound10(
  weeks: { source: string; days: number[]; channels: number[] }[],
  curSources: string[] | null,
  curChannels: number[] | null,
  weekDay: number,
) {
  const recent = new Map<string, number>();
  let base = 0;
  for (const { source, days, channels } of weeks) {
    let sourceBase = 0;
    for (let i = 0; i < days.length; i++) {
      const day = days[i];
      if (day < weekDay - 77 || day >= weekDay) continue;
      const used = Math.max(channels[i], 1);
      if (day >= weekDay - 21) recent.set(source, Math.max(recent.get(source) ?? 0, used));
      else sourceBase = Math.max(sourceBase, used);
    }
    base += sourceBase;
  }
  for (let i = 0; i < (curSources?.length ?? 0); i++)
    recent.set(curSources![i], Math.max(recent.get(curSources![i]) ?? 0, Math.max(curChannels![i], 1)));
  let recentSum = 0;
  for (const used of recent.values()) recentSum += used;
  return { recent: recentSum, base };
}

describe("dense weeks give round 10's windows", () => {
  // A deterministic generator: members with sparse weeks over two years, several sources, cut-offs across the span.
  let seed = 7;
  const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
  const sources = ["slack", "git,hub", "forum"];
  it("breadth, the weekly series and activity before, at 30 cut-offs of 150 members", () => {
    for (let m = 0; m < 150; m++) {
      const perSource = sources.flatMap((source) => {
        if (next() < 0.3) return [];
        const days = [
          ...new Set(Array.from({ length: 1 + Math.floor(next() * 40) }, () => 7 * Math.floor(next() * 110))),
        ];
        return [{ source, days, channels: days.map(() => Math.floor(next() * 4)) }];
      });
      const dense = perSource.map((s) => sourceWeeks(s.source, s.days, s.channels));
      const allDays = [...new Set(perSource.flatMap((s) => s.days))];
      const weights = allDays.map(() => (next() < 0.1 ? 0 : Math.round(next() * 1000) / 100));
      const totals = weekTotals(allDays, weights);
      for (let c = 0; c < 30; c++) {
        const weekDay = 7 * Math.floor(next() * 130);
        const cur = next() < 0.4 ? sources.filter(() => next() < 0.5) : [];
        const curChannels = cur.map(() => Math.floor(next() * 3));
        const [curS, curC] = cur.length ? [cur, curChannels] : [null, null];
        expect(breadthAt(dense, curS, curC, weekDay)).toEqual(breadthRound10(perSource, curS, curC, weekDay));
        const row = {
          row: { ...baseRow, cur_sources: curS, cur_channels: curC },
          inCandidates: true,
          inAtRisk: false,
        };
        const expected = new Array<number>(26).fill(0);
        allDays.forEach((day, i) => {
          const idx = (day - weekDay) / 7 + 25;
          if (idx >= 0 && idx < 25) expected[idx] = weights[i];
        });
        expect(toInput(row, totals, dense, weekDay).weeklyWeight.slice(0, 25)).toEqual(expected.slice(0, 25));
        const activeBefore = allDays.some((day) => day >= weekDay - 175 && day < weekDay);
        const picked = pickRows(
          [{ ...baseRow, cur_sources: null }],
          new Map([[1, totals]]),
          weekDay,
          Infinity,
        );
        expect(picked.picked.length === 1 && picked.picked[0].inCandidates).toBe(activeBefore);
      }
    }
  });
});

describe("breadth with many sources in the own week", () => {
  // breadthAt marks the own week's sources it met among the member's weeks as bits of an int: past 31 sources it
  // looks them up instead; both must give round 10's sums.
  it("40 own-week sources, every third with weeks before", () => {
    const names = Array.from({ length: 40 }, (_, i) => `source-${i}`);
    const perSource = names
      .filter((_, i) => i % 3 === 0)
      .map((source, i) => ({ source, days: [weeksBack(1 + (i % 9))], channels: [i % 4] }));
    const dense = perSource.map((s) => sourceWeeks(s.source, s.days, s.channels));
    const curChannels = names.map((_, i) => (i * 7) % 5);
    expect(breadthAt(dense, names, curChannels, WEEK)).toEqual(
      breadthRound10(perSource, names, curChannels, WEEK),
    );
    // The own week's sources in another order than the member's weeks.
    const reversed = [...names].reverse();
    const reversedChannels = [...curChannels].reverse();
    expect(breadthAt(dense, reversed, reversedChannels, WEEK)).toEqual(
      breadthRound10(perSource, reversed, reversedChannels, WEEK),
    );
  });
});

describe("parseFeatureLines", () => {
  it("reads each field as the driver read its column, nulls as empty, sources as JSON", () => {
    const lines = [
      '3,0,2,0.123456789012345,6000,12.5,100.25,3.5,,,,,2;1,["git,hub","sl\\"ack"]',
      "7,1,2,1e-7,6000,,-0,NaN,0.5,2,1,Infinity,,",
    ].join("\n");
    const [a, b] = parseFeatureLines({ cutoff: "2026-01-04", lines });
    expect(a).toMatchObject({
      cutoff: "2026-01-04",
      id: 3,
      tier: 0,
      max_tier: 2,
      u: 0.123456789012345,
      n_members: 6000,
    });
    expect(a).toMatchObject({
      cur_weight: 12.5,
      tenure_days: 100.25,
      last_active_days: 3.5,
      plan_days: null,
    });
    expect(a).toMatchObject({ paid_ties: null, fail90: null, fail_last_days: null, cur_channels: [2, 1] });
    expect(a.cur_sources).toEqual(["git,hub", 'sl"ack']);
    expect(b).toMatchObject({
      id: 7,
      tier: 1,
      u: 1e-7,
      cur_weight: null,
      cur_sources: null,
      cur_channels: null,
    });
    expect(Object.is(b.tenure_days, -0)).toBe(true);
    expect(b.last_active_days).toBeNaN();
    expect(b).toMatchObject({ plan_days: 0.5, paid_ties: 2, fail90: 1, fail_last_days: Infinity });
  });
});
