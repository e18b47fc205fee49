// A mark in the stream of activity events (lib/services/event-watermark.ts): stored by the incremental
// steps (rollups, page aggregates, organisation credits) to find what arrived since.
import { z } from "zod";

export const eventWatermarkSchema = z.object({
  /** Highest event id visible when the mark was read. */
  id: z.number().int(),
  /** Rows written by transactions from this 32-bit xid on (and by `inFlight`) were not visible then. */
  xmax: z.number().int().nullable(),
  inFlight: z.array(z.number().int()),
});
export type EventWatermark = z.infer<typeof eventWatermarkSchema>;
