// Writes the synthetic input of `npm run bench:import` for one importer: N events from M actors
// in that importer's own format (run as its own process, so its garbage never counts in the
// import's RSS). `tsx scripts/bench-import-files.ts SOURCE PATH EVENTS ACTORS`
import { createWriteStream, type WriteStream } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";

const [source, target, eventsArg, actorsArg] = process.argv.slice(2);
const EVENTS = Number(eventsArg);
const ACTORS = Number(actorsArg);
const START = Date.parse("2024-06-01T00:00:00Z");
const TYPES = ["message", "thread_reply", "reaction", "forum_post", "pr_opened", "issue_comment", "commit"];

/** A skewed mix: a few very active actors, a long tail (as real communities are). */
const actorOf = (i: number) => Math.floor(ACTORS * Math.pow(((i * 2654435761) % 4294967296) / 4294967296, 2));
const timeOf = (i: number) => START + Math.floor((i / EVENTS) * 540 * 86400000);
const hex40 = (i: number) => (i.toString(16).padStart(8, "0") + "5eed").repeat(4).slice(0, 40);

async function writeLines(file: string, header: string | null, line: (i: number) => string): Promise<void> {
  const out: WriteStream = createWriteStream(file, { highWaterMark: 1 << 20 });
  let chunk = header ? `${header}\n` : "";
  for (let i = 0; i < EVENTS; i++) {
    chunk += `${line(i)}\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await new Promise<void>((r) => out.once("drain", () => r()));
      chunk = "";
    }
  }
  await new Promise<void>((resolve, reject) => {
    out.once("error", reject);
    out.end(chunk, () => resolve());
  });
}

const GH_TYPES = ["IssueCommentEvent", "PushEvent", "WatchEvent", "PullRequestReviewEvent"];
function githubLine(i: number): string {
  const type = GH_TYPES[i % GH_TYPES.length];
  const actor = actorOf(i);
  const payload =
    type === "IssueCommentEvent"
      ? `{"action":"created","issue":{"number":${i % 5000}},"comment":{"id":${i}}}`
      : type === "PushEvent"
        ? `{"push_id":${i},"size":1,"ref":"refs/heads/main"}`
        : type === "WatchEvent"
          ? `{"action":"started"}`
          : `{"action":"created","review":{"state":"approved"},"pull_request":{"number":${i % 3000}}}`;
  return `{"id":"${40_000_000_000 + i}","type":"${type}","actor":{"id":${1000 + actor},"login":"gh-user-${actor}"},"repo":{"id":7,"name":"acme/widgets"},"payload":${payload},"created_at":"${new Date(timeOf(i)).toISOString().slice(0, 19)}Z"}`;
}

/** A Slack export folder: users.json, channels.json and 20 channels with one day file per day. */
async function writeSlackExport(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const users = Array.from({ length: ACTORS }, (_, a) => ({
    id: `U${a.toString(36).toUpperCase().padStart(8, "0")}`,
    name: `user${a}`,
    real_name: `User ${a}`,
    profile: { real_name: `User ${a}`, email: `user${a}@example.org` },
  }));
  await writeFile(path.join(dir, "users.json"), JSON.stringify(users));
  const channels = Array.from({ length: 20 }, (_, c) => ({
    id: `C${String(c).padStart(8, "0")}`,
    name: `channel-${c}`,
  }));
  await writeFile(path.join(dir, "channels.json"), JSON.stringify(channels));
  const perDay = 400;
  const days = new Map<string, unknown[]>();
  const flush = async () => {
    for (const [file, messages] of days) await writeFile(file, JSON.stringify(messages));
    days.clear();
  };
  for (let i = 0; i < EVENTS; i++) {
    const channel = channels[Math.floor(i / perDay) % channels.length];
    const day = new Date(START + Math.floor(i / (perDay * channels.length)) * 86400000)
      .toISOString()
      .slice(0, 10);
    const folder = path.join(dir, channel.name);
    const file = path.join(folder, `${day}.json`);
    if (!days.has(file)) {
      if (days.size >= 200) await flush();
      await mkdir(folder, { recursive: true });
      days.set(file, []);
    }
    const ts = `${Math.floor(Date.parse(`${day}T00:00:00Z`) / 1000) + (i % 86400)}.${String(i).padStart(6, "0").slice(-6)}`;
    days.get(file)!.push({ type: "message", user: users[actorOf(i)].id, text: `message ${i}`, ts });
  }
  await flush();
}

function ocLine(i: number): string {
  const actor = actorOf(i);
  const when = new Date(timeOf(i)).toISOString().replace("T", " ").slice(0, 19);
  const monthly = i % 3 !== 0;
  return `${monthly ? "Monthly financial contribution" : "Financial contribution"} to Bench Collective (Backer),Backer ${actor},http://opencollective.com/backer-${actor},${when},USD,${5 + (i % 7)}.0,${monthly ? "month" : ""}`;
}

switch (source) {
  case "jsonl":
    await writeLines(
      target,
      null,
      (i) =>
        `{"kind":"event","source":"bench","external_id":"ev-${i}","actor_source":"bench","actor_external_id":"user-${actorOf(i)}","type":"${TYPES[i % TYPES.length]}","occurred_at":"${new Date(timeOf(i)).toISOString()}","channel":"c${i % 40}","properties":{"n":${i % 97}}}`,
    );
    break;
  case "csv":
    await writeLines(
      target,
      "source,external_id,actor_source,actor_external_id,type,occurred_at,channel",
      (i) =>
        `bench,ev-${i},bench,user-${actorOf(i)},${TYPES[i % TYPES.length]},${new Date(timeOf(i)).toISOString()},c${i % 40}`,
    );
    break;
  case "git":
    await writeLines(
      target,
      "sha\tauthor_name\tauthor_email\tauthored_at",
      (i) =>
        `${hex40(i)}\tAuthor ${actorOf(i)}\tauthor${actorOf(i)}@example.org\t${new Date(timeOf(i)).toISOString().slice(0, 19)}Z`,
    );
    break;
  case "github":
    await writeLines(target, null, githubLine);
    break;
  case "opencollective":
    await writeLines(
      target,
      "Transaction Description,User Name,User Profile,Transaction Date,Collective Currency,Transaction Amount,Subscription Interval",
      ocLine,
    );
    break;
  case "slack":
    await writeSlackExport(target);
    break;
  default:
    throw new Error(`no generator for ${source}`);
}
