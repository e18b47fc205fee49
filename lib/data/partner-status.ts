// Partner status for every organisation at once (the Organisations list shows and filters by it),
// by the same rules and evidence as one organisation's page (lib/partners/eligibility).
import "server-only";
import { readDb as db } from "@/lib/db/client";
import { addMonths, monthStart, type MonthKey } from "@/lib/analytics/months";
import {
  DEFAULT_PARTNER_RULES,
  evaluatePartnerEligibility,
  paymentCoverMonths,
  type PartnerEligibility,
  type PartnerStatus,
} from "@/lib/partners";
import { orgFinancialContributions, pppRateTable, type OrgFinancialContribution } from "./org-credit";
import { orgMonthlyCounts } from "./org-credit-days";

/** How far back payments are read: a yearly payment funds 12 months, and "lapsed" looks back 12 more. */
export const ELIGIBILITY_HISTORY_MONTHS = 36;

/** The evidence one organisation's eligibility is judged on, read by the caller. */
export interface PartnerEvidence {
  contributionsByMonth: Record<MonthKey, number>;
  payments: Pick<OrgFinancialContribution, "occurredAt" | "amountCents" | "kind">[];
  cocFlags: { occurredAt: Date }[];
  country: string | null;
}

export function judgePartner(
  month: MonthKey,
  evidence: PartnerEvidence,
  rates: Record<string, number>,
): PartnerEligibility {
  return evaluatePartnerEligibility({
    reportMonth: month,
    contributionsByMonth: evidence.contributionsByMonth,
    payments: evidence.payments.map((p) => ({
      month: p.occurredAt.toISOString().slice(0, 7),
      amountCents: p.amountCents,
      coverMonths: paymentCoverMonths(p.kind),
    })),
    cocFlags: evidence.cocFlags,
    country: evidence.country,
    pppRates: rates,
  });
}

/**
 * Eligible and lapsed organisations for `month` (every other one is "not yet"). The minimum is
 * always above zero (a positive purchasing-power factor times the base), so an organisation with no
 * sponsorship payment in the window can be neither: only those with one are judged, and only their
 * members' events are read.
 */
export async function partnerStatuses(
  month: MonthKey,
  /** storedCreditsCoverTo(), when the caller has read it already. */
  coverTo?: Date | null,
): Promise<Map<number, PartnerStatus>> {
  const payments = await orgFinancialContributions(
    null,
    monthStart(addMonths(month, -ELIGIBILITY_HISTORY_MONTHS)),
    monthStart(addMonths(month, 1)),
  );
  const funded = [...new Set(payments.map((p) => p.orgId))];
  const statuses = new Map<number, PartnerStatus>();
  if (funded.length === 0) return statuses;
  // The consistency rule needs a run of months ending at the month judged; "lapsed" judges as far
  // back as the lapsed look-back, so the counts start that many runs earlier.
  const { minConsecutiveMonths, lapsedLookbackMonths } = DEFAULT_PARTNER_RULES;
  const [counts, cocFlags, orgs, rates] = await Promise.all([
    orgMonthlyCounts(
      addMonths(month, -(lapsedLookbackMonths + minConsecutiveMonths)),
      month,
      funded,
      coverTo,
    ),
    db.cocFlag.findMany({ where: { orgId: { in: funded } }, select: { orgId: true, occurredAt: true } }),
    db.organization.findMany({ where: { id: { in: funded } }, select: { id: true, country: true } }),
    pppRateTable(),
  ]);
  const countsByOrg = groupByOrg(counts);
  const paymentsByOrg = groupByOrg(payments);
  const flagsByOrg = groupByOrg(cocFlags);
  for (const org of orgs) {
    const contributionsByMonth: Record<MonthKey, number> = {};
    for (const c of countsByOrg.get(org.id) ?? []) contributionsByMonth[c.month] = c.contributions;
    const evidence = {
      contributionsByMonth,
      payments: paymentsByOrg.get(org.id) ?? [],
      cocFlags: flagsByOrg.get(org.id) ?? [],
      country: org.country,
    };
    const { status } = judgePartner(month, evidence, rates);
    if (status !== "not_yet") statuses.set(org.id, status);
  }
  return statuses;
}

function groupByOrg<T extends { orgId: number }>(rows: T[]): Map<number, T[]> {
  const byOrg = new Map<number, T[]>();
  for (const row of rows) {
    const list = byOrg.get(row.orgId);
    if (list) list.push(row);
    else byOrg.set(row.orgId, [row]);
  }
  return byOrg;
}
