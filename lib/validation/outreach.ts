// Input schemas for the ranked lists (candidates, at-risk) and the outreach tracker, shared by
// the pages (URL params), the server actions, the /api/v1 handlers and the client forms.
import { z } from "zod";
import { idSchema } from "./id";

import { RANKING_KINDS, type RankingKind } from "@/lib/scoring/types";

export { RANKING_KINDS, type RankingKind };

export const OUTREACH_STATUSES = [
  "todo",
  "contacted",
  "replied",
  "upgraded",
  "renewed",
  "declined",
  "no_response",
] as const;
export type OutreachStatusValue = (typeof OUTREACH_STATUSES)[number];
export const OUTREACH_STATUS_LABELS: Record<OutreachStatusValue, string> = {
  todo: "To do",
  contacted: "Contacted",
  replied: "Replied",
  upgraded: "Upgraded",
  renewed: "Renewed",
  declined: "Declined",
  no_response: "No response",
};

export const OUTREACH_LISTS = ["candidates", "at-risk", "member", "campaign"] as const;
export const OUTREACH_KINDS = ["upgrade", "renewal", "reactivation"] as const;
export const OUTREACH_LIST_LABELS: Record<string, string> = {
  candidates: "Upgrade candidates",
  "at-risk": "At-risk members",
  member: "Member page",
  campaign: "Campaign",
};
export const OUTREACH_KIND_LABELS: Record<string, string> = {
  upgrade: "Upgrade ask",
  renewal: "Renewal check-in",
  reactivation: "Win-back",
};
export const OUTREACH_CHANNELS = ["email", "slack_dm", "call", "meeting", "other"] as const;

/** Lists a contact can be logged on: the ranked lists and the member page. */
export const CONTACT_LISTS = ["candidates", "at-risk", "member"] as const;
export type ContactList = (typeof CONTACT_LISTS)[number];

/**
 * The outreach kind a list implies: upgrade asks for candidates, renewal check-ins for at-risk
 * payers; from the member page, a renewal for a paying member and an upgrade ask otherwise.
 */
export function outreachKindForList(list: ContactList, paying = false): "upgrade" | "renewal" {
  if (list === "member") return paying ? "renewal" : "upgrade";
  return list === "candidates" ? "upgrade" : "renewal";
}

/** Weeks after contact in which a plan change counts as the outreach's outcome (and confirms a claim). */
export const OUTCOME_HORIZON_WEEKS = 8;

/** Statuses of an open record: at most one per member and list (a partial unique index holds it). */
export const OPEN_OUTREACH_STATUSES = ["todo", "contacted", "replied"] as const;

export const OUTREACH_CHANNEL_LABELS: Record<(typeof OUTREACH_CHANNELS)[number], string> = {
  email: "Email",
  slack_dm: "Slack DM",
  call: "Call",
  meeting: "Meeting",
  other: "Other",
};

/** Bulk "Mark contacted": the same channel, date and note for every selected member. */
export const markContactedBulkSchema = z.object({
  memberIds: z.array(idSchema).min(1).max(500),
  list: z.enum(CONTACT_LISTS),
  channel: z.enum(OUTREACH_CHANNELS),
  contactedAt: z.coerce.date(),
  note: z.string().trim().max(2000).optional(),
});
export type MarkContactedBulkInput = z.infer<typeof markContactedBulkSchema>;

/** Contacting someone again within this many days asks for a confirmation first. */
export const RECENT_CONTACT_DAYS = 30;

