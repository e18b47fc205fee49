// Input schemas for the Organisations area (affiliations, merges, partner evidence, settings),
// shared by client forms, server actions and the API.
import { z } from "zod";
import { idSchema } from "./id";
import { isMonthKey } from "@/lib/analytics/months";
import { REPORT_TABLE_KEYS } from "@/lib/partners/report-tables";

const optionalDate = z.preprocess(
  (v) => (v === "" || v === null ? undefined : v),
  z.coerce.date().optional(),
);
const bool = z.preprocess((v) => v === true || v === "true" || v === "on" || v === "1", z.boolean());

export const monthSchema = z.string().refine(isMonthKey, "expected YYYY-MM");

export const reportQuerySchema = z
  .object({
    month: monthSchema.optional(),
    format: z.enum(["json", "md", "markdown", "html", "csv"]).default("json"),
    /** With format=csv: which ranked table. */
    table: z.enum(REPORT_TABLE_KEYS).optional(),
  })
  .refine((q) => q.format !== "csv" || q.table, { message: "format=csv needs table=…", path: ["table"] });

export const PARTNER_STATUSES = ["eligible", "lapsed", "not_yet"] as const;
export const partnerFilterSchema = z.enum(PARTNER_STATUSES).optional().catch(undefined);

export const organizationListQuerySchema = z.object({
  month: monthSchema.optional(),
  q: z.string().trim().max(200).optional(),
  staff: z.enum(["include", "exclude", "only"]).default("include"),
  accounts: z.enum(["paying"]).optional(),
  partner: z.enum(PARTNER_STATUSES).optional(),
  sort: z.string().max(40).optional(),
  format: z.enum(["json", "csv"]).default("json"),
});

export const updateOrganizationSchema = z.object({
  id: idSchema,
  name: z.string().trim().min(1).max(200),
  country: z.preprocess(
    (v) => (v === "" ? null : v),
    z.string().trim().toUpperCase().length(2, "two-letter country code").nullable(),
  ),
});

export const setStaffOrganizationSchema = z.object({ id: idSchema, isStaffOrg: bool });

export const saveAffiliationSchema = z
  .object({
    /** Absent: a new manual affiliation. */
    id: idSchema.optional(),
    memberId: idSchema,
    orgId: idSchema,
    startsAt: z.coerce.date(),
    endsAt: optionalDate,
  })
  .refine((a) => !a.endsAt || a.endsAt > a.startsAt, {
    message: "the end must come after the start",
    path: ["endsAt"],
  });

export const mergeOrganizationsSchema = z
  .object({ survivorId: idSchema, mergedId: idSchema })
  .refine((m) => m.survivorId !== m.mergedId, {
    message: "pick two different organisations",
    path: ["mergedId"],
  });

export const addCocFlagSchema = z.object({
  orgId: idSchema,
  occurredAt: z.coerce.date(),
  note: z.string().trim().min(1).max(2000),
});

export const recordManualPaymentSchema = z.object({
  orgId: idSchema,
  amount: z.coerce.number().positive().max(10_000_000),
  currency: z.string().trim().toLowerCase().length(3).default("usd"),
  occurredAt: z.coerce.date(),
  yearly: bool.default(false),
  note: z.string().trim().max(500).optional(),
});

export const setPppRateSchema = z.object({
  country: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{2}$/, "two-letter country code"),
  factor: z.coerce.number().positive().max(5),
});

export const updateActivityTypeSchema = z.object({
  type: z.string().trim().min(1).max(80),
  weight: z.coerce.number().min(0).max(100),
  isContribution: bool,
});

export const creditManualContributionSchema = z.object({
  memberId: idSchema,
  occurredAt: z.coerce.date(),
  note: z.string().trim().min(1).max(1000),
});

export const setPublicReportSchema = z.object({ enabled: bool });
