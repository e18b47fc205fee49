// Calendar helpers for ranking cut-offs: dates are plain UTC days written YYYY-MM-DD, weeks start on Monday.
// Pure, so the CLI, services and tests agree on which days a cut-off covers.
import { addDays } from "@/lib/time";

export { addDays, isoDay, mondayOf } from "@/lib/time";

/**
 * Past cut-offs for training and backtests: every `everyWeeks` before `asOf`, newest first excluded until
 * the horizon has closed by `asOf`, going back while at least `minHistoryWeeks` of history precede them.
 * Returned oldest first.
 */
export function trainingCutoffs(opts: {
  asOf: string;
  horizonWeeks: number;
  firstActivity: string;
  everyWeeks?: number;
  minHistoryWeeks?: number;
  maxCutoffs?: number;
}): string[] {
  const every = opts.everyWeeks ?? 4;
  const earliest = addDays(opts.firstActivity, 7 * (opts.minHistoryWeeks ?? 8));
  const out: string[] = [];
  for (let k = Math.ceil(opts.horizonWeeks / every); out.length < (opts.maxCutoffs ?? 26); k++) {
    const cutoff = addDays(opts.asOf, -7 * every * k);
    if (cutoff < earliest) break;
    out.push(cutoff);
  }
  return out.reverse();
}
