// Turns each contributor's ordered recurring payments into subscription changes: new, plan change, cancel on a
// missed payment, reactivate when payments resume. Pure; Open Collective states payments, not subscription objects.
import { addMonths, addYears } from "date-fns";
import type { IdentityRef, SubscriptionChangeRecord } from "@/lib/ingest/types";
import type { SubscriptionChangeKind } from "@/lib/billing/types";
import type { OcInterval } from "./csv";
import { DAY_MS } from "@/lib/time";

export const OC_SOURCE = "opencollective";

export interface OcContribution {
  slug: string;
  interval: OcInterval;
  amountCents: number;
  currency: string;
  occurredAt: Date;
}

export interface OcSubscriptionChange extends SubscriptionChangeRecord {
  changeKind: SubscriptionChangeKind;
  mrrBeforeCents: number;
}

export interface OcSubscription {
  externalId: string;
  actor: IdentityRef;
  interval: OcInterval;
  status: "active" | "canceled";
  planKey: string;
  amountCents: number;
  currency: string;
  /** 0 once canceled. */
  mrrCents: number;
  startedAt: Date;
  lastPaymentAt: Date;
  canceledAt: Date | null;
  payments: number;
}

/** A payment missed by more than this many days after the last one ends the subscription. */
export const OC_MAX_GAP_DAYS: Record<OcInterval, number> = { month: 45, year: 400 };

export const ocSubscriptionId = (slug: string, interval: OcInterval): string => `oc:${slug}:${interval}`;
/** A plan is the interval and amount: Open Collective's tiers let contributors pick any amount. */
export const ocPlanKey = (interval: OcInterval, amountCents: number): string =>
  `oc:${interval}:${amountCents}`;
export const ocMonthlyCents = (interval: OcInterval, amountCents: number): number =>
  interval === "year" ? Math.round(amountCents / 12) : amountCents;
const nextExpected = (interval: OcInterval, date: Date): Date =>
  interval === "year" ? addYears(date, 1) : addMonths(date, 1);

/**
 * One subscription per (contributor, interval), externalId `oc:<slug>:<interval>`. Payments are taken in date order;
 * a gap longer than OC_MAX_GAP_DAYS cancels at last payment + one interval, and the next payment reactivates.
 * At `asOf` (the export's latest transaction) a contributor within the gap is still active. Parallel orders of the
 * same interval merge: MRR follows the latest amount paid.
 */
export function deriveOcSubscriptions(
  contributions: readonly OcContribution[],
  asOf: Date,
): { subscriptions: OcSubscription[]; changes: OcSubscriptionChange[] } {
  const groups = new Map<string, OcContribution[]>();
  for (const c of contributions) {
    const id = ocSubscriptionId(c.slug, c.interval);
    const list = groups.get(id);
    if (list) list.push(c);
    else groups.set(id, [c]);
  }
  const subscriptions: OcSubscription[] = [];
  const changes: OcSubscriptionChange[] = [];
  for (const result of deriveOcSubscriptionGroups(groups, asOf)) {
    subscriptions.push(result.subscription);
    changes.push(...result.changes);
  }
  return { subscriptions, changes };
}

/** Compares as `a.localeCompare(b)` does (same collation), without looking the locale's collator up on every call. */
const byLocale = new Intl.Collator().compare;

/**
 * deriveOcSubscriptions one subscription at a time, in the same order, for payments already grouped by subscription
 * id: an import writes the first subscriptions' changes while it derives the next (run-import.ts).
 */
export function* deriveOcSubscriptionGroups(
  groups: ReadonlyMap<string, readonly OcContribution[]>,
  asOf: Date,
): Generator<{ subscription: OcSubscription; changes: OcSubscriptionChange[] }> {
  for (const externalId of [...groups.keys()].sort(byLocale))
    yield deriveOne(
      externalId,
      [...groups.get(externalId)!].sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime()),
      asOf,
    );
}

function deriveOne(externalId: string, payments: OcContribution[], asOf: Date) {
  const { slug, interval } = payments[0];
  const actor: IdentityRef = { source: OC_SOURCE, externalId: slug };
  const maxGapMs = OC_MAX_GAP_DAYS[interval] * DAY_MS;
  const changes: OcSubscriptionChange[] = [];
  const emit = (
    changeKind: SubscriptionChangeKind,
    at: Date,
    from: string | null,
    to: string | null,
    mrrBefore: number,
    mrrAfter: number,
    currency: string,
  ) =>
    changes.push({
      kind: "subscription_change",
      source: OC_SOURCE,
      externalId: `${externalId}:${changeKind}:${at.toISOString()}`,
      actor,
      subscriptionExternalId: externalId,
      fromPlan: from,
      toPlan: to,
      occurredAt: at,
      mrrCents: mrrAfter,
      currency,
      changeKind,
      mrrBeforeCents: mrrBefore,
    });

  let current = payments[0];
  let plan = ocPlanKey(interval, current.amountCents);
  let mrr = ocMonthlyCents(interval, current.amountCents);
  emit("new", current.occurredAt, null, plan, 0, mrr, current.currency);
  for (let n = 1; n < payments.length; n++) {
    const payment = payments[n];
    const nextPlan = ocPlanKey(interval, payment.amountCents);
    const nextMrr = ocMonthlyCents(interval, payment.amountCents);
    if (payment.occurredAt.getTime() - current.occurredAt.getTime() > maxGapMs) {
      emit("cancel", nextExpected(interval, current.occurredAt), plan, null, mrr, 0, current.currency);
      emit("reactivate", payment.occurredAt, plan, nextPlan, 0, nextMrr, payment.currency);
    } else if (payment.amountCents !== current.amountCents) {
      emit(
        payment.amountCents > current.amountCents ? "upgrade" : "downgrade",
        payment.occurredAt,
        plan,
        nextPlan,
        mrr,
        nextMrr,
        payment.currency,
      );
    }
    current = payment;
    plan = nextPlan;
    mrr = nextMrr;
  }
  const lapsed = asOf.getTime() - current.occurredAt.getTime() > maxGapMs;
  const canceledAt = lapsed ? nextExpected(interval, current.occurredAt) : null;
  if (canceledAt) emit("cancel", canceledAt, plan, null, mrr, 0, current.currency);
  return {
    changes,
    subscription: {
      externalId,
      actor,
      interval,
      status: lapsed ? "canceled" : "active",
      planKey: plan,
      amountCents: current.amountCents,
      currency: current.currency,
      mrrCents: lapsed ? 0 : mrr,
      startedAt: payments[0].occurredAt,
      lastPaymentAt: current.occurredAt,
      canceledAt,
      payments: payments.length,
    } satisfies OcSubscription,
  };
}
