const n = 160_000, p = 23, nb = 32;
const binsR = new Uint8Array(n * p), binsC = new Uint8Array(n * p);
let s = 12345; const rnd = () => ((s = (s * 1103515245 + 12345) >>> 0) / 4294967296);
for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) { const b = Math.floor(rnd() * 32); binsR[i * p + j] = b; binsC[j * n + i] = b; }
const idx = new Uint32Array(n); for (let i = 0, k = 0; i < n * 1.25; i++) if (rnd() < 0.8 && k < n) idx[k++] = Math.min(i, n - 1);
const g = new Float64Array(n).map(() => rnd()), h = new Float64Array(n).map(() => rnd());
const hist = new Float64Array(p * nb * 2);
function rowMajor() { hist.fill(0); for (let r = 0; r < n; r++) { const i = idx[r]; const gg = g[i], hh = h[i]; const o = i * p; for (let j = 0; j < p; j++) { const k = (j * nb + binsR[o + j]) << 1; hist[k] += gg; hist[k + 1] += hh; } } }
const gs = new Float64Array(n), hs = new Float64Array(n);
function colMajor() { hist.fill(0); for (let r = 0; r < n; r++) { const i = idx[r]; gs[r] = g[i]; hs[r] = h[i]; } for (let j = 0; j < p; j++) { const col = j * n, base = j * nb * 2; for (let r = 0; r < n; r++) { const k = base + (binsC[col + idx[r]] << 1); hist[k] += gs[r]; hist[k + 1] += hs[r]; } } }
const histG = new Float64Array(p * nb), histH = new Float64Array(p * nb);
function rowMajorSplit() { histG.fill(0); histH.fill(0); for (let r = 0; r < n; r++) { const i = idx[r]; const gg = g[i], hh = h[i]; const o = i * p; for (let j = 0; j < p; j++) { const k = j * nb + binsR[o + j]; histG[k] += gg; histH[k] += hh; } } }
for (const [name, f] of [["row", rowMajor], ["col", colMajor], ["rowSplit", rowMajorSplit]] as const) {
  for (let w = 0; w < 5; w++) f();
  const t = performance.now(); for (let k = 0; k < 50; k++) f(); console.log(name, ((performance.now() - t) / 50).toFixed(2), "ms per 160k-row histogram");
}
