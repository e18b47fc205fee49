// The alert feed's filters as they appear in the URL, shared by the Alerts page and its CSV export.
// Bad values fall back to the default feed on the page; the API refuses them.
import { z } from "zod";
import { ALERT_KIND_LABELS } from "@/lib/format/labels";

export const ALERT_STATES = ["open", "snoozed", "dismissed"] as const;
export type AlertState = (typeof ALERT_STATES)[number];

const alertKindSchema = z
  .string()
  .max(40)
  .refine((k) => Object.hasOwn(ALERT_KIND_LABELS, k), "unknown alert kind");

/** GET /api/v1/alerts/export: strict, so a typo is an error rather than a different file. */
export const alertExportQuerySchema = z.object({
  state: z.enum(ALERT_STATES).default("open"),
  kind: alertKindSchema.optional(),
});
