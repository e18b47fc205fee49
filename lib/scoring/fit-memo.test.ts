import { createHash } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { fitAndBacktest, storedBacktest } from "./backtest";
import { clearFitMemo, fitMemoStats, setFitMemo } from "./fit-memo";
import { generateSyntheticCommunity } from "./synthetic";
import type { LabelledSet } from "./types";

const community = generateSyntheticCommunity({ seed: 42, members: 3000, cutoffs: 8 });
const sets = community.candidates;

/** Everything a set holds, as the rankings' own set digests do (each evaluated cut-off's scores are kept under it). */
const setDigest = (set: LabelledSet) => createHash("sha256").update(JSON.stringify(set)).digest("base64");

/** The final model and the stored backtest, as plain JSON (what a recompute writes). */
function fitted(of: readonly LabelledSet[]) {
  const { model, backtest } = fitAndBacktest(
    "candidates",
    of,
    { horizonWeeks: 8 },
    { contactCapacity: 50, horizonWeeks: 8, setDigest },
  );
  return JSON.parse(JSON.stringify({ model, backtest: storedBacktest(backtest) }));
}

function fittedAfresh(of: readonly LabelledSet[]) {
  setFitMemo(false);
  try {
    return fitted(of);
  } finally {
    setFitMemo(true);
  }
}

/** The sets with set `at` changed by `change` (a copy; the others are the same objects). */
function changed(at: number, change: (set: LabelledSet) => LabelledSet): LabelledSet[] {
  return sets.map((s, k) => (k === at ? change(s) : s));
}

const changes: [string, () => LabelledSet[]][] = [
  [
    "one member's activity in one week",
    () =>
      changed(5, (s) => ({
        ...s,
        rows: s.rows.map((r, i) =>
          i === 7
            ? { ...r, weeklyWeight: r.weeklyWeight.map((w, k, all) => (k === all.length - 1 ? w + 40 : w)) }
            : r,
        ),
      })),
  ],
  [
    "one member's label",
    () =>
      changed(5, (s) => {
        const labels = { ...(s.labels as Record<number, boolean>) };
        const member = s.rows.find((r) => !labels[r.memberId])!.memberId;
        labels[member] = true;
        return { ...s, labels };
      }),
  ],
  [
    "the community's weekly totals",
    () =>
      changed(5, (s) => ({
        ...s,
        community: { ...s.community, weeklyTotal: s.community.weeklyTotal.map((t) => t * 1.5) },
      })),
  ],
];

describe("fits kept in the process (fit-memo)", () => {
  beforeEach(() => clearFitMemo());

  it("reuses every fit of an unchanged history and gives what a fresh fit gives", () => {
    const first = fitted(sets);
    const made = fitMemoStats().misses;
    expect(made).toBeGreaterThan(0);
    const again = fitted(sets);
    expect(fitMemoStats().misses).toBe(made);
    expect(fitMemoStats().hits).toBeGreaterThan(0);
    expect(again).toEqual(first);
    expect(again).toEqual(fittedAfresh(sets));
  }, 120_000);

  it.each(changes)(
    "after a change to %s in a late cut-off, refits what it reaches and reuses the rest",
    (_, change) => {
      const before = fitted(sets);
      const after = change();
      const hitsBefore = fitMemoStats().hits;
      const viaMemo = fitted(after);
      // What a process that never saw the old history fits: a wrongly reused fit shows here.
      expect(viaMemo).toEqual(fittedAfresh(after));
      expect(viaMemo.model).not.toEqual(before.model);
      // Refits on the cut-offs before the change (and their folds) were reused, not fitted again.
      expect(fitMemoStats().hits).toBeGreaterThan(hitsBefore);
    },
    120_000,
  );

  it("reuses a cut-off's evaluation only with its refit: a label changed in the first cut-off scores every one again", () => {
    fitted(sets);
    const after = changed(0, (s) => {
      const labels = { ...(s.labels as Record<number, boolean>) };
      for (const r of s.rows.slice(0, 40)) labels[r.memberId] = !labels[r.memberId];
      return { ...s, labels };
    });
    // The evaluated cut-offs are unchanged, their refits are not: a kept evaluation keyed by the cut-off alone shows here.
    expect(fitted(after)).toEqual(fittedAfresh(after));
  }, 120_000);
});
