import { describe, expect, it } from "vitest";
import { campaignVerdict } from "./campaign-verdict";
import { mulberry32 } from "@/lib/random";
import {
  assignArms,
  qiniCurve,
  summariseCampaign,
  summarisePooledCampaigns,
  tallyArms,
  type ArmDecileRow,
} from "./uplift";

const members = (n: number, seed = 1) => {
  const random = mulberry32(seed);
  return Array.from({ length: n }, (_, i) => ({
    memberId: `m${String(i).padStart(5, "0")}`,
    score: random(),
  }));
};

describe("mulberry32", () => {
  it("is reproducible and uniform-looking", () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const xs = Array.from({ length: 10_000 }, () => a());
    expect(xs.slice(0, 5)).toEqual(Array.from({ length: 5 }, () => b()));
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(xs.reduce((s, x) => s + x, 0) / xs.length).toBeCloseTo(0.5, 1);
  });
});

describe("assignArms", () => {
  const pool = members(1003);
  it.each([
    [0.1, 100],
    [0.2, 201],
    [0, 0],
    [1, 1003],
  ])("holds out share %d exactly (%d members)", (share, expected) => {
    const arms = assignArms(pool, share, "spring");
    expect(arms.filter((a) => a.arm === "holdout").length).toBe(expected);
  });
  it("stratifies: every decile holds out ~its share", () => {
    const arms = assignArms(pool, 0.2, "spring");
    for (let d = 1; d <= 10; d++) {
      const inDecile = arms.filter((a) => a.decile === d);
      expect(inDecile.length).toBeGreaterThanOrEqual(100);
      const held = inDecile.filter((a) => a.arm === "holdout").length;
      expect(Math.abs(held - inDecile.length * 0.2)).toBeLessThanOrEqual(1);
    }
    // Decile 10 holds the highest scores.
    const top = Math.min(...arms.filter((a) => a.decile === 10).map((a) => a.score));
    expect(arms.filter((a) => a.decile === 9).every((a) => a.score <= top)).toBe(true);
  });
  it("is reproducible, order-independent and seed-dependent", () => {
    const key = (xs: ReturnType<typeof assignArms>) =>
      xs
        .map((a) => `${a.memberId}:${a.arm}`)
        .sort()
        .join();
    expect(key(assignArms(pool, 0.2, 7))).toBe(key(assignArms([...pool].reverse(), 0.2, 7)));
    expect(key(assignArms(pool, 0.2, 7))).not.toBe(key(assignArms(pool, 0.2, 8)));
  });
  it("rejects duplicates and a bad share", () => {
    expect(() =>
      assignArms(
        [
          { memberId: "a", score: 1 },
          { memberId: "a", score: 2 },
        ],
        0.1,
        1,
      ),
    ).toThrow(RangeError);
    expect(() => assignArms(pool, 1.5, 1)).toThrow(RangeError);
  });
  it("puts unscored members in decile 1", () => {
    const arms = assignArms([...members(20), { memberId: "x", score: null }], 0.5, 1);
    expect(arms.find((a) => a.memberId === "x")!.decile).toBe(1);
  });
});

/** Simulates a campaign where contact adds `lift` to a score-dependent base rate. */
function simulate(seed: number, n: number, lift: number, share = 0.2) {
  const pool = members(n, seed);
  const arms = assignArms(pool, share, seed);
  const random = mulberry32(seed + 1_000_000);
  const converted = new Set(
    arms
      .filter((a) => random() < 0.04 + 0.12 * a.score + (a.arm === "treatment" ? lift : 0))
      .map((a) => a.memberId),
  );
  return tallyArms(arms, converted);
}

