// Calendar helpers for ranking cut-offs: dates are plain UTC days written YYYY-MM-DD, weeks start on Monday.
// Pure, so the CLI, services and tests agree on which days a cut-off covers.
import { addDays } from "@/lib/time";

export { addDays, isoDay, mondayOf } from "@/lib/time";

/**
 * Every training cut-off is a Sunday a whole number of `everyWeeks` after this one. A fixed calendar, not one counted
 * back from the as-of: consecutive as-of days then share every cut-off until the next one's horizon closes, so their
 * cached rows (feature-cache.ts) and fits (lib/scoring/fit-memo.ts) carry over and a new day extracts only its own
 * rows. Sundays because a Sunday cut-off's own week is complete (Monday to Sunday): its "partial" week holds the
 * whole week, the least noisy current week to learn from. The 4-weekly calendar is every other 2-weekly cut-off, so a
 * community that crosses the size threshold between them keeps half its cut-offs.
 */
export const CUTOFF_EPOCH = "2000-01-02";

const DAY_MS = 86_400_000;

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/**
 * Past cut-offs for training and backtests: the calendar's days (CUTOFF_EPOCH + k × `everyWeeks`) whose outcome
 * horizon has closed by `asOf` (cut-off + horizon ≤ as-of: an outcome window [cut-off, cut-off + horizon) ends before
 * the as-of's day begins), going back while at least `minHistoryWeeks` of history precede them. Returned oldest first.
 */
export function trainingCutoffs(opts: {
  asOf: string;
  horizonWeeks: number;
  firstActivity: string;
  everyWeeks?: number;
  minHistoryWeeks?: number;
  maxCutoffs?: number;
}): string[] {
  const everyDays = 7 * (opts.everyWeeks ?? 4);
  const earliest = addDays(opts.firstActivity, 7 * (opts.minHistoryWeeks ?? 8));
  const lastClosed = addDays(opts.asOf, -7 * opts.horizonWeeks);
  const out: string[] = [];
  let cutoff = addDays(
    CUTOFF_EPOCH,
    Math.floor(daysBetween(CUTOFF_EPOCH, lastClosed) / everyDays) * everyDays,
  );
  while (out.length < (opts.maxCutoffs ?? 26) && cutoff >= earliest) {
    out.push(cutoff);
    cutoff = addDays(cutoff, -everyDays);
  }
  return out.reverse();
}

/**
 * The cut-offs the backtest may evaluate: 4 weeks apart, whatever the training spacing, so the backtest spans the
 * same months (and as many members) however densely the model was trained. Every 4 weeks on the cut-offs' own
 * calendar (above), not counted back from the newest: counted back, each new 2-weekly cut-off moved every
 * evaluated cut-off, and every backtest refit was made again. On the calendar, a new cut-off is either evaluated
 * (one refit more; the older ones kept) or not (none), at the price of a newest evaluated cut-off that is 2 weeks
 * older than the newest cut-off on half of the days.
 */
export function evaluationCalendar(sortedCutoffs: readonly string[]): string[] {
  const days = sortedCutoffs.map((c) => daysBetween(CUTOFF_EPOCH, c));
  const spacingDays = days.length > 1 ? days.at(-1)! - days.at(-2)! : 28;
  const stride = Math.max(1, Math.round(28 / Math.max(7, spacingDays)));
  if (stride === 1) return [...sortedCutoffs];
  // The residue the calendar evaluates on; cut-offs off the calendar (tests) keep their count-back from the newest.
  const step = spacingDays * stride;
  const onCalendar = days.every((d) => d % spacingDays === 0);
  return sortedCutoffs.filter((_, i) =>
    onCalendar ? days[i] % step === 0 : (sortedCutoffs.length - 1 - i) % stride === 0,
  );
}
