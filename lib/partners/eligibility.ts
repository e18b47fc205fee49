// Partner eligibility (modelled on Mautic's partner programme): consistent contributions for at
// least 3 months, a monthly sponsorship at or above a purchasing-power-adjusted minimum, and no
// code-of-conduct breach in the last 12 months. "Lapsed" = eligible in one of the prior 12 months.
import { addMonths, monthIndex, monthKey, type MonthKey } from "@/lib/analytics/months";
import { formatMonth } from "@/lib/format/numbers";
import { adjustedMonthlyMinimumCents, BASE_MONTHLY_MINIMUM_CENTS } from "./ppp";

export interface PartnerRules {
  minConsecutiveMonths: number;
  /** The sponsorship rule compares the mean funded amount over this many months with the minimum. */
  fundingWindowMonths: number;
  cocLookbackMonths: number;
  lapsedLookbackMonths: number;
  baseMonthlyMinimumCents: number;
}

export const DEFAULT_PARTNER_RULES: PartnerRules = {
  minConsecutiveMonths: 3,
  fundingWindowMonths: 3,
  cocLookbackMonths: 12,
  lapsedLookbackMonths: 12,
  baseMonthlyMinimumCents: BASE_MONTHLY_MINIMUM_CENTS,
};

export interface FinancialContribution {
  month: MonthKey;
  amountCents: number;
  /** How many months the payment pays for, from its own month: 12 for a yearly payment. */
  coverMonths: number;
}

export interface PartnerEvidenceInput {
  reportMonth: MonthKey;
  /** Credited contribution counts per month (missing months are zero). */
  contributionsByMonth: Record<MonthKey, number>;
  payments: FinancialContribution[];
  cocFlags: { occurredAt: Date }[];
  country: string | null;
  pppRates: Record<string, number>;
}

export type PartnerStatus = "eligible" | "not_yet" | "lapsed";

export interface RuleResult {
  rule: "consistency" | "funding" | "conduct";
  passed: boolean;
  detail: string;
}

export interface PartnerEligibility {
  status: PartnerStatus;
  month: MonthKey;
  consecutiveMonths: number;
  monthlyMinimumCents: number;
  meanFundedCents: number;
  cocFlagsInWindow: number;
  /** The latest earlier month the organisation was eligible in (for "lapsed"). */
  lastEligibleMonth: MonthKey | null;
  rules: RuleResult[];
}

/** 12 for yearly/annual payments, else 1. */
export function paymentCoverMonths(kind: string | null | undefined): number {
  return kind && /year|annual/i.test(kind) ? 12 : 1;
}

/** Months with contributions in an unbroken run ending at `month` (0 when `month` itself has none). */
export function consecutiveContributionMonths(byMonth: Record<MonthKey, number>, month: MonthKey): number {
  let run = 0;
  while ((byMonth[addMonths(month, -run)] ?? 0) > 0) run++;
  return run;
}

/** The amount a month is funded by, spreading multi-month payments evenly. */
export function fundedCentsInMonth(payments: FinancialContribution[], month: MonthKey): number {
  const m = monthIndex(month);
  let total = 0;
  for (const p of payments) {
    const start = monthIndex(p.month);
    const cover = Math.max(1, p.coverMonths);
    if (m >= start && m < start + cover) total += p.amountCents / cover;
  }
  return total;
}

function evaluateAt(input: PartnerEvidenceInput, month: MonthKey, rules: PartnerRules) {
  const consecutiveMonths = consecutiveContributionMonths(input.contributionsByMonth, month);
  const monthlyMinimumCents = adjustedMonthlyMinimumCents(
    input.country,
    input.pppRates,
    rules.baseMonthlyMinimumCents,
  );
  let funded = 0;
  for (let i = 0; i < rules.fundingWindowMonths; i++)
    funded += fundedCentsInMonth(input.payments, addMonths(month, -i));
  const meanFundedCents = Math.round(funded / rules.fundingWindowMonths);
  const first = monthIndex(month) - rules.cocLookbackMonths + 1;
  const cocFlagsInWindow = input.cocFlags.filter((f) => {
    const i = monthIndex(monthKey(new Date(f.occurredAt)));
    return i >= first && i <= monthIndex(month);
  }).length;
  const passed = {
    consistency: consecutiveMonths >= rules.minConsecutiveMonths,
    funding: meanFundedCents >= monthlyMinimumCents,
    conduct: cocFlagsInWindow === 0,
  };
  return {
    consecutiveMonths,
    monthlyMinimumCents,
    meanFundedCents,
    cocFlagsInWindow,
    passed,
    eligible: passed.consistency && passed.funding && passed.conduct,
  };
}

const dollars = (cents: number) => `$${(cents / 100).toFixed(cents % 100 === 0 ? 0 : 2)}`;

export function evaluatePartnerEligibility(
  input: PartnerEvidenceInput,
  rules: PartnerRules = DEFAULT_PARTNER_RULES,
): PartnerEligibility {
  const now = evaluateAt(input, input.reportMonth, rules);
  let lastEligibleMonth: MonthKey | null = null;
  if (!now.eligible) {
    for (let back = 1; back <= rules.lapsedLookbackMonths; back++) {
      const m = addMonths(input.reportMonth, -back);
      if (evaluateAt(input, m, rules).eligible) {
        lastEligibleMonth = m;
        break;
      }
    }
  }
  const status: PartnerStatus = now.eligible ? "eligible" : lastEligibleMonth ? "lapsed" : "not_yet";
  const rulesOut: RuleResult[] = [
    {
      rule: "consistency",
      passed: now.passed.consistency,
      detail: `${now.consecutiveMonths} consecutive month${now.consecutiveMonths === 1 ? "" : "s"} with contributions up to ${formatMonth(input.reportMonth)} (needs ${rules.minConsecutiveMonths})`,
    },
    {
      rule: "funding",
      passed: now.passed.funding,
      detail: `${dollars(now.meanFundedCents)}/month on average over ${rules.fundingWindowMonths} months against a minimum of ${dollars(now.monthlyMinimumCents)}/month${input.country ? ` (${input.country.toUpperCase()})` : ""}`,
    },
    {
      rule: "conduct",
      passed: now.passed.conduct,
      detail:
        now.cocFlagsInWindow === 0
          ? `no code-of-conduct flags in ${rules.cocLookbackMonths} months`
          : `${now.cocFlagsInWindow} code-of-conduct flag(s) in the last ${rules.cocLookbackMonths} months`,
    },
  ];
  return {
    status,
    month: input.reportMonth,
    consecutiveMonths: now.consecutiveMonths,
    monthlyMinimumCents: now.monthlyMinimumCents,
    meanFundedCents: now.meanFundedCents,
    cocFlagsInWindow: now.cocFlagsInWindow,
    lastEligibleMonth,
    rules: rulesOut,
  };
}
