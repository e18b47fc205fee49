// A row id as routes and forms send it (`app/**/[id]/**` segments, API and pages alike): one positive
// PostgreSQL int4, so a bad or out-of-range id is refused here (API 400, page 404) instead of in the database.
import { z } from "zod";

export const INT4_MAX = 2_147_483_647;

/** A positive int4 id; API routes `.parse` it (a ZodError answers 400 `invalid_request`). */
export const idSchema = z.coerce.number().int().positive().max(INT4_MAX);

/** The id in `segment`, or null when it is not one (a page then calls `notFound()`). */
export function parseRouteId(segment: string | undefined): number | null {
  const parsed = idSchema.safeParse(segment);
  return parsed.success ? parsed.data : null;
}
