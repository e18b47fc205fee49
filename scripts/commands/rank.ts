// `rank candidates|at-risk [--as-of YYYY-MM-DD] [--limit N] [--format csv|json]`: prints a stored ranking
// snapshot (computing it for that date first when missing), the same rows the API and pages show.
import { toCsv } from "@/components/data-table/csv";
import { RANKING_CSV_HEADERS, rankingCsvRows, rankingSnapshot } from "@/lib/data/rankings";
import { computeRankings } from "@/lib/services/rankings";
import { rankingKindSchema, rankingQuerySchema } from "@/lib/validation/rankings";

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

export async function run(args: string[]): Promise<number> {
  const kind = rankingKindSchema.safeParse(args[1]);
  const query = rankingQuerySchema.safeParse({ asOf: flag(args, "--as-of"), limit: flag(args, "--limit") ?? 50, format: flag(args, "--format") ?? "json" });
  if (!kind.success || !query.success) {
    console.error("usage: rank candidates|at-risk [--as-of YYYY-MM-DD] [--limit N] [--format csv|json]");
    return 2;
  }
  let snapshot = await rankingSnapshot(kind.data, { asOf: query.data.asOf, limit: query.data.limit });
  if (!snapshot) {
    console.error(`No ${kind.data} snapshot${query.data.asOf ? ` as of ${query.data.asOf}` : ""}; computing it…`);
    const result = await computeRankings({ asOf: query.data.asOf, log: (line) => console.error(line) });
    if (!result.asOf) {
      console.error("No activity to rank yet.");
      return 1;
    }
    snapshot = await rankingSnapshot(kind.data, { asOf: result.asOf, limit: query.data.limit });
  }
  if (!snapshot) {
    console.error(
      kind.data === "at-risk"
        ? "No at-risk ranking: there are no paying members to rank (no active subscriptions). Import billing first: `npm run cli -- import stripe-events FILE`, `import opencollective FILE`, or `stripe sync`."
        : "No candidates ranking: there are no free members with activity to rank.",
    );
    return 1;
  }
  // What the list says about itself goes to stderr, so stdout stays the JSON or CSV a script reads.
  if (snapshot.display.sentence) console.error(snapshot.display.sentence);
  if (snapshot.display.billingWarning) console.error(snapshot.display.billingWarning);
  if (snapshot.hiddenOpenOutreach > 0) console.error(`${snapshot.hiddenOpenOutreach} members with open outreach are not listed.`);
  if (query.data.format === "csv") process.stdout.write(toCsv(RANKING_CSV_HEADERS, rankingCsvRows(snapshot)));
  else console.log(JSON.stringify(snapshot, null, 2));
  return 0;
}
