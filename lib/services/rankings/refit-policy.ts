// When a recompute may re-score members with the stored model instead of refitting it: fitting (past cut-offs,
// backtest, bootstrap) costs most of a recompute, while an import mostly changes this week's activity. Pure.
import { mondayOf } from "./dates";

/** A stored model older than this is refitted (the nightly schedule; hourly runs re-score in between). */
export const REFIT_AFTER_MS = 24 * 60 * 60 * 1000;
/** Billing changes known by the as-of beyond those the stored fit saw that force a refit (new outcomes to learn from). */
export const REFIT_NEW_BILLING_CHANGES = 20;

export interface StoredFitFacts {
  /** The as-of day the stored model was fitted for. */
  asOf: string;
  createdAt: Date;
  /** The model generation (feature registry fingerprint) it was fitted with. */
  modelVersion: string;
  /** Billing sources ignored as stale when it was fitted. */
  staleSources: readonly string[];
  /** Billing changes known by its as-of (null for runs stored before this was recorded). */
  billingChanges: number | null;
}

export interface RefitContext {
  asOf: string;
  now: Date;
  modelVersion: string;
  staleSources: readonly string[];
  billingChanges: number;
}

/** Why the stored model must be refitted, or null when it may re-score `asOf`. */
export function refitReason(stored: StoredFitFacts | null, ctx: RefitContext): string | null {
  if (!stored) return "no stored model";
  if (stored.modelVersion !== ctx.modelVersion)
    return `the features changed (model ${stored.modelVersion}, now ${ctx.modelVersion})`;
  if (ctx.asOf < stored.asOf) return `the as-of ${ctx.asOf} is before the stored model's ${stored.asOf}`;
  if (mondayOf(ctx.asOf) !== mondayOf(stored.asOf))
    return `a new week began since the fit as of ${stored.asOf}`;
  if (ctx.now.getTime() - stored.createdAt.getTime() >= REFIT_AFTER_MS)
    return "the stored model is a day old";
  const staleNow = [...ctx.staleSources].sort().join(",");
  if ([...stored.staleSources].sort().join(",") !== staleNow)
    return "a billing source went stale or came back";
  if (stored.billingChanges == null) return "the stored model does not record the billing it saw";
  const added = ctx.billingChanges - stored.billingChanges;
  if (added >= REFIT_NEW_BILLING_CHANGES || added < 0)
    return `${Math.abs(added)} billing changes ${added < 0 ? "removed" : "added"} since the fit`;
  return null;
}
