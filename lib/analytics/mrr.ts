// MRR movements per calendar month (UTC) from subscription change rows: new, expansion,
// contraction, churn and reactivation, with gross and net MRR churn rates. Money in cents.

import { addMonths, monthKey, monthRange, monthStart, type MonthKey } from "./months";

export interface SubscriptionChange {
  memberId: string;
  occurredAt: Date;
  mrrBeforeCents: number;
  mrrAfterCents: number;
}

export interface FirstPayment {
  memberId: string;
  firstPaymentAt: Date;
}

export type MovementKind = "new" | "expansion" | "contraction" | "churn" | "reactivation";

export interface ClassifiedChange extends SubscriptionChange {
  kind: MovementKind;
  /** mrrAfterCents − mrrBeforeCents. */
  deltaCents: number;
}

/** Each member's changes, oldest first (ties keep input order). Throws on malformed rows. */
export function memberTimelines(changes: readonly SubscriptionChange[]): Map<string, SubscriptionChange[]> {
  const byMember = new Map<string, SubscriptionChange[]>();
  for (const c of changes) {
    const cents = [c.mrrBeforeCents, c.mrrAfterCents];
    if (!cents.every((v) => Number.isInteger(v) && v >= 0) || Number.isNaN(c.occurredAt.getTime())) {
      throw new RangeError(`Invalid subscription change for ${c.memberId}`);
    }
    const list = byMember.get(c.memberId);
    if (list) list.push(c);
    else byMember.set(c.memberId, [c]);
  }
  for (const list of byMember.values()) list.sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
  return byMember;
}

/**
 * A member's MRR at instant `at`: the last change before it (or at it, when `inclusive`),
 * else the first change's starting MRR, since they may have been paying before our data.
 */
export function mrrAt(timeline: readonly SubscriptionChange[], at: Date, inclusive = false): number {
  const t = at.getTime();
  let mrr = timeline.length > 0 ? timeline[0].mrrBeforeCents : 0;
  for (const c of timeline) {
    const ct = c.occurredAt.getTime();
    if (ct > t || (ct === t && !inclusive)) break;
    mrr = c.mrrAfterCents;
  }
  return mrr;
}

/**
 * Labels each change. Starting to pay is "new" the first time and "reactivation" when the
 * member paid before: an earlier positive row, or a first payment in an earlier month.
 * Rows that do not change MRR are dropped.
 */
export function classifyChanges(
  changes: readonly SubscriptionChange[],
  firstPayments: readonly FirstPayment[] = [],
): ClassifiedChange[] {
  const firstMonth = new Map(firstPayments.map((f) => [f.memberId, monthKey(f.firstPaymentAt)]));
  const out: ClassifiedChange[] = [];
  for (const [memberId, timeline] of memberTimelines(changes)) {
    let paidBefore = timeline[0].mrrBeforeCents > 0;
    for (const c of timeline) {
      const deltaCents = c.mrrAfterCents - c.mrrBeforeCents;
      if (deltaCents !== 0) {
        let kind: MovementKind;
        if (c.mrrBeforeCents === 0) {
          const first = firstMonth.get(memberId);
          kind =
            paidBefore || (first !== undefined && first < monthKey(c.occurredAt)) ? "reactivation" : "new";
        } else if (c.mrrAfterCents === 0) kind = "churn";
        else kind = deltaCents > 0 ? "expansion" : "contraction";
        out.push({ ...c, kind, deltaCents });
      }
      if (c.mrrAfterCents > 0) paidBefore = true;
    }
  }
  return out.sort(
    (a, b) => a.occurredAt.getTime() - b.occurredAt.getTime() || a.memberId.localeCompare(b.memberId),
  );
}

export interface MonthlyMrrMovement {
  month: MonthKey;
  startMrrCents: number;
  newCents: number;
  expansionCents: number;
  /** Positive amounts lost to downgrades. */
  contractionCents: number;
  /** Positive amounts lost to cancellations. */
  churnCents: number;
  reactivationCents: number;
  /** new + expansion + reactivation − contraction − churn. */
  netNewCents: number;
  endMrrCents: number;
  newMembers: number;
  churnedMembers: number;
  reactivatedMembers: number;
  /** (churn + contraction) ÷ start MRR; null when start MRR is 0. */
  grossMrrChurnRate: number | null;
  /** (churn + contraction − expansion − reactivation) ÷ start MRR; negative = net expansion. */
  netMrrChurnRate: number | null;
}

export interface MonthRangeOptions {
  from?: MonthKey;
  to?: MonthKey;
}

/**
 * One row per month from the first to the last change (or the given range), gaps included.
 * Start and end MRR are read from member states, so start + net new = end whenever each
 * row's "before" matches the previous row's "after".
 */
export function computeMrrMovements(
  changes: readonly SubscriptionChange[],
  firstPayments: readonly FirstPayment[] = [],
  range: MonthRangeOptions = {},
): MonthlyMrrMovement[] {
  if (changes.length === 0 && (!range.from || !range.to)) return [];
  const times = changes.map((c) => c.occurredAt.getTime());
  const from = range.from ?? monthKey(new Date(times.reduce((a, b) => Math.min(a, b), Infinity)));
  const to = range.to ?? monthKey(new Date(times.reduce((a, b) => Math.max(a, b), -Infinity)));
  const timelines = [...memberTimelines(changes).values()];
  const classified = classifyChanges(changes, firstPayments);
  return monthRange(from, to).map((month) => {
    const start = monthStart(month);
    const end = monthStart(addMonths(month, 1));
    const inMonth = classified.filter((c) => c.occurredAt >= start && c.occurredAt < end);
    const sum = (kind: MovementKind) =>
      inMonth.filter((c) => c.kind === kind).reduce((s, c) => s + Math.abs(c.deltaCents), 0);
    const members = (kind: MovementKind) =>
      new Set(inMonth.filter((c) => c.kind === kind).map((c) => c.memberId)).size;
    const startMrrCents = timelines.reduce((s, t) => s + mrrAt(t, start), 0);
    const m = {
      new: sum("new"),
      expansion: sum("expansion"),
      contraction: sum("contraction"),
      churn: sum("churn"),
      reactivation: sum("reactivation"),
    };
    const ratio = (cents: number) => (startMrrCents > 0 ? cents / startMrrCents : null);
    return {
      month,
      startMrrCents,
      newCents: m.new,
      expansionCents: m.expansion,
      contractionCents: m.contraction,
      churnCents: m.churn,
      reactivationCents: m.reactivation,
      netNewCents: m.new + m.expansion + m.reactivation - m.contraction - m.churn,
      endMrrCents: timelines.reduce((s, t) => s + mrrAt(t, end), 0),
      newMembers: members("new"),
      churnedMembers: members("churn"),
      reactivatedMembers: members("reactivation"),
      grossMrrChurnRate: ratio(m.churn + m.contraction),
      netMrrChurnRate: ratio(m.churn + m.contraction - m.expansion - m.reactivation),
    };
  });
}
