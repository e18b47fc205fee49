// The preview's power check: the MDE it reports for an 80/20 split inverts the sample-size
// formula, and the warnings fire at the documented thresholds.
import { describe, expect, it } from "vitest";
import { minimumDetectableEffect, requiredSampleSize, twoProportionPower } from "@/lib/analytics/proportions";
import { MDE_WARNING, MIN_HOLDOUT, powerWarnings } from "./campaign-selection";

describe("campaign power", () => {
  it.each([
    [0.1, 1600, 400],
    [0.1, 160, 40],
    [0.85, 800, 200],
  ])("base %d, %d contacted vs %d held out: the MDE needs exactly that holdout", (base, contact, holdout) => {
    const mde = minimumDetectableEffect(base, contact, holdout)!;
    expect(twoProportionPower(base + mde, base, contact, holdout)).toBeCloseTo(0.8, 9);
    const size = requiredSampleSize(base, mde, { ratio: contact / holdout })!;
    expect(size.exactControl).toBeCloseTo(holdout, 6);
  });

  it("2,000 members at 10% with a 20% holdout detect about 4.9 points", () => {
    expect(minimumDetectableEffect(0.1, 1600, 400)!).toBeGreaterThan(0.045);
    expect(minimumDetectableEffect(0.1, 1600, 400)!).toBeLessThan(0.055);
  });

  it("warns when the holdout is small or the MDE too coarse", () => {
    expect(powerWarnings(0.049, 400, 2000)).toEqual([]);
    expect(powerWarnings(0.2, 40, 200).join(" ")).toMatch(/20\.0 points/);
    expect(powerWarnings(0.05, MIN_HOLDOUT - 1, 200).join(" ")).toMatch(/fewer than 30/);
    expect(powerWarnings(null, 2, 10)).toHaveLength(2);
    expect(powerWarnings(MDE_WARNING, 100, 500)).toEqual([]);
    expect(powerWarnings(null, 0, 0)[0]).toMatch(/No eligible member/);
  });
});
