// The logistic fit's linear algebra: each row's non-zero values (activity features are mostly zero, so the
// Newton sums run over a few values per row rather than every pair of columns) and a small Cholesky factor and solve
// (the factor kept for the chord steps of lib/scoring/logistic.ts).

/** The non-zero values of each row (CSR), without constant columns: activity features are mostly zero. */
export interface SparseRows {
  /** Per column, the mean its values are centred on: 0 for a skipped constant column (its values count as 0). */
  centre: Float64Array;
  /** Row i's values are at [start[i], start[i + 1]). */
  start: Uint32Array;
  column: Uint16Array;
  value: Float64Array;
}

/** Row-compressed non-zero values of the first n rows of x, keeping only the columns flagged in `keep`. */
function compress(x: Float64Array, n: number, p: number, keep: Uint8Array): Omit<SparseRows, "centre"> {
  let count = 0;
  for (let i = 0; i < n * p; i++) if (x[i] !== 0 && keep[i % p]) count++;
  const start = new Uint32Array(n + 1);
  const column = new Uint16Array(count);
  const value = new Float64Array(count);
  let q = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0, o = i * p; j < p; j++) {
      const v = x[o + j];
      if (v !== 0 && keep[j]) {
        column[q] = j;
        value[q++] = v;
      }
    }
    start[i + 1] = q;
  }
  return { start, column, value };
}

/**
 * Every row of a matrix compressed once: a fit on its first n rows reads a prefix of it (the backtest's refits
 * and validation folds train on prefixes of one stack, three penalties each).
 */
const wholeMatrix = new WeakMap<Float64Array, Omit<SparseRows, "centre">>();

/**
 * Per column, the first row whose value differs from row 0's (!==, so a NaN differs), or the row count: the first n
 * rows vary in column j exactly when it is below n. Once per matrix: the scan per fit (three penalties a fold, every
 * prefix) read a constant column's every row.
 */
const firstDifferent = new WeakMap<Float64Array, Uint32Array>();

function firstDifferentRow(x: Float64Array, p: number): Uint32Array {
  let differs = firstDifferent.get(x);
  if (differs && differs.length === p) return differs;
  const rows = Math.floor(x.length / p);
  differs = new Uint32Array(p).fill(rows);
  for (let j = 0; j < p; j++)
    for (let i = 1; i < rows; i++)
      if (x[i * p + j] !== x[j]) {
        differs[j] = i;
        break;
      }
  firstDifferent.set(x, differs);
  return differs;
}

/**
 * The first n rows' non-zero values, skipping constant columns (stds flagged 1 with no spread): their
 * standardised values are all zero, so they add nothing to the sums and their weights stay at the penalty's zero.
 */
export function nonZeroRows(
  x: Float64Array,
  n: number,
  p: number,
  means: Float64Array,
  stds: Float64Array,
): SparseRows {
  const varies = new Uint8Array(p);
  const centre = new Float64Array(p);
  const differs = firstDifferentRow(x, p);
  let constantNonZero = false;
  for (let j = 0; j < p; j++) {
    if (differs[j] < n) varies[j] = 1;
    if (stds[j] !== 1) varies[j] = 1;
    centre[j] = varies[j] ? means[j] : 0;
    if (!varies[j] && n > 0 && x[j] !== 0) constantNonZero = true;
  }
  // A column of zeros has no stored values; one constant non-zero column (rare) needs a copy without it.
  if (constantNonZero) return { centre, ...compress(x, n, p, varies) };
  let whole = wholeMatrix.get(x);
  if (!whole) {
    whole = compress(x, Math.floor(x.length / p), p, new Uint8Array(p).fill(1));
    wholeMatrix.set(x, whole);
  }
  return { centre, ...whole };
}

/** Overwrites the lower triangle of symmetric positive-definite A (d × d, row-major) with its Cholesky factor L. */
export function choleskyFactor(a: Float64Array, d: number): void {
  for (let j = 0; j < d; j++) {
    let s = a[j * d + j];
    for (let k = 0; k < j; k++) s -= a[j * d + k] * a[j * d + k];
    const ljj = Math.sqrt(Math.max(s, 1e-12));
    a[j * d + j] = ljj;
    for (let i = j + 1; i < d; i++) {
      let t = a[i * d + j];
      for (let k = 0; k < j; k++) t -= a[i * d + k] * a[j * d + k];
      a[i * d + j] = t / ljj;
    }
  }
}

/** Solves L·Lᵀ·x = b, L the factor choleskyFactor left in a's lower triangle. */
export function choleskySolveFactored(a: Float64Array, b: Float64Array, d: number): Float64Array {
  const y = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= a[i * d + k] * y[k];
    y[i] = s / a[i * d + i];
  }
  for (let i = d - 1; i >= 0; i--) {
    let s = y[i];
    for (let k = i + 1; k < d; k++) s -= a[k * d + i] * y[k];
    y[i] = s / a[i * d + i];
  }
  return y;
}
