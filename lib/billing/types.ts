// Billing's own normalised shapes: a subscription's state as we store it, and a change between two states.
// Shared by the Stripe normaliser, the event planner, reconciliation and the Open Collective transform.

/** Stripe's subscription statuses (an open string, as Stripe may add more). */
export type SubscriptionStatus =
  | "active"
  | "trialing"
  | "past_due"
  | "unpaid"
  | "canceled"
  | "incomplete"
  | "incomplete_expired"
  | "paused"
  | (string & {});

/** Statuses in which a subscription counts as a paying (or about-to-pay) customer and carries MRR. */
export const ACTIVE_LIKE_STATUSES: ReadonlySet<string> = new Set(["active", "trialing", "past_due"]);

/** Statuses that end a subscription for change tracking (a cancellation). */
export const ENDED_STATUSES: ReadonlySet<string> = new Set(["canceled", "unpaid", "incomplete_expired"]);

/** Statuses Stripe never leaves: a subscription in one of these can never become active again. */
export const TERMINAL_STATUSES: ReadonlySet<string> = new Set(["canceled", "incomplete_expired"]);

export const isActiveLike = (status: string): boolean => ACTIVE_LIKE_STATUSES.has(status);
export const isEnded = (status: string): boolean => ENDED_STATUSES.has(status);
export const isTerminal = (status: string): boolean => TERMINAL_STATUSES.has(status);

/** One subscription as stored, whatever the source. Amounts in minor units; dates are instants. */
export interface SubscriptionState {
  externalId: string;
  customerId: string;
  status: SubscriptionStatus;
  /** The primary item's plan: price lookup_key, else price id. Null when the subscription has no priced item. */
  planKey: string | null;
  planName: string | null;
  /** The primary item's unit amount (per its own interval), in cents. */
  unitAmountCents: number | null;
  currency: string;
  /** Monthly recurring revenue summed over items; 0 unless the status is active-like. */
  mrrCents: number;
  startedAt: Date;
  canceledAt: Date | null;
  endedAt: Date | null;
  cancelAtPeriodEnd: boolean;
  currentPeriodEnd: Date | null;
  /** The latest timestamp the object itself carries (created, period start, canceled/ended); orders two snapshots of one subscription. */
  updatedAt: Date;
}

export type SubscriptionChangeKind = "new" | "upgrade" | "downgrade" | "cancel" | "reactivate";

export interface SubscriptionChange {
  kind: SubscriptionChangeKind;
  fromPlanKey: string | null;
  /** Null for a cancellation. */
  toPlanKey: string | null;
  mrrBeforeCents: number;
  mrrAfterCents: number;
}

/** Ranks a plan key; undefined when the plan is unknown (comparison then falls back to MRR). */
export type PlanRank = (planKey: string) => number | undefined;
