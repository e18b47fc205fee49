import { describe, expect, it } from "vitest";
import { FEATURES, featureFingerprint } from "./feature-registry";
import { FALLBACK_WEIGHTS } from "./fallback";
import { FEATURE_NAMES, memberFeatures } from "./features";
import { MODEL_VERSION } from "./model";
import { makeRow, flatCommunity } from "./test-fixtures";

describe("the feature registry", () => {
  it("is the one source of names, fallback weights and the model version", () => {
    expect(FEATURE_NAMES).toEqual(FEATURES.map((f) => f.name));
    expect(new Set(FEATURE_NAMES).size).toBe(FEATURE_NAMES.length);
    for (const kind of ["candidates", "at-risk"] as const) {
      const fromRegistry = Object.fromEntries(
        FEATURES.flatMap((f) =>
          "fallback" in f && f.fallback && kind in f.fallback
            ? [[f.name, (f.fallback as Record<string, number>)[kind]]]
            : [],
        ),
      );
      expect(FALLBACK_WEIGHTS[kind]).toEqual(fromRegistry);
    }
    expect(MODEL_VERSION).toBe(`6.${featureFingerprint()}`);
  });

  it.each(FEATURES.map((f) => ({ name: f.name, label: f.label })))(
    "$name has a label, a finite value and a reason",
    ({ name, label }) => {
      expect(label.length).toBeGreaterThan(3);
      const values = memberFeatures(
        makeRow({ tierRank: 1, planTenureWeeks: 10, failedPayments90d: 1, daysSinceLastFailedPayment: 5 }),
        flatCommunity,
      );
      expect(Number.isFinite(values[name as keyof typeof values])).toBe(true);
    },
  );

  it("has no feature built from our own outreach", () => {
    for (const f of FEATURES) expect(`${f.name} ${f.label} ${f.reads}`).not.toMatch(/outreach|contact/i);
  });
});
