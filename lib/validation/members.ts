// Input schemas for the member directory, the member page and their writes (notes, tags),
// shared by pages, server actions and the /api/v1/members handlers.
import { z } from "zod";
import { idSchema } from "./id";

const optionalText = (max: number) =>
  z
    .preprocess((v) => (Array.isArray(v) ? v[0] : v), z.string().trim().max(max).optional().catch(undefined))
    .transform((v) => (v ? v : undefined));

export const MEMBER_SORTS = ["name", "joined", "lastActive", "mrr", "tier"] as const;
export type MemberSort = (typeof MEMBER_SORTS)[number];

/** Monthly KPIs a member list can be narrowed to (with ?month=YYYY-MM); the last two are the monthly report's newcomers. */
export const MEMBER_KPI_FILTERS = [
  "active",
  "contributors",
  "upgrades",
  "downgrades",
  "joined",
  "first_contribution",
] as const;
export type MemberKpiFilter = (typeof MEMBER_KPI_FILTERS)[number];

/** Directory filters as they appear in the URL (and the API's query string). Bad values are dropped, not fatal. */
export const memberFiltersSchema = z.object({
  q: optionalText(120),
  tier: z.preprocess(
    (v) => (v === "" ? undefined : v),
    z.coerce.number().int().min(0).max(20).optional().catch(undefined),
  ),
  source: optionalText(40),
  tag: optionalText(60),
  org: optionalText(120),
  /** Drill-downs from the Overview KPIs: who is behind a number. */
  paying: z.preprocess((v) => (Array.isArray(v) ? v[0] : v), z.literal("1").optional().catch(undefined)),
  /** Bots are left out unless asked for, as on the Overview (an old `humans=1` link is simply the default). */
  bots: z.preprocess((v) => (Array.isArray(v) ? v[0] : v), z.literal("include").optional().catch(undefined)),
  kpi: z.preprocess(
    (v) => (Array.isArray(v) ? v[0] : v),
    z.enum(MEMBER_KPI_FILTERS).optional().catch(undefined),
  ),
  month: z.preprocess(
    (v) => (Array.isArray(v) ? v[0] : v),
    z
      .string()
      .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
      .optional()
      .catch(undefined),
  ),
});
export type MemberFilters = {
  q?: string;
  tier?: number;
  source?: string;
  tag?: string;
  org?: string;
  paying?: "1";
  bots?: "include";
  kpi?: MemberKpiFilter;
  month?: string;
};

export const TIMELINE_RANGES = ["12w", "26w", "52w", "all"] as const;
export type TimelineRange = (typeof TIMELINE_RANGES)[number];
export const timelineRangeSchema = z.enum(TIMELINE_RANGES).catch("26w");

/** Opaque cursor for the event feed: "<occurred_at ISO>|<event id>". */
export const eventCursorSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T[\d:.]+Z\|\d+$/)
  .transform((s) => {
    const [at, id] = s.split("|");
    return { occurredAt: new Date(at), id: BigInt(id) };
  });

export const memberEventsQuerySchema = z.object({
  memberId: idSchema,
  cursor: z.string().max(60).optional(),
});

export const addMemberNoteSchema = z.object({
  memberId: idSchema,
  body: z.string().trim().min(1, "write something").max(5000),
});

const tagSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(1)
  .max(40)
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} _.:/-]*$/u, "letters, digits, space, _ . : / -");

export const setMemberTagsSchema = z.object({
  memberId: idSchema,
  tags: z
    .array(tagSchema)
    .max(30)
    .transform((tags) => [...new Set(tags)].sort()),
});

/** PATCH /api/v1/members/:id and the member page's consent switches. */
export const memberConsentSchema = z
  .object({ public_opt_out: z.boolean().optional(), do_not_contact: z.boolean().optional() })
  .strict()
  .refine(
    (v) => v.public_opt_out !== undefined || v.do_not_contact !== undefined,
    "send public_opt_out and/or do_not_contact",
  );
export const memberConsentActionSchema = z.object({
  memberId: idSchema,
  publicOptOut: z.boolean(),
});

export const setDoNotContactSchema = z.object({
  memberId: idSchema,
  doNotContact: z.boolean(),
});

/** The member picker's server search (name, email or handle), as typed: at least two characters. */
export const memberPickerQuerySchema = z.object({ q: z.string().trim().min(2).max(120) });
export type MemberPickerOption = { id: number; name: string; email: string | null };
