// The stored state of the per-organisation daily credits (settings key org-credits:v1): which days
// they cover and what they were computed from, so a read knows whether it may use them.
import { z } from "zod";

export const ORG_CREDITS_KEY = "org-credits:v1";

export const orgCreditsStateSchema = z.object({
  /** Events before this instant are stored (the last day's row up to it); later ones are credited live. */
  coveredTo: z.iso.datetime(),
  /** The newest event id included: events after it that are older than coveredTo wait for the next refresh. */
  eventsMaxId: z.string(),
  /** creditSignature() when computed: affiliations, merges, domains or bots changed since → not used. */
  signature: z.string(),
  computedAt: z.iso.datetime(),
});
export type OrgCreditsState = z.infer<typeof orgCreditsStateSchema>;
