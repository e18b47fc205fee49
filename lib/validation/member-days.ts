// The setting that says which days member_day_activity covers: written by the rollups step
// (lib/services/member-days), read by the monthly report for a month in progress.
import { z } from "zod";

export const MEMBER_DAYS_FROM_KEY = "member_days_from";

/** The first UTC day stored, "YYYY-MM-DD" (compares as text in day order). */
export const memberDaysFromSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
