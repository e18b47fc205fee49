// Names the change between two snapshots of one subscription (new, upgrade, downgrade, cancel, reactivate),
// so MRR movements can be attributed. A scheduled cancellation (cancel_at_period_end) is not yet a change.
import {
  isActiveLike,
  isEnded,
  type PlanRank,
  type SubscriptionChange,
  type SubscriptionState,
} from "../types";

/**
 * Compares `prev` (null when never stored) with `next`; null when nothing billable changed.
 * Plan moves compare tier rank first, then MRR when the ranks tie or a plan is unknown to `planRank`.
 */
export function deriveSubscriptionChange(
  prev: SubscriptionState | null,
  next: SubscriptionState,
  planRank: PlanRank = () => undefined,
): SubscriptionChange | null {
  const nextActive = isActiveLike(next.status);
  const base = {
    fromPlanKey: prev?.planKey ?? null,
    toPlanKey: next.planKey,
    mrrBeforeCents: prev && isActiveLike(prev.status) ? prev.mrrCents : 0,
    mrrAfterCents: nextActive ? next.mrrCents : 0,
  };

  if (prev == null) return nextActive ? { kind: "new", ...base } : null;

  const prevActive = isActiveLike(prev.status);
  if (prevActive && isEnded(next.status))
    return { kind: "cancel", ...base, toPlanKey: null, mrrAfterCents: 0 };
  if (!prevActive && nextActive) {
    // One that was never paid (incomplete) starts now; one that had ended or was paused comes back.
    return prev.status === "incomplete"
      ? { kind: "new", ...base, fromPlanKey: null }
      : { kind: "reactivate", ...base };
  }
  if (!prevActive || !nextActive) return null;

  const direction = comparePlans(prev, next, planRank);
  if (direction === 0) return null;
  return { kind: direction > 0 ? "upgrade" : "downgrade", ...base };
}

/** >0 when `next` is the higher plan, <0 lower, 0 the same. */
function comparePlans(prev: SubscriptionState, next: SubscriptionState, planRank: PlanRank): number {
  if (prev.planKey !== next.planKey && prev.planKey != null && next.planKey != null) {
    const before = planRank(prev.planKey);
    const after = planRank(next.planKey);
    if (before != null && after != null && before !== after) return Math.sign(after - before);
  }
  return Math.sign(next.mrrCents - prev.mrrCents);
}
