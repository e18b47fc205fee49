import { describe, expect, it } from "vitest";
import { fitGbm } from "./gbm";
import type { EvaluatedCutoff } from "./compare";
import { chooseDeployment, DEPLOYABLE_BASELINES } from "./deploy";
import { chooseDeploymentSoon, fitGbmSoon, fitPoolStats, fitWorkerReady, scoreFoldSoon } from "./fit-pool";
import { scoreFoldRows, type FoldInputs } from "./fold-score";
import { mulberry32 } from "@/lib/random";

function data(n: number, p: number, seed: number) {
  const random = mulberry32(seed);
  const x = new Float64Array(n * p);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p; j++) x[i * p + j] = random() < 0.6 ? 0 : random() * 10;
    y[i] = random() < (x[i * p] > 5 ? 0.3 : 0.05) ? 1 : 0;
  }
  return { x, y };
}

describe("tree pool", () => {
  it("starts its worker thread and gives the same trees as fitting here, whichever thread fits them", async () => {
    expect(await fitWorkerReady()).toBe(true);
    const p = 6;
    const { x, y } = data(8_000, p, 5);
    const options = { rounds: 300, depth: 2, learningRate: 0.05 }; // 4,000 rows × 300 rounds: worth shipping
    const before = fitPoolStats();
    // Prefixes of one matrix, as the backtest's refits ask for them: the worker takes some, this thread the rest.
    const pending = [4_000, 6_000, 8_000].map((n) => fitGbmSoon(x, n, p, y, options, 2));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const models = pending.map((t) => t.result());
    const after = fitPoolStats();
    expect(after.byWorker + after.byCaller - before.byWorker - before.byCaller).toBe(3);
    // Each thread's time on the trees is counted (the bench's profile of the pool), and only under "trees".
    const busy = (s: typeof after, kind: keyof typeof after.busyMs) =>
      s.busyMs[kind].caller + s.busyMs[kind].worker;
    expect(busy(after, "trees")).toBeGreaterThan(busy(before, "trees"));
    if (after.byWorker > before.byWorker)
      expect(after.busyMs.trees.worker).toBeGreaterThan(before.busyMs.trees.worker);
    if (after.byCaller > before.byCaller)
      expect(after.busyMs.trees.caller).toBeGreaterThan(before.busyMs.trees.caller);
    expect(busy(after, "fold")).toBe(busy(before, "fold"));
    [4_000, 6_000, 8_000].forEach((n, k) => expect(models[k]).toEqual(fitGbm(x, n, p, y, options, 2)));
  }, 60_000);

  it("scores validation folds the same on either thread", async () => {
    expect(await fitWorkerReady()).toBe(true);
    const p = 6;
    const { x, y } = data(12_000, p, 7);
    const fold = (trainRows: number): FoldInputs => ({
      trainX: x,
      trainY: y,
      trainRows,
      negativeWeight: 1,
      valX: x,
      valY: y,
      from: 10_000,
      to: 12_000,
      p,
      lambdas: [10, 1, 0.1],
      classWeight: "none",
    });
    const before = fitPoolStats();
    const pending = [6_000, 8_000, 10_000].map((rows) => scoreFoldSoon(fold(rows)));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const scores = pending.map((f) => f.result());
    const after = fitPoolStats();
    expect(after.byWorker + after.byCaller - before.byWorker - before.byCaller).toBe(3);
    [6_000, 8_000, 10_000].forEach((rows, k) => expect(scores[k]).toEqual(scoreFoldRows(fold(rows))));
  }, 60_000);

  it("gives the worker one view of each shared matrix, so its caches serve every fold on it", async () => {
    expect(await fitWorkerReady()).toBe(true);
    const p = 6;
    const { x, y } = data(12_000, p, 9);
    const fold = (trainRows: number): FoldInputs => ({
      trainX: x,
      trainY: y,
      trainRows,
      negativeWeight: 1,
      valX: x,
      valY: y,
      from: 10_000,
      to: 12_000,
      p,
      lambdas: [10, 1],
      classWeight: "none",
    });
    const before = fitPoolStats();
    const pending = [4_000, 6_000, 8_000].map((rows) => scoreFoldSoon(fold(rows)));
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // the worker runs them all, unless the box is slow
    pending.forEach((f) => f.result());
    const after = fitPoolStats();
    const byWorker = after.byWorker - before.byWorker;
    // Each message brings new views of the same memory: the fold's validation rows are its training matrix (the same
    // two arrays), and every later job's four arrays are the first job's.
    if (byWorker > 0) expect(after.reusedViews - before.reusedViews).toBe(2 + 4 * (byWorker - 1));
  }, 60_000);
});

describe("deployment bootstrap on the pool", () => {
  it("chooses the same deployment on either thread, the bootstrap's intervals included", async () => {
    expect(await fitWorkerReady()).toBe(true);
    const random = mulberry32(11);
    // Three cut-offs of 1,500 rows (4,500 ≥ the pool's threshold): the model's scores carry some signal.
    const evaluated: EvaluatedCutoff[] = ["2026-01-04", "2026-02-01", "2026-03-01"].map((cutoff) => {
      const n = 1_500;
      const labels = new Uint8Array(n);
      const ids = new Float64Array(n);
      const scores: Record<string, Float64Array> = {};
      for (const name of ["model", ...DEPLOYABLE_BASELINES]) scores[name] = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        ids[i] = i + 1;
        labels[i] = random() < 0.08 ? 1 : 0;
        scores.model[i] = labels[i] * 0.6 + random();
        for (const name of DEPLOYABLE_BASELINES) scores[name][i] = labels[i] * 0.2 + random();
      }
      return { cutoff, labels, ids, scores };
    });
    const before = fitPoolStats();
    const pending = chooseDeploymentSoon("candidates", evaluated);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const deployment = pending.result();
    const after = fitPoolStats();
    expect(after.byWorker + after.byCaller - before.byWorker - before.byCaller).toBe(1);
    expect(deployment).toEqual(chooseDeployment("candidates", evaluated));
    expect(deployment.ranker).toBe("model");
  }, 60_000);
});
