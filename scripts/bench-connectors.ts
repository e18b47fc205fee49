// Connector benchmark: a temporary embedded PostgreSQL and local Slack and GitHub API servers (in a
// child process), then a first sync (the backfill) of each through its official client; reports
// events/s and peak RSS of this process (sampled).
// `npm run bench:connectors [-- --slack-messages 100000 --github-items 20000]`
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { freePort, startEmbeddedPostgres } from "@/lib/db/embedded";
import { applyMigrations } from "@/lib/db/migrate";
import { resetEnvCache } from "@/lib/env";

const { values } = parseArgs({
  options: {
    "slack-messages": { type: "string", default: "100000" },
    "github-items": { type: "string", default: "20000" },
  },
});
const SLACK_CHANNELS = 20;
const GITHUB_REPOS = 4;
const perChannel = Math.round(Number(values["slack-messages"]) / SLACK_CHANNELS);
// githubWorld gives 5 items per issue (1 issue, 2 comments, 1.5 commits, 0.5 stars).
const issues = Math.round(Number(values["github-items"]) / GITHUB_REPOS / 5);

interface Servers {
  slackUrl: string;
  slackToken: string;
  githubUrl: string;
  githubToken: string;
  slackMessages: number;
  githubItems: number;
  repos: string[];
}

async function startServers(): Promise<{ servers: Servers; stop: () => void }> {
  const child = spawn(
    path.resolve("node_modules/.bin/tsx"),
    [
      "scripts/bench-connectors-servers.ts",
      "--slack-channels",
      String(SLACK_CHANNELS),
      "--slack-per-channel",
      String(perChannel),
      "--github-repos",
      String(GITHUB_REPOS),
      "--github-issues",
      String(issues),
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once("line", resolve);
    child.once("exit", (code) => reject(new Error(`server process exited with ${code}`)));
  });
  return { servers: JSON.parse(line) as Servers, stop: () => child.kill("SIGTERM") };
}

async function main() {
  const dir = await mkdtemp(path.join(os.tmpdir(), "groundswell-bench-connectors-"));
  const cluster = await startEmbeddedPostgres({
    dir: path.join(dir, "pg"),
    port: await freePort(),
    database: "bench",
  });
  const { servers, stop } = await startServers();
  try {
    await applyMigrations(cluster.url);
    Object.assign(process.env, {
      DATABASE_URL: cluster.url,
      SLACK_API_URL: servers.slackUrl,
      GITHUB_API_URL: servers.githubUrl,
      NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET ?? "bench-secret-0123456789abcdef",
    });
    resetEnvCache();
    const { connectConnector } = await import("@/lib/services/connectors/connect");
    const { syncConnector } = await import("@/lib/services/connectors/run-sync");
    const { db } = await import("@/lib/db/client");
    await connectConnector(
      { kind: "slack", token: servers.slackToken, signingSecret: undefined, backfillMonths: undefined },
      "bench",
    );
    await connectConnector(
      {
        kind: "github",
        token: servers.githubToken,
        repositories: servers.repos,
        organization: undefined,
        webhookSecret: undefined,
        backfillMonths: undefined,
      },
      "bench",
    );
    console.log(
      `Local servers: ${servers.slackMessages.toLocaleString("en")} Slack messages in ${SLACK_CHANNELS} channels, ${servers.githubItems.toLocaleString("en")} GitHub items in ${GITHUB_REPOS} repositories`,
    );

    for (const kind of ["slack", "github"] as const) {
      const startRss = process.memoryUsage().rss;
      let peakRss = startRss;
      const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
      const started = performance.now();
      const summary = await syncConnector(kind, { trigger: "bench" });
      const seconds = (performance.now() - started) / 1000;
      clearInterval(sampler);
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
      if (summary.status !== "succeeded") throw new Error(`${kind} sync failed: ${summary.error}`);
      const read = kind === "slack" ? servers.slackMessages : servers.githubItems;
      console.log(
        `\n${kind}: first sync read ${summary.fetched.toLocaleString("en")} items (${read.toLocaleString("en")} served), wrote ${summary.imported.toLocaleString("en")} events in ${seconds.toFixed(1)} s`,
      );
      console.log(
        `  ${(summary.imported / seconds).toFixed(0)} events/s, ${(summary.fetched / seconds).toFixed(0)} items read/s, peak RSS ${(peakRss / 1024 ** 2).toFixed(0)} MB (${(startRss / 1024 ** 2).toFixed(0)} MB before)`,
      );
      const again = performance.now();
      const incremental = await syncConnector(kind, { trigger: "bench" });
      console.log(
        `  a second (incremental) run: ${incremental.fetched.toLocaleString("en")} items read, ${incremental.imported} new, ${((performance.now() - again) / 1000).toFixed(1)} s`,
      );
    }
    console.log(`\n${os.cpus().length} CPUs, Node ${process.version}`);
    await db.$disconnect();
  } finally {
    stop();
    await cluster.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
