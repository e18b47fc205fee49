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

/**
 * `BENCH_OC_SHAPE=varied`: the shape measured up to round 7. Every third transaction is one-time, the others monthly,
 * and a backer's amount is `5 + (i % 7)`: different on nearly every payment, so ~79 % of them become plan changes.
 */
function ocVariedLine(i: number): string {
  const actor = actorOf(i);
  const when = new Date(timeOf(i)).toISOString().replace("T", " ").slice(0, 19);
  const monthly = i % 3 !== 0;
  return `${monthly ? "Monthly financial contribution" : "Financial contribution"} to Bench Collective (Backer),Backer ${actor},http://opencollective.com/backer-${actor},${when},USD,${5 + (i % 7)}.0,${monthly ? "month" : ""}`;
}

/**
 * Rates read from the real OBS export (../shared/data/opencollective-obs-transactions.csv, 2,633 contributions, 1,711
 * of them recurring, deriving 194 subscriptions and 317 changes): a recurring payment is followed by a lapse (a
 * missed payment: cancel) 99 times in 1,711; an amount differs from the backer's previous one 9 times in the 1,517
 * payments after a first; 15 of the 99 lapses come back (reactivate); 18 of 194 subscriptions are yearly; the monthly
 * amounts paid most are $5, $10, $250, $1, $20, $25.
 */
const OC_REAL = { lapse: 99 / 1711, planChange: 9 / 1517, comesBack: 15 / 99, yearly: 18 / 194 };
const OC_MONTHLY_AMOUNTS = [5, 5, 5, 5, 5, 5, 5, 10, 10, 250, 1, 20, 25, 3, 2];
const OC_MONTH_MS = 30 * 86400000;
const ocAmount = (random: () => number, interval: "month" | "year") =>
  OC_MONTHLY_AMOUNTS[Math.floor(random() * OC_MONTHLY_AMOUNTS.length)] * (interval === "year" ? 10 : 1);

/** A deterministic stream of numbers in [0, 1) (mulberry32), so the file is the same on every run. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface OcBacker {
  actor: number;
  interval: "month" | "year";
  amount: number;
  /** Offset of its payments within each month (or year). */
  offsetMs: number;
  /** The month of its first payment in this spell, and of its next one. */
  nextMonth: number;
}

/**
 * The recurring payments of a realistic export, time-ordered: a pool of backers sized so that the file's recurring
 * transactions span its 18 months, each paying on its own day every month (or year) at the same amount; after a
 * payment a backer changes its amount or lapses at the real rates. A lapsed backer is replaced by one never seen
 * (a new subscription) while the actors last, by a lapsed one otherwise (with 5,000 actors for 66,667 recurring
 * payments, returns are commoner than in the real file: the same number of change rows per payment, more of them
 * reactivations than new subscriptions); a returning backer comes back at least two months later.
 */
function ocRecurringSchedule(count: number): { at: number; line: string }[] {
  const random = seeded(42);
  const months = 18;
  const pool: OcBacker[] = [];
  const lapsed: { actor: number; since: number }[] = [];
  let unseen = 0;
  const join = (month: number): OcBacker | null => {
    const back = lapsed.findIndex((l) => l.since <= month - 2);
    let actor: number;
    if (unseen < ACTORS && !(back >= 0 && random() < OC_REAL.comesBack)) actor = unseen++;
    else if (back >= 0) actor = lapsed.splice(back, 1)[0].actor;
    else return null;
    const interval = random() < OC_REAL.yearly ? "year" : "month";
    return {
      actor,
      interval,
      amount: ocAmount(random, interval),
      offsetMs: Math.floor(random() * OC_MONTH_MS),
      nextMonth: month,
    };
  };
  // A yearly backer pays in one month of twelve.
  const perMonth = Math.ceil(count / months / (1 - (OC_REAL.yearly * 11) / 12));
  while (pool.length < perMonth && unseen < ACTORS) pool.push(join(0)!);
  const out: { at: number; line: string }[] = [];
  for (let month = 0; out.length < count; month++) {
    for (let b = 0; b < pool.length && out.length < count; b++) {
      const backer = pool[b];
      if (backer.nextMonth !== month) continue;
      const at = START + month * OC_MONTH_MS + backer.offsetMs;
      const when = new Date(at).toISOString().replace("T", " ").slice(0, 19);
      const description =
        backer.interval === "year" ? "Yearly financial contribution" : "Monthly financial contribution";
      out.push({
        at,
        line: `${description} to Bench Collective (Backer),Backer ${backer.actor},http://opencollective.com/backer-${backer.actor},${when},USD,${backer.amount}.0,${backer.interval}`,
      });
      backer.nextMonth = month + (backer.interval === "year" ? 12 : 1);
      if (random() < OC_REAL.planChange) backer.amount = ocAmount(random, backer.interval);
      if (random() < OC_REAL.lapse) {
        lapsed.push({ actor: backer.actor, since: month });
        const next = join(month + 1);
        if (next) pool[b] = next;
        else pool.splice(b--, 1);
      }
    }
  }
  return out.sort((a, b) => a.at - b.at);
}

/** Every third transaction one-time (35 % in the real file) from the skewed actors, the others from the schedule. */
function ocRealisticLines(): (i: number) => string {
  const recurring = ocRecurringSchedule(EVENTS - Math.ceil(EVENTS / 3));
  let next = 0;
  return (i) => {
    if (i % 3 !== 0) return recurring[next++].line;
    const actor = actorOf(i);
    const when = new Date(timeOf(i)).toISOString().replace("T", " ").slice(0, 19);
    return `Financial contribution to Bench Collective (Backer),Backer ${actor},http://opencollective.com/backer-${actor},${when},USD,${OC_MONTHLY_AMOUNTS[i % OC_MONTHLY_AMOUNTS.length] * 4}.0,`;
  };
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
      process.env.BENCH_OC_SHAPE === "varied" ? ocVariedLine : ocRealisticLines(),
    );
    break;
  case "slack":
    await writeSlackExport(target);
    break;
  default:
    throw new Error(`no generator for ${source}`);
}
