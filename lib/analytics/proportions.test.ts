import { describe, expect, it } from "vitest";
import { normalCdf, normalQuantile, zForConfidence } from "./normal";
import {
  minimumDetectableEffect,
  newcombeDifference,
  requiredSampleSize,
  twoProportionPower,
  twoProportionZTest,
  wilsonInterval,
} from "./proportions";

describe("normal distribution", () => {
  it.each([
    [0, 0.5],
    [1, 0.8413447460685429],
    [-1.959963984540054, 0.025],
    [-3, 0.0013498980316301],
    [2.5, 0.9937903346742238],
  ])("Φ(%d) = %d", (x, p) => expect(normalCdf(x)).toBeCloseTo(p, 14));
  it.each([
    [0.975, 1.959963984540054],
    [0.8, 0.8416212335729143],
    [0.9, 1.2815515655446004],
    [0.001, -3.090232306167813],
  ])("Φ⁻¹(%d) = %d", (p, x) => expect(normalQuantile(p)).toBeCloseTo(x, 12));
  it("handles the edges", () => {
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(Number.isNaN(normalQuantile(1.5))).toBe(true);
    expect(zForConfidence(0.9)).toBeCloseTo(1.644853626951472, 12);
  });
});

describe("wilsonInterval", () => {
  // Newcombe (1998a), Stat Med 17:857, Table I, method 3 (score, no continuity correction).
  it.each([
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
    [29, 29, 0.883, 1],
  ])("%d/%d → %d to %d", (x, n, lower, upper) => {
    const ci = wilsonInterval(x, n)!;
    expect(ci.lower).toBeCloseTo(lower, 4);
    expect(ci.upper).toBeCloseTo(upper, 4);
  });
  it.each([
    [0, 0],
    [3, 2],
    [-1, 5],
    [1.5, 4],
  ])("rejects %d/%d with null", (x, n) => expect(wilsonInterval(x, n)).toBeNull());
});

describe("newcombeDifference (method 10)", () => {
  // Newcombe (1998b), Stat Med 17:873, Table II examples (a)–(h).
  it.each([
    [56, 70, 48, 80, 0.2, 0.0524, 0.3339],
    [9, 10, 3, 10, 0.6, 0.1705, 0.809],
    [6, 7, 2, 7, 0.5714, 0.0582, 0.8062],
    [5, 56, 0, 29, 0.0893, -0.0381, 0.1926],
    [0, 10, 0, 20, 0, -0.1611, 0.2775],
    [10, 10, 0, 20, 1, 0.6791, 1],
    [10, 10, 0, 10, 1, 0.6075, 1],
  ])("%d/%d − %d/%d = %d (%d to %d)", (x1, n1, x2, n2, d, lower, upper) => {
    const ci = newcombeDifference(x1, n1, x2, n2)!;
    expect(ci.estimate).toBeCloseTo(d, 4);
    expect(ci.lower).toBeCloseTo(lower, 4);
    expect(ci.upper).toBeCloseTo(upper, 4);
  });
  it("is null when a group is empty", () => expect(newcombeDifference(1, 10, 0, 0)).toBeNull());
});

describe("twoProportionZTest", () => {
  it.each([
    // 56/70 vs 48/80: Pearson χ² = 7.0234 (no correction), p = 0.00805.
    [56, 70, 48, 80, 2.65017, 0.008045],
    [48, 80, 56, 70, -2.65017, 0.008045],
    [10, 100, 10, 100, 0, 1],
    [0, 50, 0, 50, 0, 1],
  ])("%d/%d vs %d/%d → z %d, p %d", (x1, n1, x2, n2, z, p) => {
    const t = twoProportionZTest(x1, n1, x2, n2)!;
    expect(t.z).toBeCloseTo(z, 4);
    expect(t.pValue).toBeCloseTo(p, 5);
  });
  it("z² equals Pearson's χ²", () =>
    expect(twoProportionZTest(56, 70, 48, 80)!.z ** 2).toBeCloseTo(7.023411, 5));
});

describe("power, detectable effect, sample size", () => {
  // The examples in R's ?power.prop.test: n = 76.7, power = 0.740, p2 = 0.8026.
  it("matches R's power.prop.test examples", () => {
    expect(twoProportionPower(0.75, 0.5, 50, 50)).toBeCloseTo(0.7401659, 6);
    expect(requiredSampleSize(0.5, 0.25, { power: 0.9 })!.exactControl).toBeCloseTo(76.7069, 3);
    expect(requiredSampleSize(0.5, 0.25, { power: 0.9 })!.control).toBe(77);
    expect(minimumDetectableEffect(0.5, 50, 50, { power: 0.9 })).toBeCloseTo(0.3026306, 6);
  });
  it.each([
    // baseline 10% → 12%, 80% power, 5% two-sided: 3,841 per group.
    [0.1, 0.02, 1, 3841, 3841],
    // 10% holdout (9 contacted per held-out member).
    [0.1, 0.02, 9, 19668, 2186],
  ])("base %d, lift %d, ratio %d → %d treated, %d control", (base, effect, ratio, treatment, control) => {
    const s = requiredSampleSize(base, effect, { ratio })!;
    expect([s.treatment, s.control, s.total]).toEqual([treatment, control, treatment + control]);
  });
  it("the MDE is the effect at which the sample size is exactly enough", () => {
    const mde = minimumDetectableEffect(0.1, 900, 100)!;
    expect(mde).toBeCloseTo(0.1102324, 6);
    expect(twoProportionPower(0.1 + mde, 0.1, 900, 100)).toBeCloseTo(0.8, 9);
  });
  it.each([
    ["tiny groups cannot reach 80% power", minimumDetectableEffect(0.9, 2, 2)],
    ["invalid base rate", minimumDetectableEffect(1.2, 100, 100)],
    ["zero effect", requiredSampleSize(0.1, 0)],
    ["effect past 100%", requiredSampleSize(0.9, 0.2)],
  ])("%s → null", (_, value) => expect(value).toBeNull());
});
