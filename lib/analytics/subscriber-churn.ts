// Subscriber churn as billing analysts define it, and MRR by first-payment cohort.
// Both read member states from the same change rows as the monthly MRR movements.

import { classifyChanges, memberTimelines, mrrAt, type FirstPayment, type SubscriptionChange } from "./mrr";
import { addMonths, monthKey, monthRange, monthStart, monthsBetween, type MonthKey } from "./months";
import { DAY_MS } from "@/lib/time";

export interface SubscriberChurn {
  windowStart: Date;
  windowEnd: Date;
  /** Members paying at windowStart. */
  activeAtStart: number;
  /** Members not paying at windowStart who started (new) during the window. */
  newInWindow: number;
  /** Members not paying at windowStart who came back (reactivated) during the window. */
  reactivatedInWindow: number;
  /** Distinct members with a cancellation in the window (even if they later came back). */
  churned: number;
  /** churned ÷ (activeAtStart + newInWindow + reactivatedInWindow); null when that is 0. */
  rate: number | null;
}

/** Churn over the `days` (default 30) ending at `asOf`: the window is (asOf − days, asOf]. */
export function subscriberChurnRate(
  changes: readonly SubscriptionChange[],
  firstPayments: readonly FirstPayment[],
  asOf: Date,
  days = 30,
): SubscriberChurn {
  const windowEnd = asOf;
  const windowStart = new Date(asOf.getTime() - days * DAY_MS);
  const timelines = memberTimelines(changes);
  const activeAtStart = new Set(
    [...timelines].filter(([, t]) => mrrAt(t, windowStart, true) > 0).map(([id]) => id),
  );
  const inWindow = classifyChanges(changes, firstPayments).filter(
    (c) => c.occurredAt > windowStart && c.occurredAt <= windowEnd,
  );
  const members = (kind: string) =>
    new Set(
      inWindow
        .filter((c) => c.kind === kind && (kind === "churn" || !activeAtStart.has(c.memberId)))
        .map((c) => c.memberId),
    );
  const started = members("new");
  const back = [...members("reactivation")].filter((id) => !started.has(id));
  const churned = members("churn").size;
  const denominator = activeAtStart.size + started.size + back.length;
  return {
    windowStart,
    windowEnd,
    activeAtStart: activeAtStart.size,
    newInWindow: started.size,
    reactivatedInWindow: back.length,
    churned,
    rate: denominator > 0 ? churned / denominator : null,
  };
}

export interface CohortMrrCell {
  cohortMonth: MonthKey;
  month: MonthKey;
  monthOffset: number;
  /** Cohort's MRR at the end of `month`. */
  mrrCents: number;
  payingMembers: number;
  /** mrrCents ÷ the cohort's MRR at the end of its first month (net revenue retention). */
  revenueRetention: number | null;
}

/**
 * Cohort = month of first payment (from `firstPayments`, else the first paid change).
 * Returns one cell per cohort and month from the cohort's month to `throughMonth`.
 */
export function mrrByCohort(
  changes: readonly SubscriptionChange[],
  firstPayments: readonly FirstPayment[],
  throughMonth: MonthKey,
): CohortMrrCell[] {
  const timelines = memberTimelines(changes);
  const cohortOf = new Map(firstPayments.map((f) => [f.memberId, monthKey(f.firstPaymentAt)]));
  for (const [id, t] of timelines) {
    const firstPaid = t.find((c) => c.mrrAfterCents > 0);
    if (!cohortOf.has(id) && firstPaid) cohortOf.set(id, monthKey(firstPaid.occurredAt));
  }
  const cohorts = new Map<MonthKey, string[]>();
  for (const [id, cohort] of cohortOf) {
    const list = cohorts.get(cohort);
    if (list) list.push(id);
    else cohorts.set(cohort, [id]);
  }
  const cells: CohortMrrCell[] = [];
  for (const cohortMonth of [...cohorts.keys()].sort()) {
    let base: number | null = null;
    for (const month of monthRange(cohortMonth, throughMonth)) {
      const end = monthStart(addMonths(month, 1));
      const mrrs = cohorts.get(cohortMonth)!.map((id) => mrrAt(timelines.get(id) ?? [], end));
      const mrrCents = mrrs.reduce((s, v) => s + v, 0);
      if (base === null) base = mrrCents;
      cells.push({
        cohortMonth,
        month,
        monthOffset: monthsBetween(cohortMonth, month),
        mrrCents,
        payingMembers: mrrs.filter((v) => v > 0).length,
        revenueRetention: base > 0 ? mrrCents / base : null,
      });
    }
  }
  return cells;
}
