// Schemas for merging members into one person and undoing it.
import { z } from "zod";
import { idSchema } from "./id";

export const mergeMembersSchema = z
  .object({
    survivorId: idSchema,
    mergedId: idSchema,
    reason: z.string().trim().min(1).max(500),
  })
  .refine((v) => v.survivorId !== v.mergedId, { message: "Pick two different members", path: ["mergedId"] });

export const unmergeSchema = z.object({ mergeId: idSchema });

/** The bot list as typed by an admin: one login, name or email per line (or comma-separated). */
export const botListSchema = z.object({ entries: z.string().max(50_000) });

/**
 * The JSON a member_merges row keeps of what a merge moved (written by lib/ingest/persist/member-merge.ts),
 * read back to undo it. Rows are kept whole, as PostgreSQL's to_jsonb wrote them.
 */
const rowsSchema = z.array(z.unknown());
const idsSchema = z.array(z.union([z.number(), z.string()]));
export const mergeSnapshotSchema = z.object({
  survivorBefore: z.record(z.string(), z.unknown()),
  merged: z.record(z.string(), z.unknown()),
  moved: z
    .object({ affiliations: z.array(z.number()), campaignIds: z.array(z.number()) })
    .catchall(idsSchema),
  removed: z.object({
    affiliations: rowsSchema,
    campaignMembers: rowsSchema,
    weekly: rowsSchema,
    scores: rowsSchema,
    outreach: rowsSchema.optional(),
    outreachContacts: rowsSchema.optional(),
  }),
  survivorWeekly: rowsSchema,
});

/** Split one identity off its member into a member of its own, or undo that split (re-join). */
export const splitIdentitySchema = z.object({ identityId: idSchema });
export const undoSplitSchema = z.object({ splitId: idSchema });
