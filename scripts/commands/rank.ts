// `rank candidates|at-risk [--as-of YYYY-MM-DD] [--limit N] [--format csv|json]`: prints a stored ranking
// snapshot (computing it for that date first when missing), the same rows the API and pages show.
import { parseArgs } from "node:util";
import { differenceInCalendarDays } from "date-fns";
import { db } from "@/lib/db/client";
import { toCsv } from "@/components/data-table/csv";
import { RANKING_CSV_HEADERS, rankingCsvRows, rankingSnapshot } from "@/lib/data/rankings";
import { computeRankings } from "@/lib/services/rankings";
import { rankingKindSchema, rankingQuerySchema } from "@/lib/validation/rankings";

const USAGE = "usage: rank candidates|at-risk [--as-of YYYY-MM-DD] [--limit N] [--format csv|json]";

/** node:util parseArgs, strict: an unknown or misspelt flag is an error, not silently ignored. */
function parseRankArgs(args: string[]) {
  try {
    return parseArgs({
      args: args.slice(1),
      allowPositionals: true,
      strict: true,
      options: { "as-of": { type: "string" }, limit: { type: "string" }, format: { type: "string" } },
    });
  } catch {
    return null;
  }
}

/** A history imported from long ago ranks nobody as of today: name its newest day to rank instead. */
async function olderActivityHint(asOf: string | undefined): Promise<string> {
  if (!asOf) return "";
  const newest = (await db.activityEvent.aggregate({ _max: { occurredAt: true } }))._max.occurredAt;
  if (!newest || differenceInCalendarDays(new Date(asOf), newest) < 28) return "";
  const day = newest.toISOString().slice(0, 10);
  return ` The newest activity is on ${day}: rank that day with \`--as-of ${day}\`.`;
}

export async function run(args: string[]): Promise<number> {
  const parsed = parseRankArgs(args);
  const kind = rankingKindSchema.safeParse(parsed?.positionals[0]);
  const values = parsed?.values ?? {};
  const query = rankingQuerySchema.safeParse({
    asOf: values["as-of"],
    limit: values.limit ?? 50,
    format: values.format ?? "json",
  });
  if (!parsed || parsed.positionals.length !== 1 || !kind.success || !query.success) {
    console.error(USAGE);
    return 2;
  }
  let snapshot = await rankingSnapshot(kind.data, { asOf: query.data.asOf, limit: query.data.limit });
  if (!snapshot) {
    console.error(
      `No ${kind.data} snapshot${query.data.asOf ? ` as of ${query.data.asOf}` : ""}; computing it…`,
    );
    const result = await computeRankings({ asOf: query.data.asOf, log: (line) => console.error(line) });
    if (!result.asOf) {
      console.error("No activity to rank yet.");
      return 1;
    }
    snapshot = await rankingSnapshot(kind.data, { asOf: result.asOf, limit: query.data.limit });
  }
  // An empty list is no ranking: say why (no paying members, or nothing active) rather than print [] and exit 0.
  if (!snapshot || (snapshot.total === 0 && snapshot.hiddenOpenOutreach === 0)) {
    if (snapshot?.display.billingWarning) console.error(snapshot.display.billingWarning);
    console.error(
      kind.data === "at-risk"
        ? "No at-risk ranking: there are no paying members to rank (no active subscriptions). Import billing first: `npm run cli -- import stripe-events FILE`, `import opencollective FILE`, or `stripe sync`."
        : `No candidates ranking${snapshot ? ` as of ${snapshot.asOf}` : ""}: there are no free members with recent activity to rank.${await olderActivityHint(snapshot?.asOf)}`,
    );
    return 1;
  }
  // What the list says about itself goes to stderr, so stdout stays the JSON or CSV a script reads.
  if (snapshot.display.sentence) console.error(snapshot.display.sentence);
  if (snapshot.display.billingWarning) console.error(snapshot.display.billingWarning);
  if (snapshot.hiddenOpenOutreach > 0)
    console.error(`${snapshot.hiddenOpenOutreach} members with open outreach are not listed.`);
  if (query.data.format === "csv") process.stdout.write(toCsv(RANKING_CSV_HEADERS, rankingCsvRows(snapshot)));
  else console.log(JSON.stringify(snapshot, null, 2));
  return 0;
}
