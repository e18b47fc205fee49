// Schemas for merging members into one person and undoing it.
import { z } from "zod";

export const mergeMembersSchema = z
  .object({
    survivorId: z.coerce.number().int().positive(),
    mergedId: z.coerce.number().int().positive(),
    reason: z.string().trim().min(1).max(500),
  })
  .refine((v) => v.survivorId !== v.mergedId, { message: "Pick two different members", path: ["mergedId"] });

export const unmergeSchema = z.object({ mergeId: z.coerce.number().int().positive() });

/** The bot list as typed by an admin: one login, name or email per line (or comma-separated). */
export const botListSchema = z.object({ entries: z.string().max(50_000) });
