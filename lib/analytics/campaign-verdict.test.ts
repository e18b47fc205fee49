import { describe, expect, it } from "vitest";
import { campaignVerdict } from "./campaign-verdict";
import { campaignDetectableLift, minimumDetectableEffect } from "./proportions";
import { summariseCampaign } from "./uplift";
import { resolveDesign, campaignDesignSchema } from "@/lib/validation/campaigns";

const rows = [
  { decile: 1, arm: "treatment" as const, members: 80, conversions: 8 },
  { decile: 1, arm: "holdout" as const, members: 20, conversions: 2 },
];

describe("campaignVerdict before the horizon", () => {
  it("gives no verdict, only the day of the first read", () => {
    const v = campaignVerdict(summariseCampaign(rows, { goal: "upgrades", avgMrrPerConversionCents: null }), {
      firstReadOn: "6 Feb 2027",
    });
    expect(v.kind).toBe("too-early");
    expect(v.sentence).toMatch(/^Too early — first read on 6 Feb 2027\./);
    expect(v.sentence).not.toMatch(/p =|No detectable/);
  });
  it("judges once the horizon has passed", () => {
    expect(
      campaignVerdict(summariseCampaign(rows, { goal: "upgrades", avgMrrPerConversionCents: null }), {
        firstReadOn: null,
      }).kind,
    ).toBe("no-detectable-effect");
  });
});

describe("campaignDetectableLift", () => {
  it.each([
    [0.05, 160, 40],
    [0.1, 800, 200],
    [0.02, 90, 10],
  ])("is the one formula (base %s, %s vs %s)", (base, contact, holdout) => {
    expect(campaignDetectableLift(base, contact, holdout)).toBe(
      minimumDetectableEffect(base, contact, holdout),
    );
  });
  it("is null without a plan or with an empty arm", () => {
    expect(campaignDetectableLift(null, 10, 10)).toBeNull();
    expect(campaignDetectableLift(0.1, 0, 10)).toBeNull();
  });
});

describe("resolveDesign: the goal follows the list", () => {
  it.each([
    [{ sourceList: "at-risk", goal: "upgrade" }, "renewal", true],
    [{ sourceList: "at-risk" }, "renewal", false],
    [{ sourceList: "candidates", goal: "renewal" }, "upgrade", true],
    [{ sourceList: "candidates", goal: "reactivation" }, "reactivation", false],
    [{ sourceList: "candidates" }, "upgrade", false],
  ] as const)("%o → %s", (input, goal, followed) => {
    const d = resolveDesign(campaignDesignSchema.parse(input));
    expect(d.goal).toBe(goal);
    expect(d.goalFollowedList).toBe(followed);
  });
});
