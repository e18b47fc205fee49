// Writes a known-truth community as the files each importer reads: a Slack export folder, a GH
// Archive JSONL file, a git log TSV, Stripe events JSONL and a canonical members CSV.
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type Stripe from "stripe";
import { eventFixture, stripeFixture } from "@/lib/billing/__fixtures__/stripe-fixtures";
import type { KnownTruthCommunity } from "./community";

export type TruthSource = "slack" | "github" | "git" | "stripe-events" | "csv";

export async function writeCommunityFiles(
  dir: string,
  community: KnownTruthCommunity,
): Promise<Record<TruthSource, string>> {
  const { files } = community;
  const slack = path.join(dir, "slack");
  await mkdir(path.join(slack, "general"), { recursive: true });
  await writeFile(path.join(slack, "users.json"), JSON.stringify(files.slackUsers));
  await writeFile(
    path.join(slack, "channels.json"),
    JSON.stringify([{ id: "C0GENERAL", name: "general", created: 1735689600 }]),
  );
  await writeFile(path.join(slack, "general", "2025-01-01.json"), JSON.stringify(files.slackMessages));
  const github = path.join(dir, "github.jsonl");
  await writeFile(github, files.github.map((e) => JSON.stringify(e)).join("\n") + "\n");
  const git = path.join(dir, "git.tsv");
  await writeFile(git, files.gitLog.join("\n") + "\n");
  const stripe = path.join(dir, "stripe.jsonl");
  const events = files.stripeCustomers.map((c, n) =>
    eventFixture(
      "customer.created",
      stripeFixture<Stripe.Customer>("customer", { id: c.id, email: c.email, name: c.name }),
      1_735_700_000 + n,
      `evt_${c.id}`,
    ),
  );
  await writeFile(stripe, events.map((e) => JSON.stringify(e)).join("\n") + "\n");
  const csv = path.join(dir, "members.csv");
  await writeFile(csv, files.membersCsv.join("\n") + "\n");
  return { slack, github, git, "stripe-events": stripe, csv };
}
