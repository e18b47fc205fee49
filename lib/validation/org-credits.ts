// The stored state of the per-organisation daily credits (settings key org-credits:v1): which days
// they cover and what they were computed from, so a read knows whether it may use them.
import { z } from "zod";
import { eventWatermarkSchema } from "./event-watermark";

export const ORG_CREDITS_KEY = "org-credits:v1";

export const orgCreditsStateSchema = z.object({
  /** Events before this instant are stored (the last day's row up to it); later ones are credited live. */
  coveredTo: z.iso.datetime(),
  /** The events included (a mark): those added since, late commits too, that are older than coveredTo wait for the
   * next refresh. A state stored before the mark existed fails to parse: one full refresh. */
  events: eventWatermarkSchema,
  /** creditSignature() when computed: affiliations, merges, domains or bots changed since → not used. */
  signature: z.string(),
  computedAt: z.iso.datetime(),
});
export type OrgCreditsState = z.infer<typeof orgCreditsStateSchema>;
