// Identity-resolution benchmark: a known-truth community (lib/identity/known-truth) written as Slack,
// GitHub, git, Stripe and members-CSV files, imported into a temporary embedded PostgreSQL in two
// orders; reports link precision/recall and false merges per order, and the time GitHub takes into a
// database already holding the Slack identities against the same file into an empty one.
// `npm run bench:identity [-- --people 5000 --seed 12]`
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { freePort, startEmbeddedPostgres } from "@/lib/db/embedded";
import { applyMigrations } from "@/lib/db/migrate";
import { resetEnvCache } from "@/lib/env";
import { knownTruthCommunity } from "@/lib/identity/known-truth/community";
import { writeCommunityFiles, type TruthSource } from "@/lib/identity/known-truth/write-files";
import { linkQuality } from "@/lib/identity/link-quality";

const { values } = parseArgs({ options: { people: { type: "string", default: "5000" }, seed: { type: "string", default: "12" } } });
const PEOPLE = Number(values.people);

async function main() {
  const dir = await mkdtemp(path.join(os.tmpdir(), "groundswell-identity-"));
  const cluster = await startEmbeddedPostgres({ dir: path.join(dir, "pg"), port: await freePort(), database: "bench" });
  try {
    await applyMigrations(cluster.url);
    process.env.DATABASE_URL = cluster.url;
    resetEnvCache();
    const { runImport } = await import("@/lib/services/imports/run-import");
    const { db } = await import("@/lib/db/client");
    const community = knownTruthCommunity(PEOPLE, Number(values.seed));
    const files = await writeCommunityFiles(dir, community);
    const truncate = () => db.$executeRawUnsafe("truncate members, identities, identity_claims, activity_events, member_merges, import_runs, quarantined_rows, organizations, organization_domains, affiliations, subscriptions, subscription_changes, payments, processed_events, weekly_activity restart identity cascade");
    const timed = async (source: TruthSource) => {
      const started = performance.now();
      const summary = await runImport({ source, file: files[source], repository: "bench/identity" });
      if (summary.error) throw new Error(`${source}: ${summary.error}`);
      return (performance.now() - started) / 1000;
    };
    console.log(`${PEOPLE.toLocaleString()} people, ${community.identities.length.toLocaleString()} identities, ${community.links.length.toLocaleString()} evidenced links; ${os.cpus().length} CPUs, load ${os.loadavg()[0].toFixed(1)}`);

    for (const order of [["slack", "github", "git", "stripe-events", "csv"], ["csv", "stripe-events", "git", "github", "slack"]] as TruthSource[][]) {
      await truncate();
      let seconds = 0;
      for (const source of order) seconds += await timed(source);
      const rows = await db.identity.findMany({ select: { source: true, externalId: true, memberId: true } });
      const q = linkQuality(new Map(rows.map((r) => [`${r.source}\u0000${r.externalId}`, r.memberId])), community);
      const [{ members, merged }] = await db.$queryRaw<{ members: number; merged: number }[]>`
        select (select count(*)::int from members where not is_bot) as members, (select count(*)::int from member_merges) as merged`;
      console.log(`\n${order.join(" → ")}: ${seconds.toFixed(1)} s, ${members.toLocaleString()} members (not bots), ${merged} automatic merges`);
      console.log(`  precision ${q.precision.toFixed(4)}, recall ${q.recall.toFixed(4)} (${q.evidencedPairs.toLocaleString()} evidenced pairs), false merges ${q.falseMerges}, bots joined ${q.botsJoined}`);
    }

    await truncate();
    const empty = await timed("github");
    await truncate();
    await timed("slack");
    const withSlack = await timed("github");
    console.log(`\nGitHub file into an empty database: ${empty.toFixed(2)} s; into one holding the Slack identities: ${withSlack.toFixed(2)} s (${(withSlack / empty).toFixed(2)}×)`);
    await db.$disconnect();
  } finally {
    await cluster.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
