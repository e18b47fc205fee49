// Keeps org_daily_credits: credited contributions and other activity per organisation and UTC day,
// so the Organisations pages read days instead of crediting every event of a period per request.
// A pipeline step: after an import it recomputes from the oldest day the new events touch; when
// affiliations, merges, domains or bots changed (the signature), or with `full`, everything.
import "server-only";
import { db } from "@/lib/db/client";
import { creditedEvents } from "@/lib/data/org-credit";
import { creditSignature } from "@/lib/data/org-credit-days";
import { earliestEventSince, takeEventWatermark } from "@/lib/services/event-watermark";
import { ORG_CREDITS_KEY, orgCreditsStateSchema, type OrgCreditsState } from "@/lib/validation/org-credits";

const DAY_MS = 86_400_000;
const EPOCH = new Date(0);

export interface OrgCreditsRefresh {
  from: Date | null;
  coveredTo: Date;
  rows: number;
}

export async function refreshOrgDailyCredits(
  opts: { full?: boolean; now?: Date } = {},
): Promise<OrgCreditsRefresh> {
  // Up to now: today's row holds its events so far, and reads credit live only what came after.
  const coveredTo = opts.now ?? new Date();
  // The mark is read before the days are computed: an event committed in between is counted now and
  // found again by the next refresh, which recomputes its day (never added twice).
  const [stored, signature, events] = await Promise.all([
    db.setting.findUnique({ where: { key: ORG_CREDITS_KEY } }),
    creditSignature(),
    takeEventWatermark(),
  ]);
  const state = orgCreditsStateSchema.safeParse(stored?.value);
  let from: Date | null = EPOCH;
  if (!opts.full && state.success && state.data.signature === signature) {
    // Events that arrived since the mark, late commits under lower ids included (an import of old
    // history lands below coveredTo too).
    const oldest = await earliestEventSince(state.data.events);
    const previousCover = new Date(state.data.coveredTo);
    const start = oldest && oldest < previousCover ? oldest : previousCover;
    from = new Date(Math.floor(start.getTime() / DAY_MS) * DAY_MS);
    if (from >= coveredTo) from = null;
  }
  const rows = await db.$transaction(
    async (tx) => {
      let inserted = 0;
      if (from) {
        await tx.$executeRaw`delete from org_daily_credits where day >= ${from}::date`;
        inserted = await tx.$executeRaw`
          insert into org_daily_credits (org_id, day, contributions, activity)
          with credited as (${creditedEvents(from, coveredTo)})
          select org_id, (occurred_at at time zone 'UTC')::date,
                 count(*) filter (where is_contribution), count(*) filter (where not is_contribution)
            from credited where org_id is not null
           group by 1, 2`;
      }
      const value: OrgCreditsState = {
        coveredTo: coveredTo.toISOString(),
        events,
        signature,
        computedAt: new Date().toISOString(),
      };
      await tx.setting.upsert({
        where: { key: ORG_CREDITS_KEY },
        create: { key: ORG_CREDITS_KEY, value },
        update: { value },
      });
      return inserted;
    },
    { timeout: 30 * 60_000 },
  );
  return { from, coveredTo, rows };
}
