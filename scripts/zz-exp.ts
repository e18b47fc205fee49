import { readFileSync } from "node:fs";
import { buildFeatureMatrix, FEATURE_COUNT } from "@/lib/scoring/features";
import { fitGbm, gbmProbabilities, type GbmOptions } from "@/lib/scoring/gbm";
import { scoreProbabilities, setsKnownBy, trainRankingModel } from "@/lib/scoring/model";
import { auc, evaluateRanking, brierScore } from "@/lib/scoring/metrics";
import { baselineScores, BASELINE_NAMES } from "@/lib/scoring/baselines";
import { labelOf, type LabelledSet } from "@/lib/scoring/types";
const file = process.argv[2];
const sets: LabelledSet[] = JSON.parse(readFileSync(file, "utf8")).candidates;
sets.sort((a, b) => a.cutoff.localeCompare(b.cutoff));
const cutoffs = sets.map((s) => s.cutoff);
console.log(sets.map((s) => `${s.cutoff}:${s.rows.length}/${s.rows.filter((r) => labelOf(s.labels, r.memberId)).length}`).join(" "));
const configs: Record<string, GbmOptions> = JSON.parse(process.argv[3] ?? "{}");
const lambdas: number[] = JSON.parse(process.argv[4] ?? "[]");
const res: Record<string, { auc: number[]; p20: number[]; brier: number[] }> = {};
const add = (k: string, a: number, p: number, b = NaN) => { (res[k] ??= { auc: [], p20: [], brier: [] }); res[k].auc.push(a); res[k].p20.push(p); res[k].brier.push(b); };
const evalCount = 6;
for (let v = sets.length - evalCount; v < sets.length; v++) {
  const known = setsKnownBy(cutoffs, cutoffs[v], 8);
  const train = sets.slice(0, known);
  const ev = sets[v];
  const y = new Uint8Array(ev.rows.length); const ids = new Float64Array(ev.rows.length);
  ev.rows.forEach((r, i) => { y[i] = labelOf(ev.labels, r.memberId) ? 1 : 0; ids[i] = r.memberId; });
  const m = trainRankingModel("candidates", train, { horizonWeeks: 8, maxValidationFolds: 1 });
  const pr = scoreProbabilities(m, ev.rows, ev.community);
  const e = evaluateRanking(pr, y, ids, { capacity: 25, probabilities: true });
  add("logistic", e.auc!, e.precisionAt20!, e.brier!);
  for (const b of BASELINE_NAMES) { const e2 = evaluateRanking(baselineScores(b, "candidates", ev.rows, ev.community, 1), y, ids, { capacity: 25 }); add(b, e2.auc!, e2.precisionAt20!); }
  for (const l of lambdas) { const ml = trainRankingModel("candidates", train, { lambda: l }); const e4 = evaluateRanking(scoreProbabilities(ml, ev.rows, ev.community), y, ids, { capacity: 25, probabilities: true }); add("lam" + l, e4.auc!, e4.precisionAt20!, e4.brier!); }
  const tx: Float64Array[] = []; let n = 0; const ty: number[] = [];
  for (const s of train) { tx.push(buildFeatureMatrix(s.rows, s.community).data); s.rows.forEach((r) => ty.push(labelOf(s.labels, r.memberId) ? 1 : 0)); n += s.rows.length; }
  const X = new Float64Array(n * FEATURE_COUNT); let o = 0; for (const a of tx) { X.set(a, o); o += a.length; }
  const Y = Uint8Array.from(ty);
  const ex = buildFeatureMatrix(ev.rows, ev.community);
  for (const [name, c] of Object.entries(configs)) {
    const g = fitGbm(X, n, FEATURE_COUNT, Y, c);
    const gp = gbmProbabilities(g, ex.data, ex.n, FEATURE_COUNT);
    const e3 = evaluateRanking(gp, y, ids, { capacity: 25, probabilities: true });
    add(name, e3.auc!, e3.precisionAt20!, e3.brier!);
  }
  const base = ty.reduce((a, b) => a + b, 0) / n;
  add("refBrier", NaN, NaN, brierScore(new Float64Array(ev.rows.length).fill(base), y)!);
  if (process.env.V) console.log(ev.cutoff, "train", n, ty.reduce((a, b) => a + b, 0), "pos", y.reduce((a, b) => a + b, 0), Object.entries(res).map(([k, v]) => `${k}:${v.auc.at(-1)?.toFixed(3)}`).join(" "));
}
const mean = (a: number[]) => a.reduce((x, y) => x + y, 0) / a.length;
for (const [k, v] of Object.entries(res)) console.log(k.padEnd(16), "auc", mean(v.auc).toFixed(3), "p20", mean(v.p20).toFixed(3), "brier", mean(v.brier).toFixed(4));
