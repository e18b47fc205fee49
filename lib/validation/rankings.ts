// Input schemas for ranking reads (API query, CLI flags): which list, as of when, how many.
import { z } from "zod";
import { RANKING_KINDS } from "@/lib/scoring/types";

export const rankingKindSchema = z.enum(RANKING_KINDS);

export const rankingQuerySchema = z.object({
  asOf: z.iso.date().optional(),
  limit: z.coerce.number().int().min(1).max(100_000).default(100),
  format: z.enum(["json", "csv"]).default("json"),
});