describe("summariseCampaign", () => {
  it("recovers a known true effect of 4 points inside its 95% CI", () => {
    const result = summariseCampaign(simulate(3, 5000, 0.04), {
      goal: "upgrades",
      avgMrrPerConversionCents: 2900,
    });
    expect(result.uplift!.lower).toBeLessThan(0.04);
    expect(result.uplift!.upper).toBeGreaterThan(0.04);
    expect(result.treatment.members + result.holdout.members).toBe(5000);
    expect(result.extraMrrCents!.estimate).toBe(Math.round(result.extraConversions!.estimate * 2900));
    expect(Number.isInteger(result.extraMrrCents!.lower)).toBe(true);
  });
  it("Newcombe intervals cover the true effect ~95% of the time over 400 seeded trials", () => {
    let covered = 0;
    for (let seed = 1; seed <= 400; seed++) {
      const u = summariseCampaign(simulate(seed, 600, 0.05)).uplift!;
      if (u.lower <= 0.05 && 0.05 <= u.upper) covered++;
    }
    expect(covered / 400).toBeGreaterThan(0.92);
    expect(covered / 400).toBeLessThan(0.98);
  });

  // Newcombe's example (a) laid out as one decile: 56/70 contacted vs 48/80 held out.
  const example: ArmDecileRow[] = [
    { decile: 1, arm: "treatment", members: 70, conversions: 56 },
    { decile: 1, arm: "holdout", members: 80, conversions: 48 },
  ];
  it("reports the published interval, p-value and scaled extras", () => {
    const r = summariseCampaign(example, { goal: "upgrades", avgMrrPerConversionCents: 1000 });
    expect(r.uplift!.lower).toBeCloseTo(0.0524, 4);
    expect(r.uplift!.upper).toBeCloseTo(0.3339, 4);
    expect(r.pValue).toBeCloseTo(0.008045, 5);
    expect(r.extraConversions!.estimate).toBeCloseTo(14, 9);
    // 0.0524 × 70 × $10 and 0.3339 × 70 × $10, rounded to whole cents.
    expect(r.extraMrrCents).toEqual({ estimate: 14000, lower: 3670, upper: 23371 });
  });

  it.each([
    {
      name: "raised",
      rows: example,
      kind: "raised",
      sentence:
        "Contacting raised upgrades by 20.0 points, 95% CI 5.2 to 33.4; p = 0.008 (80.0% of 70 contacted vs 60.0% of 80 held out): about 14 extra upgrades (4 to 23), roughly $140 MRR ($37 to $234).",
    },
    {
      name: "lowered",
      rows: example.map(
        (r) => ({ ...r, arm: r.arm === "treatment" ? "holdout" : "treatment" }) as ArmDecileRow,
      ),
      kind: "lowered",
      sentence:
        "Contacting lowered upgrades by 20.0 points, 95% CI -33.4 to -5.2; p = 0.008 (60.0% of 80 contacted vs 80.0% of 70 held out).",
    },
    {
      name: "no effect",
      rows: [
        { decile: 1, arm: "treatment", members: 200, conversions: 22 },
        { decile: 1, arm: "holdout", members: 50, conversions: 4 },
      ],
      kind: "no-detectable-effect",
      sentence:
        "No detectable effect yet: upgrades ran 3.0 points higher among contacted members, 95% CI -8.4 to 10.0; p = 0.534 (11.0% of 200 contacted vs 8.0% of 50 held out). With these group sizes only a lift of about 16.9 points or more would reliably show up.",
    },
    {
      name: "empty holdout",
      rows: [{ decile: 1, arm: "treatment", members: 20, conversions: 2 }],
      kind: "not-enough-data",
      sentence: "Not enough data yet: no member was held out, so the effect on upgrades cannot be measured.",
    },
  ] as const)("verdict: $name", ({ rows, kind, sentence }) => {
    const v = campaignVerdict(summariseCampaign(rows, { goal: "upgrades", avgMrrPerConversionCents: 1000 }));
    expect(v.kind).toBe(kind);
    expect(v.sentence).toBe(sentence);
    expect(v.assumptions.length).toBeGreaterThanOrEqual(3);
  });

  it("rejects impossible rows", () => {
    expect(() => summariseCampaign([{ decile: 1, arm: "holdout", members: 3, conversions: 4 }])).toThrow(
      RangeError,
    );
  });
});

describe("per-decile uplift and Qini", () => {
  const rows: ArmDecileRow[] = [
    { decile: 10, arm: "treatment", members: 90, conversions: 30 },
    { decile: 10, arm: "holdout", members: 10, conversions: 1 },
    { decile: 5, arm: "treatment", members: 90, conversions: 9 },
    { decile: 5, arm: "holdout", members: 10, conversions: 1 },
  ];
  it("computes each decile's uplift", () => {
    const r = summariseCampaign(rows);
    expect(r.deciles.map((d) => [d.decile, d.uplift!.estimate])).toEqual([
      [5, 0],
      [10, 30 / 90 - 0.1],
    ]);
  });
  it("builds the Qini curve highest scores first", () => {
    // Top decile: 30 − 1×90/10 = 21; both: 39 − 2×180/20 = 21; random line ends at 21.
    expect(qiniCurve(rows)).toEqual([
      { share: 0, incrementalConversions: 0, random: 0 },
      { share: 0.5, incrementalConversions: 21, random: 10.5 },
      { share: 1, incrementalConversions: 21, random: 21 },
    ]);
  });
  it("null when a slice has no holdout", () => {
    expect(
      qiniCurve([{ decile: 3, arm: "treatment", members: 5, conversions: 1 }])[1].incrementalConversions,
    ).toBeNull();
  });
});

describe("summarisePooledCampaigns", () => {
  const a: ArmDecileRow[] = [
    { decile: 1, arm: "treatment", members: 40, conversions: 30 },
    { decile: 1, arm: "holdout", members: 40, conversions: 24 },
  ];
  const b: ArmDecileRow[] = [
    { decile: 1, arm: "treatment", members: 30, conversions: 26 },
    { decile: 1, arm: "holdout", members: 40, conversions: 24 },
  ];
  it("sums arms and says so", () => {
    const r = summarisePooledCampaigns([a, b], { goal: "upgrades" });
    expect([r.treatment.conversions, r.treatment.members, r.holdout.conversions, r.holdout.members]).toEqual([
      56, 70, 48, 80,
    ]);
    expect(r.uplift!.lower).toBeCloseTo(0.0524, 4);
    expect(r.campaigns).toBe(2);
    expect(r.assumptions.join(" ")).toMatch(
      /2 campaigns with the same goal were pooled by summing their arms/,
    );
    expect(r.assumptions.join(" ")).toMatch(/holdout shares differ \(50% to 57%\)/);
    expect(campaignVerdict(r).sentence).toMatch(
      /^Contacting raised upgrades by 20\.0 points \(2 campaigns pooled\), 95% CI 5\.2 to 33\.4/,
    );
  });
});
