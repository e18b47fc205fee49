import { seededRandom } from "@/lib/scoring/gbm";
const n = 200_000; const r = seededRandom(1);
const margin = new Float64Array(n); const y = new Uint8Array(n); const grad = new Float64Array(n), hess = new Float64Array(n); const idx = new Uint32Array(n);
let t = performance.now();
for (let round = 0; round < 100; round++) {
  let m = 0;
  for (let i = 0; i < n; i++) {
    if (r() >= 0.8) continue;
    const prob = 1 / (1 + Math.exp(-margin[i]));
    grad[i] = prob - (y[i] ? 1 : 0);
    hess[i] = Math.max(prob * (1 - prob), 1e-12);
    idx[m++] = i;
  }
}
console.log("sample loop", performance.now() - t);
const bins = new Uint8Array(n * 23); for (let i = 0; i < bins.length; i++) bins[i] = (i * 7) % 32;
const tree = { feature: [3, 5, 7, -1, -1, -1, -1], left: [1, 3, 5, -1, -1, -1, -1], right: [2, 4, 6, -1, -1, -1, -1], value: [0, 0, 0, 1, 2, 3, 4] };
const splitBin = [10, 12, 14, -1, -1, -1, -1];
t = performance.now();
for (let round = 0; round < 100; round++) {
  for (let i = 0; i < n; i++) {
    let node = 0;
    while (tree.feature[node] >= 0) node = bins[tree.feature[node] * n + i] <= splitBin[node] ? tree.left[node] : tree.right[node];
    margin[i] += tree.value[node];
  }
}
console.log("update loop", performance.now() - t);
