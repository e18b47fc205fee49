import { fitGbm, gbmProbabilities, gbmExplainer, gbmBias, gbmLogOdds } from "@/lib/scoring/gbm";
import { fitLogistic, predictProbabilities } from "@/lib/scoring/logistic";
import { auc } from "@/lib/scoring/metrics";
import { seededRandom } from "@/lib/scoring/gbm";
const r = seededRandom(5);
const n = 200_000, p = 23;
const x = new Float64Array(n * p); const y = new Uint8Array(n);
for (let i = 0; i < n; i++) { for (let j = 0; j < p; j++) x[i*p+j] = r()*2-1; const a = x[i*p]>0, b = x[i*p+1]>0; y[i] = r() < (a!==b ? 0.8 : 0.2) ? 1 : 0; }
let t = performance.now();
const m = fitGbm(x, n, p, y, { rounds: 100, depth: 3 });
console.log("fit ms", performance.now()-t);
t = performance.now();
const pr = gbmProbabilities(m, x, 100_000, p);
console.log("score ms", performance.now()-t);
console.log("gbm auc", auc(pr, y.subarray(0,100_000)));
const lf = fitLogistic(x, n, p, y, {});
console.log("log auc", auc(predictProbabilities(lf, x, 100_000, p), y.subarray(0,100_000)));
const ex = gbmExplainer(m); const c = new Float64Array(p); ex(x, 0, c);
console.log(gbmBias(m) + c.reduce((a,b)=>a+b,0), gbmLogOdds(m, x, 1, p)[0]);
