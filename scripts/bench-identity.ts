// Identity-resolution benchmark: a known-truth community (lib/identity/known-truth) written as Slack,
// GitHub, git, Stripe and members-CSV files, imported into a temporary embedded PostgreSQL in two
// orders; reports link precision/recall and false merges per order, and the time GitHub takes into a
// database already holding the Slack identities against the same file into an empty one.
// `npm run bench:identity [-- --people 5000 --seed 12]`; `-- --scale` instead measures re-resolution at
// scale: a GitHub archive of 100,000 events from 20,000 accounts into a database holding 100,000 Slack
// members (whose profiles or commit emails name those accounts) against the same file into an empty one.
import { mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { withBenchDatabase } from "./bench-database";
import { knownTruthCommunity } from "@/lib/identity/known-truth/community";
import { writeCommunityFiles, type TruthSource } from "@/lib/identity/known-truth/write-files";
import { linkQuality } from "@/lib/identity/link-quality";

const { values } = parseArgs({
  options: {
    people: { type: "string", default: "5000" },
    seed: { type: "string", default: "12" },
    scale: { type: "boolean", default: false },
  },
});
const PEOPLE = Number(values.people);

async function main() {
  await withBenchDatabase("identity", async ({ dir }) => {
    const { runImport } = await import("@/lib/services/imports/run-import");
    const { db } = await import("@/lib/db/client");
    if (values.scale) {
      await atScale(dir, runImport, async () => {
        await db.$executeRaw`
          truncate members, identities, identity_claims, activity_events, member_merges, import_runs, quarantined_rows,
                   organizations, organization_domains, affiliations, weekly_activity restart identity cascade`;
      });
      await db.$disconnect();
      return;
    }
    const community = knownTruthCommunity(PEOPLE, Number(values.seed));
    const files = await writeCommunityFiles(dir, community);
    const truncate = () =>
      db.$executeRaw`
        truncate members, identities, identity_claims, activity_events, member_merges, import_runs, quarantined_rows,
                 organizations, organization_domains, affiliations, subscriptions, subscription_changes, payments,
                 processed_events, weekly_activity restart identity cascade`;
    const timed = async (source: TruthSource) => {
      const started = performance.now();
      const summary = await runImport({ source, file: files[source], repository: "bench/identity" });
      if (summary.error) throw new Error(`${source}: ${summary.error}`);
      return (performance.now() - started) / 1000;
    };
    console.log(
      `${PEOPLE.toLocaleString()} people, ${community.identities.length.toLocaleString()} identities, ${community.links.length.toLocaleString()} evidenced links; ${os.cpus().length} CPUs, load ${os.loadavg()[0].toFixed(1)}`,
    );

    for (const order of [
      ["slack", "github", "git", "stripe-events", "csv"],
      ["csv", "stripe-events", "git", "github", "slack"],
    ] as TruthSource[][]) {
      await truncate();
      let seconds = 0;
      const each: string[] = [];
      for (const source of order) {
        const took = await timed(source);
        seconds += took;
        each.push(`${source} ${took.toFixed(1)} s`);
      }
      const rows = await db.identity.findMany({ select: { source: true, externalId: true, memberId: true } });
      const q = linkQuality(
        new Map(rows.map((r) => [`${r.source}\u0000${r.externalId}`, r.memberId])),
        community,
      );
      const [{ members, merged }] = await db.$queryRaw<{ members: number; merged: number }[]>`
        select (select count(*)::int from members where not is_bot) as members, (select count(*)::int from member_merges) as merged`;
      console.log(
        `\n${order.join(" → ")}: ${seconds.toFixed(1)} s (${each.join(", ")}), ${members.toLocaleString()} members (not bots), ${merged} automatic merges`,
      );
      console.log(
        `  precision ${q.precision.toFixed(4)}, recall ${q.recall.toFixed(4)} (${q.evidencedPairs.toLocaleString()} evidenced pairs), false merges ${q.falseMerges}, bots joined ${q.botsJoined}`,
      );
    }

    await truncate();
    const empty = await timed("github");
    await truncate();
    await timed("slack");
    const withSlack = await timed("github");
    console.log(
      `\nGitHub file into an empty database: ${empty.toFixed(2)} s; into one holding the Slack identities: ${withSlack.toFixed(2)} s (${(withSlack / empty).toFixed(2)}×)`,
    );
    await db.$disconnect();
  });
}

type RunImport = (typeof import("@/lib/services/imports/run-import"))["runImport"];

/** 100,000 Slack users; the first 20,000 are GitHub accounts too (half named in their title, half by commit email). */
async function atScale(dir: string, runImport: RunImport, truncate: () => Promise<void>) {
  const [SLACK, ACCOUNTS, EVENTS] = [100_000, 20_000, 100_000];
  const slack = path.join(dir, "slack-scale");
  await mkdir(path.join(slack, "general"), { recursive: true });
  const users = Array.from({ length: SLACK }, (_, n) => ({
    id: `U${n}`,
    name: `user${n}`,
    profile: {
      real_name: `User ${n}`,
      email: `user${n}@example.org`,
      title: n < ACCOUNTS && n % 2 === 0 ? `github.com/gh-${n}` : "",
      fields: [],
    },
  }));
  await writeFile(path.join(slack, "users.json"), JSON.stringify(users));
  await writeFile(
    path.join(slack, "channels.json"),
    JSON.stringify([{ id: "C0", name: "general", created: 1735689600 }]),
  );
  await writeFile(
    path.join(slack, "general", "2025-01-01.json"),
    JSON.stringify([{ type: "message", ts: "1735732800.000100", user: "U0", text: "hi" }]),
  );
  const lines: string[] = [];
  for (let e = 0; e < EVENTS; e++) {
    const n = e % ACCOUNTS;
    const actor = { id: 500_000 + n, login: `gh-${n}` };
    const created_at = new Date(Date.UTC(2025, 0, 1) + e * 60_000).toISOString();
    lines.push(
      JSON.stringify(
        e % 5 === 0
          ? {
              id: String(e + 1),
              type: "PushEvent",
              actor,
              created_at,
              payload: {
                size: 1,
                commits: [{ sha: "x", author: { email: `user${n}@example.org`, name: `User ${n}` } }],
              },
            }
          : {
              id: String(e + 1),
              type: "IssueCommentEvent",
              actor,
              created_at,
              payload: { action: "created", issue: { number: e } },
            },
      ),
    );
  }
  const github = path.join(dir, "github-scale.jsonl");
  await writeFile(github, lines.join("\n") + "\n");
  const timed = async (source: "slack" | "github", file: string) => {
    const started = performance.now();
    const summary = await runImport({ source, file });
    if (summary.error) throw new Error(`${source}: ${summary.error}`);
    return { seconds: (performance.now() - started) / 1000, summary };
  };
  console.log(
    `Scale: ${SLACK.toLocaleString()} Slack users; GitHub archive of ${EVENTS.toLocaleString()} events from ${ACCOUNTS.toLocaleString()} accounts; load ${os.loadavg()[0].toFixed(1)}`,
  );
  const empty = await timed("github", github);
  console.log(
    `  GitHub into an empty database: ${empty.seconds.toFixed(1)} s (${empty.summary.membersCreated} members created)`,
  );
  await truncate();
  const slackRun = await timed("slack", slack);
  console.log(`  Slack users: ${slackRun.seconds.toFixed(1)} s (${slackRun.summary.membersCreated} members)`);
  const full = await timed("github", github);
  console.log(
    `  GitHub into the 100,000-member database: ${full.seconds.toFixed(1)} s (${full.summary.membersCreated} members created, ${full.summary.identitiesLinked} identities linked, ${full.summary.identities?.automaticMerges ?? 0} merges) — ${(full.seconds / empty.seconds).toFixed(2)}× the empty-database import`,
  );
}

await main();