const optionalText = (max: number) =>
  z.preprocess(
    (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
    z.string().trim().max(max).optional(),
  );
const optionalInt = z.preprocess(
  (v) => (v === "" || v === null ? undefined : v),
  z.coerce.number().int().nonnegative().optional(),
);
const optionalPercent = z.preprocess(
  (v) => (v === "" || v === null ? undefined : v),
  z.coerce.number().min(0).max(100).optional(),
);

// ---------- ranked lists ----------

export const RANKED_SORTS = ["rank", "score", "name", "lastContacted", "rankChange"] as const;
export type RankedSort = (typeof RANKED_SORTS)[number];

/** URL filters of /candidates and /at-risk (and their CSV export). Scores are in percent (0–100). */
export const rankedListFiltersSchema = z.object({
  q: optionalText(120),
  tier: optionalInt,
  org: optionalInt,
  source: optionalText(40),
  tag: optionalText(60),
  /** An outreach status, or "none" for members never put in outreach. */
  status: z.preprocess((v) => (v === "" ? undefined : v), z.enum([...OUTREACH_STATUSES, "none"]).optional()),
  scoreMin: optionalPercent,
  scoreMax: optionalPercent,
  /** Members whose outreach is still open are hidden unless "show". */
  outreach: z.preprocess((v) => (v === "" ? undefined : v), z.enum(["show"]).optional()),
  /** Candidates only: "winback" (paid before) or "first" (never paid). */
  segment: z.preprocess((v) => (v === "" ? undefined : v), z.enum(["first", "winback"]).optional()),
});
export type RankedListFilters = z.infer<typeof rankedListFiltersSchema>;
export const RANKED_FILTER_PARAMS = [
  "q",
  "tier",
  "org",
  "source",
  "tag",
  "status",
  "scoreMin",
  "scoreMax",
  "outreach",
  "segment",
] as const;

/** Lenient parse for page URLs: an invalid param is dropped rather than failing the page. */
export function parseRankedListFilters(
  params: Record<string, string | string[] | undefined>,
): RankedListFilters {
  const out: Record<string, unknown> = {};
  for (const key of RANKED_FILTER_PARAMS) {
    const raw = params[key];
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (value === undefined) continue;
    const one = rankedListFiltersSchema.shape[key].safeParse(value);
    if (one.success && one.data !== undefined) out[key] = one.data;
  }
  return out as RankedListFilters;
}

// ---------- outreach writes ----------

export const markOutreachDoneSchema = z.object({
  memberId: idSchema,
  /** The ranked lists, or "member" when logged from the member page. */
  list: z.enum(CONTACT_LISTS),
  /** True once the admin has seen and accepted the "contacted in the last 30 days" warning. */
  confirmRecent: z.boolean().default(false),
  channel: z.enum(OUTREACH_CHANNELS).optional(),
  /** When the contact happened (defaults to now); never in the future. */
  contactedAt: z.coerce.date().optional(),
  note: z.string().trim().max(2000).optional(),
});
export type MarkOutreachDoneInput = z.infer<typeof markOutreachDoneSchema>;

export const addToOutreachSchema = z.object({
  memberIds: z.array(idSchema).min(1).max(500),
  list: z.enum(RANKING_KINDS),
  assigneeId: idSchema.optional(),
  dueAt: z.coerce.date().optional(),
});
export type AddToOutreachInput = z.infer<typeof addToOutreachSchema>;

/** Editable fields of one outreach record; `version` is the one the editor read (optimistic locking). */
export const updateOutreachSchema = z.object({
  id: idSchema,
  version: z.coerce.number().int().positive(),
  status: z.enum(OUTREACH_STATUSES).optional(),
  assigneeId: idSchema.nullable().optional(),
  dueAt: z.coerce.date().nullable().optional(),
  channel: z.enum(OUTREACH_CHANNELS).nullable().optional(),
  note: z.string().trim().max(2000).nullable().optional(),
  outcome: z.string().trim().max(500).nullable().optional(),
});
export type UpdateOutreachInput = z.infer<typeof updateOutreachSchema>;
/** The PATCH body: the same fields without the id (it comes from the path). */
export const patchOutreachBodySchema = updateOutreachSchema.omit({ id: true });

// ---------- outreach tracker ----------

export const OUTREACH_SORTS = ["created", "updated", "due", "contacted", "member", "status"] as const;

export const outreachFiltersSchema = z.object({
  q: optionalText(120),
  status: z.preprocess((v) => (v === "" ? undefined : v), z.enum(OUTREACH_STATUSES).optional()),
  /** An admin user id, or "none" for unassigned. */
  assignee: z.preprocess(
    (v) => (v === "" ? undefined : v),
    z.union([z.literal("none"), idSchema]).optional(),
  ),
  list: z.preprocess((v) => (v === "" ? undefined : v), z.enum(OUTREACH_LISTS).optional()),
  kind: z.preprocess((v) => (v === "" ? undefined : v), z.enum(OUTREACH_KINDS).optional()),
});
export type OutreachFilters = z.infer<typeof outreachFiltersSchema>;
export const OUTREACH_FILTER_PARAMS = ["q", "status", "assignee", "list", "kind"] as const;

export function parseOutreachFilters(params: Record<string, string | string[] | undefined>): OutreachFilters {
  const out: Record<string, unknown> = {};
  for (const key of OUTREACH_FILTER_PARAMS) {
    const raw = params[key];
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (value === undefined) continue;
    const one = outreachFiltersSchema.shape[key].safeParse(value);
    if (one.success && one.data !== undefined) out[key] = one.data;
  }
  return out as OutreachFilters;
}

/** GET /api/v1/outreach query: filters plus paging. */
export const outreachApiQuerySchema = outreachFiltersSchema.extend({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(100),
});
