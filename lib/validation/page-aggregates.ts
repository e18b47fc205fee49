// The heavy page aggregates as stored in `settings` (written by lib/services/page-aggregates.ts,
// read by lib/data/page-aggregates.ts). Parsed with this schema, never cast: a value from an older
// version reads as missing and is recomputed by the worker.
import { z } from "zod";

export const PAGE_AGGREGATES_KEY = "page-aggregates:v1";

const month = z.string().regex(/^\d{4}-\d{2}$/);
const rate = z.number().nullable();

export const pageAggregatesSchema = z.object({
  fingerprint: z.string(),
  computedAt: z.string(),
  /** min(now, latest event) at compute time, ISO. */
  asOf: z.string(),
  /** 13 months ending at asOf's month: exact distinct members with any event / a contribution. */
  monthlyActivity: z.array(z.object({ month, active: z.number(), contributors: z.number() })),
  /** Same months: paying members and MRR at month end (the current month: at asOf). */
  monthlyBilling: z.array(z.object({ month, paying: z.number(), mrrCents: z.number() })),
  movements: z.array(
    z.object({
      month,
      startMrrCents: z.number(),
      newCents: z.number(),
      expansionCents: z.number(),
      contractionCents: z.number(),
      churnCents: z.number(),
      reactivationCents: z.number(),
      netNewCents: z.number(),
      endMrrCents: z.number(),
      newMembers: z.number(),
      churnedMembers: z.number(),
      reactivatedMembers: z.number(),
      grossMrrChurnRate: rate,
      netMrrChurnRate: rate,
    }),
  ),
  churn: z.object({
    windowStart: z.string(),
    windowEnd: z.string(),
    activeAtStart: z.number(),
    newInWindow: z.number(),
    reactivatedInWindow: z.number(),
    churned: z.number(),
    rate,
  }),
  retentionRows: z.array(
    z.object({
      cohortMonth: month,
      monthOffset: z.number().int(),
      active: z.number(),
      cohortSize: z.number(),
    }),
  ),
  deciles: z.array(
    z.object({
      decile: z.number().int(),
      members: z.number(),
      conversions: z.number(),
      rate,
      lower: rate,
      upper: rate,
      minScore: rate,
      maxScore: rate,
    }),
  ),
});

export type PageAggregates = z.infer<typeof pageAggregatesSchema>;
