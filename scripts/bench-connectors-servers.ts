// The local Slack and GitHub API servers for `npm run bench:connectors`, in their own process so
// their generated data never counts in the sync's memory. Prints one JSON line with their URLs.
import { parseArgs } from "node:util";
import { startFakeSlack } from "@/lib/connectors/__fixtures__/fake-slack";
import { slackWorld } from "@/lib/connectors/__fixtures__/slack-world";
import { githubWorld, startFakeGithub } from "@/lib/connectors/__fixtures__/fake-github";

const { values } = parseArgs({
  options: {
    "slack-channels": { type: "string" },
    "slack-per-channel": { type: "string" },
    "github-repos": { type: "string" },
    "github-issues": { type: "string" },
  },
});
const channels = Number(values["slack-channels"]);
const perChannel = Number(values["slack-per-channel"]);
const repos = Number(values["github-repos"]);
const issues = Number(values["github-issues"]);

// Top-level messages and a thread (two replies) every 48th: `perChannel` messages in all per channel.
const slack = await startFakeSlack(
  slackWorld({
    channels,
    messagesPerChannel: Math.round((perChannel * 48) / 50),
    users: 2000,
    threadEvery: 48,
  }),
  { keepLog: false },
);
// Per repository: issues/PRs, twice as many comments, 1.5× commits, half as many stars.
const github = await startFakeGithub(
  githubWorld({
    repos: Array.from({ length: repos }, (_, i) => `bench/repo-${i}`),
    issues,
    comments: issues * 2,
    commits: Math.round(issues * 1.5),
    stars: issues / 2,
    users: 3000,
  }),
  { keepLog: false },
);
const slackMessages = [...slack.data.messages.values()].reduce((n, list) => n + list.length, 0);
const githubItems = [...github.data.repos.values()].reduce(
  (n, r) =>
    n +
    r.issues.length +
    r.issueComments.length +
    r.reviewComments.length +
    r.commits.length +
    r.stargazers.length,
  0,
);
console.log(
  JSON.stringify({
    slackUrl: slack.url,
    slackToken: slack.data.token,
    githubUrl: github.url,
    githubToken: github.data.token,
    slackMessages,
    githubItems,
    repos: [...github.data.repos.keys()],
  }),
);
process.on("SIGTERM", () => process.exit(0));
