// Plan ranking: which of two plans is the higher tier, so a plan change can be called an upgrade or a downgrade.
// A configured tier rank wins; otherwise the rank is inferred from the monthly amount among the known plans.
import type Stripe from "stripe";
import type { PlanRank } from "./types";

export interface PlanConfig {
  key: string;
  name?: string | null;
  /** Explicit tier rank (higher = better); overrides the amount-based inference. */
  tierRank?: number | null;
  /** Monthly price in cents, already normalised from the plan's billing interval. */
  monthlyAmountCents?: number | null;
  /** A free plan ranks 0 whatever its amount says. */
  free?: boolean;
}

export type BillingInterval = "day" | "week" | "month" | "year";

/** Months per one billing interval; weeks and days use the average month (52/12 weeks, 365/12 days). */
const MONTHS_PER_INTERVAL: Record<BillingInterval, number> = {
  day: 12 / 365,
  week: 12 / 52,
  month: 1,
  year: 12,
};

/** An amount billed every `count` × `interval`, expressed per month (unrounded, so sums round once). */
export function toMonthlyAmount(amountCents: number, interval: BillingInterval | string, count = 1): number {
  const months = MONTHS_PER_INTERVAL[interval as BillingInterval];
  if (months === undefined || !(count > 0)) return 0;
  return amountCents / (months * count);
}

/**
 * Builds a ranker over the known plans. Free plans (flag or amount 0) rank 0; a plan with a tier rank uses it;
 * the others get the dense rank of their monthly amount among the other paid plans (cheapest = 1).
 * Unknown keys rank undefined, which makes `deriveSubscriptionChange` compare MRR instead.
 */
export function createPlanRanker(plans: readonly PlanConfig[]): PlanRank {
  const paidAmounts = [
    ...new Set(
      plans
        .filter(
          (p) => p.tierRank == null && !p.free && p.monthlyAmountCents != null && p.monthlyAmountCents > 0,
        )
        .map((p) => p.monthlyAmountCents as number),
    ),
  ].sort((a, b) => a - b);
  const ranks = new Map<string, number>();
  for (const plan of plans) {
    if (plan.tierRank != null) ranks.set(plan.key, plan.tierRank);
    else if (plan.free || plan.monthlyAmountCents === 0) ranks.set(plan.key, 0);
    else if (plan.monthlyAmountCents != null)
      ranks.set(plan.key, paidAmounts.indexOf(plan.monthlyAmountCents) + 1);
  }
  return (planKey) => ranks.get(planKey);
}

/** The price's product when it was expanded (and not deleted), else null. */
export function expandedProduct(price: Stripe.Price): Stripe.Product | null {
  return typeof price.product === "object" &&
    price.product &&
    !("deleted" in price.product && price.product.deleted)
    ? (price.product as Stripe.Product)
    : null;
}

/** The price's unit amount in cents (`unit_amount`, else its decimal string), or null (tiered, custom). */
export const priceUnitAmount = (price: Stripe.Price): number | null =>
  price.unit_amount ?? (price.unit_amount_decimal != null ? Number(price.unit_amount_decimal) : null);

/**
 * Plan configuration from Stripe prices: key = lookup_key ?? id; tier rank from `metadata.tier_rank`
 * (on the price, else on an expanded product) when it is an integer.
 */
export function plansFromStripePrices(prices: readonly Stripe.Price[]): PlanConfig[] {
  return prices
    .filter((price) => price.recurring != null)
    .map((price) => {
      const product = expandedProduct(price);
      const rawRank = price.metadata?.tier_rank ?? product?.metadata?.tier_rank;
      const tierRank = rawRank != null && /^-?\d+$/.test(rawRank) ? Number(rawRank) : null;
      const amount = priceUnitAmount(price);
      const recurring = price.recurring!;
      return {
        key: price.lookup_key ?? price.id,
        name: price.nickname ?? product?.name ?? null,
        tierRank,
        monthlyAmountCents:
          amount == null
            ? null
            : Math.round(toMonthlyAmount(amount, recurring.interval, recurring.interval_count)),
      };
    });
}
