import { describe, expect, it } from "vitest";
import { calibratedAt, fitRankCalibration, MIN_POSITIVES_FOR_PERCENT } from "./calibration";
import { compareRankers, verdictOf, type EvaluatedCutoff } from "./compare";
import { chooseDeployment } from "./deploy";

/** A cut-off of n rows whose first `positives` rows are positives; each ranker's scores are built from the row index. */
function cutoff(
  name: string,
  n: number,
  positives: number,
  rankers: Record<string, (i: number, label: number) => number>,
  seed = 1,
): EvaluatedCutoff {
  const labels = Uint8Array.from({ length: n }, (_, i) => (i < positives ? 1 : 0));
  const ids = Float64Array.from({ length: n }, (_, i) => i + 1);
  let s = seed;
  const noise = () => (s = (s * 16807) % 2147483647) / 2147483647;
  const scores: Record<string, Float64Array> = {};
  for (const [r, f] of Object.entries(rankers))
    scores[r] = Float64Array.from({ length: n }, (_, i) => f(i, labels[i]) + 1e-9 * noise());
  return { cutoff: name, labels, ids, scores };
}

/** A deterministic uniform per (row, salt): the tests never flake. */
const hash = (i: number, salt: number) =>
  ((Math.imul(i + 1, 2654435761) ^ Math.imul(salt, 40503)) >>> 0) / 4294967296;
const random = (i: number) => hash(i, 99);
describe("compareRankers and chooseDeployment", () => {
  const perfect = (i: number, y: number) => y + hash(i, 1) * 0.5;
  const informative = (i: number, y: number) => y * 0.4 + hash(i, 2);
  const useless = (i: number) => hash(i, 3);

  it.each([
    {
      name: "a clearly better model is deployed",
      model: perfect,
      best: informative,
      expected: "model",
      verdict: "win",
    },
    {
      name: "a model tied with the best baseline is not",
      model: informative,
      best: informative,
      expected: "recentActivity",
      verdict: "tie",
    },
    {
      name: "a worse model is not",
      model: useless,
      best: informative,
      expected: "recentActivity",
      verdict: "loss",
    },
  ])("$name", ({ model, best, expected, verdict }) => {
    const cutoffs = ["2026-01-01", "2026-02-01", "2026-03-01", "2026-04-01"].map((c, k) =>
      cutoff(
        c,
        600,
        60,
        { model, recentActivity: best, activityDrop: useless, seedFormula: useless, random },
        k + 3,
      ),
    );
    const deployment = chooseDeployment("candidates", cutoffs);
    expect(deployment.bestBaseline).toBe("recentActivity");
    expect(deployment.ranker).toBe(expected);
    if (verdict !== "tie") expect(verdictOf(deployment.modelVsBest.auc)).toBe(verdict);
    expect(deployment.sentence).toMatch(
      expected === "model"
        ? /^Learned model: AUC .* "most active in the last 4 weeks" on 4 past periods/
        : /^Ranked by "most active in the last 4 weeks"/,
    );
  });

  it("gives the same intervals for the same data (seeded), and no interval without replicates", () => {
    const cutoffs = [cutoff("2026-01-01", 300, 30, { a: informative, b: useless })];
    const one = compareRankers(cutoffs, ["a", "b"], "b", { replicates: 100 });
    expect(compareRankers(cutoffs, ["a", "b"], "b", { replicates: 100 })).toEqual(one);
    expect(compareRankers(cutoffs, ["a", "b"], "b", { replicates: 0 }).differences.a.auc.low).toBeNull();
  });

  it("says there is nothing to test on when no period has outcomes", () => {
    const deployment = chooseDeployment("at-risk", []);
    expect(deployment.ranker).toBe("recentActivity");
    expect(deployment.sentence).toMatch(/least active in the last 4 weeks: there are no past periods/);
    expect(deployment.calibration).toBeNull();
  });
});

describe("fitRankCalibration", () => {
  it.each([
    { name: "few positives → bands", n: 500, positives: 20, display: "band", why: /only \d+ outcomes/ },
    {
      name: "enough positives and stable rates → percentages",
      n: 4000,
      positives: 400,
      display: "percent",
      why: /matched the newest/,
    },
  ])("$name", ({ n, positives, display, why }) => {
    const cutoffs = ["2026-01-01", "2026-02-01", "2026-03-01"].map((c) =>
      cutoff(c, n, positives, { model: (i) => -i }),
    );
    const calibration = fitRankCalibration(cutoffs, "model");
    expect(calibration.display).toBe(display);
    expect(calibration.why).toMatch(why);
    expect(calibration.positives).toBe(3 * positives);
    if (calibration.positives >= MIN_POSITIVES_FOR_PERCENT)
      expect(calibratedAt(calibration, 1, n).band).toBe("High");
    // Rates never rise further down the list.
    for (let b = 1; b < calibration.bins.length; b++)
      expect(calibration.bins[b].rate).toBeLessThanOrEqual(calibration.bins[b - 1].rate);
    expect(calibratedAt(calibration, n, n).band).toBe("Low");
  });
});
