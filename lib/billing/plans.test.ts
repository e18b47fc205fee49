import { describe, expect, it } from "vitest";
import { createPlanRanker, plansFromStripePrices, toMonthlyAmount } from "./plans";
import { stripeFixture } from "./__fixtures__/stripe-fixtures";
import type Stripe from "stripe";

describe("toMonthlyAmount", () => {
  it.each([
    [1200, "month", 1, 1200],
    [1200, "month", 3, 400],
    [12000, "year", 1, 1000],
    [24000, "year", 2, 1000],
    [1000, "week", 1, (1000 * 52) / 12],
    [100, "day", 1, (100 * 365) / 12],
    [100, "fortnight", 1, 0],
    [100, "month", 0, 0],
  ])("%i per %s×%i → %f", (amount, interval, count, expected) => {
    expect(toMonthlyAmount(amount, interval, count)).toBeCloseTo(expected, 6);
  });
});

describe("createPlanRanker", () => {
  const rank = createPlanRanker([
    { key: "free", monthlyAmountCents: 0 },
    { key: "starter", monthlyAmountCents: 900 },
    { key: "starter-annual", monthlyAmountCents: 750 },
    { key: "pro", monthlyAmountCents: 2900 },
    { key: "pro-legacy", monthlyAmountCents: 2900 },
    { key: "enterprise", tierRank: 10, monthlyAmountCents: 500 },
    { key: "sponsor", free: true, monthlyAmountCents: 5000 },
  ]);
  it.each([
    ["free", 0],
    ["sponsor", 0],
    ["starter-annual", 1],
    ["starter", 2],
    ["pro", 3],
    ["pro-legacy", 3],
    ["enterprise", 10],
    ["unknown", undefined],
  ])("%s ranks %s", (key, expected) => expect(rank(key)).toBe(expected));
});

describe("plansFromStripePrices", () => {
  it("keys by lookup_key, normalises the amount, reads metadata.tier_rank", () => {
    const monthly = stripeFixture<Stripe.Price>("price", {
      lookup_key: "pro_monthly",
      metadata: { tier_rank: "3" },
    });
    const yearly = stripeFixture<Stripe.Price>("price", {
      id: "price_y",
      lookup_key: null,
      unit_amount: 24000,
      recurring: {
        interval: "year",
        interval_count: 1,
        usage_type: "licensed",
        meter: null,
        trial_period_days: null,
      },
    });
    const oneOff = stripeFixture<Stripe.Price>("price", { id: "price_once", recurring: null });
    expect(plansFromStripePrices([monthly, yearly, oneOff])).toEqual([
      { key: "pro_monthly", name: null, tierRank: 3, monthlyAmountCents: monthly.unit_amount },
      { key: "price_y", name: null, tierRank: null, monthlyAmountCents: 2000 },
    ]);
  });
});
