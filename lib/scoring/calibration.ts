// Honest scores: the deployed ranker's out-of-time hit rate by rank band (share of the list), fitted on the
// backtest's held-out cut-offs, never on training rows. Lists show a percentage only where that holds up.
import type { EvaluatedCutoff } from "./compare";

/** Upper edges of the rank bins, as a share of the ranked list (top 1%, 1–2%, 2–5%, ...). */
export const RANK_BIN_EDGES = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1] as const;
/** Below this many out-of-time positives a percentage would be noise: lists show bands. */
export const MIN_POSITIVES_FOR_PERCENT = 100;

export type Band = "High" | "Medium" | "Low";

export interface RankBin {
  upTo: number;
  rows: number;
  positives: number;
  /** Monotone (pool-adjacent-violators) hit rate: never higher further down the list. */
  rate: number;
  band: Band;
}

export interface RankCalibration {
  bins: RankBin[];
  baseRate: number;
  rows: number;
  positives: number;
  display: "percent" | "band";
  /** Why percentages are or are not shown, in words. */
  why: string;
  /** The newest cut-off scored with bins fitted on the earlier ones: mean |predicted − observed| per row. */
  heldOut: { cutoff: string; error: number; baseRate: number } | null;
}

function binIndex(fraction: number): number {
  for (let b = 0; b < RANK_BIN_EDGES.length; b++) if (fraction <= RANK_BIN_EDGES[b]) return b;
  return RANK_BIN_EDGES.length - 1;
}

function tally(cutoffs: readonly EvaluatedCutoff[], ranker: string): { rows: number[]; positives: number[] } {
  const rows = new Array<number>(RANK_BIN_EDGES.length).fill(0);
  const positives = new Array<number>(RANK_BIN_EDGES.length).fill(0);
  for (const c of cutoffs) {
    const s = c.scores[ranker];
    const n = c.labels.length;
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => s[b] - s[a] || c.ids[a] - c.ids[b]);
    order.forEach((row, r) => {
      const b = binIndex((r + 1) / n);
      rows[b]++;
      positives[b] += c.labels[row];
    });
  }
  return { rows, positives };
}

/** Pool adjacent violators: rates non-increasing down the list, weighted by rows. */
function monotone(rows: number[], positives: number[]): number[] {
  const blocks: { rows: number; pos: number; count: number }[] = [];
  for (let b = 0; b < rows.length; b++) {
    blocks.push({ rows: rows[b], pos: positives[b], count: 1 });
    while (blocks.length > 1) {
      const last = blocks[blocks.length - 1];
      const prev = blocks[blocks.length - 2];
      const rl = last.rows ? last.pos / last.rows : 0;
      const rp = prev.rows ? prev.pos / prev.rows : 0;
      if (rl <= rp) break;
      blocks.splice(blocks.length - 2, 2, {
        rows: prev.rows + last.rows,
        pos: prev.pos + last.pos,
        count: prev.count + last.count,
      });
    }
  }
  return blocks.flatMap((k) => new Array<number>(k.count).fill(k.rows ? k.pos / k.rows : 0));
}

function bandFor(rate: number, baseRate: number): Band {
  if (baseRate <= 0) return "Low";
  if (rate >= 2 * baseRate) return "High";
  if (rate >= baseRate) return "Medium";
  return "Low";
}

function fitBins(
  cutoffs: readonly EvaluatedCutoff[],
  ranker: string,
): { bins: RankBin[]; rows: number; positives: number; baseRate: number } {
  const { rows, positives } = tally(cutoffs, ranker);
  const rates = monotone(rows, positives);
  const total = rows.reduce((a, b) => a + b, 0);
  const pos = positives.reduce((a, b) => a + b, 0);
  const baseRate = total > 0 ? pos / total : 0;
  const bins = RANK_BIN_EDGES.map((upTo, b) => ({
    upTo,
    rows: rows[b],
    positives: positives[b],
    rate: rates[b],
    band: bandFor(rates[b], baseRate),
  }));
  return { bins, rows: total, positives: pos, baseRate };
}

export function fitRankCalibration(cutoffs: readonly EvaluatedCutoff[], ranker: string): RankCalibration {
  const sorted = [...cutoffs].sort((a, b) => a.cutoff.localeCompare(b.cutoff));
  const fitted = fitBins(sorted, ranker);
  let heldOut: RankCalibration["heldOut"] = null;
  if (sorted.length >= 2) {
    const earlier = fitBins(sorted.slice(0, -1), ranker);
    const last = fitBins(sorted.slice(-1), ranker);
    let error = 0;
    for (let b = 0; b < last.bins.length; b++)
      error +=
        last.bins[b].rows *
        Math.abs(earlier.bins[b].rate - (last.bins[b].rows ? last.bins[b].positives / last.bins[b].rows : 0));
    heldOut = {
      cutoff: sorted.at(-1)!.cutoff,
      error: last.rows ? error / last.rows : 0,
      baseRate: last.baseRate,
    };
  }
  let display: RankCalibration["display"] = "band";
  let why: string;
  if (fitted.positives < MIN_POSITIVES_FOR_PERCENT) {
    why = `only ${fitted.positives} outcomes in the out-of-time checks (a percentage needs ${MIN_POSITIVES_FOR_PERCENT}), so lists show High/Medium/Low`;
  } else if (!heldOut || heldOut.error > 0.5 * Math.max(heldOut.baseRate, 1e-9)) {
    why = heldOut
      ? `rates fitted on earlier periods missed the newest one by ${(heldOut.error * 100).toFixed(1)} points on a base rate of ${(heldOut.baseRate * 100).toFixed(1)}%, so lists show High/Medium/Low`
      : "a single past period cannot check the rates, so lists show High/Medium/Low";
  } else {
    display = "percent";
    why = `rates fitted on earlier periods matched the newest one within ${(heldOut.error * 100).toFixed(1)} points, so lists show percentages`;
  }
  return { ...fitted, display, why, heldOut };
}

/** The out-of-time hit rate and band of the member at `rank` (1-based) in a list of `total`. */
export function calibratedAt(
  calibration: Pick<RankCalibration, "bins">,
  rank: number,
  total: number,
): { rate: number; band: Band } {
  const bin = calibration.bins[binIndex(total > 0 ? rank / total : 1)];
  return { rate: bin?.rate ?? 0, band: bin?.band ?? "Low" };
}

/**
 * A stored score as its day's ranked list showed it. With rates that held up, the score (the out-of-time rate of its
 * place in the list) as a percentage; with bands, the band of the bin whose rate it is; without a calibration, runs
 * before v5 (no deployment) as a percentage, later ones as "–" (as rank-display.ts decides for the lists).
 */
export function listScoreLabel(
  score: number,
  run: { deployed: boolean; calibration: Pick<RankCalibration, "display" | "bins"> | null },
): string {
  const mode = run.calibration?.display ?? (run.deployed ? "band" : "percent");
  if (mode === "percent") return `${(score * 100).toFixed(1)}%`;
  // Stored as float4 next to the bins' float8 rates: the nearest bin's.
  const bins = run.calibration?.bins ?? [];
  if (bins.length === 0) return "–";
  const nearest = bins.reduce((a, b) => (Math.abs(b.rate - score) < Math.abs(a.rate - score) ? b : a));
  return nearest.band;
}
