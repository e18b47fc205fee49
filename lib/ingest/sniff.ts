// Looks at the start of an input (file, gzip, zip or folder) and says in words what it seems to
// be and which importer reads it, so a refused or empty import can point at the right command.
import { open, readdir, stat } from "node:fs/promises";
import { gunzipSync } from "node:zlib";
import type { AudienceHint } from "./types";
import { detectEncoding } from "./text-encoding";

export type SniffedImporter =
  "slack" | "github" | "git" | "stripe-events" | "opencollective" | "csv" | "jsonl" | "discourse";

export interface Sniffed {
  /** Completes "it looks like …". */
  description: string;
  importer: SniffedImporter | null;
}

const HEAD_BYTES = 64 * 1024;

/** As the upload form labels the sources. */
const WEB_SOURCE_NAMES: Record<SniffedImporter, string> = {
  slack: "Slack export",
  github: "GitHub — GH Archive",
  git: "git log",
  "stripe-events": "Stripe events",
  opencollective: "Open Collective transactions",
  csv: "Canonical CSV",
  jsonl: "Canonical JSONL",
  discourse: "Discourse posts",
};

/** "try `import jsonl`" for the CLI, "choose the “Canonical JSONL” source" for the page; null when nothing fits or it is the one used. */
export function importerHint(sniffed: Sniffed, used: string): AudienceHint | null {
  if (!sniffed.importer || sniffed.importer === used) return null;
  return {
    cli: `try \`import ${sniffed.importer}\``,
    web: `choose the “${WEB_SOURCE_NAMES[sniffed.importer]}” source`,
  };
}

async function readHead(file: string): Promise<Buffer> {
  const handle = await open(file, "r");
  try {
    const buf = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buf, 0, HEAD_BYTES, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function gunzipHead(head: Buffer): Buffer {
  try {
    return gunzipSync(head, { finishFlush: 2 /* Z_SYNC_FLUSH: a cut-off stream is expected */ });
  } catch {
    return Buffer.alloc(0);
  }
}

function firstJsonObject(line: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(line);
    return value !== null && typeof value === "object" && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

const CANONICAL_KINDS = new Set([
  "member",
  "members",
  "identity",
  "identities",
  "event",
  "events",
  "subscription_change",
  "subscription_changes",
]);

function describeJsonObject(o: Record<string, unknown>): Sniffed {
  if ("latest_posts" in o || "post_stream" in o)
    return { description: "Discourse posts (a saved /posts.json or /t/ID.json)", importer: "discourse" };
  if ("user_actions" in o || ("post_number" in o && "topic_id" in o))
    return {
      description: "Discourse posts (a saved /user_actions.json or /posts/ID.json)",
      importer: "discourse",
    };
  if (typeof o.kind === "string" && CANONICAL_KINDS.has(o.kind))
    return { description: "canonical JSONL (objects with a `kind`)", importer: "jsonl" };
  if (o.object === "event" || (typeof o.id === "string" && o.id.startsWith("evt_")))
    return { description: "Stripe Event objects", importer: "stripe-events" };
  if (o.object === "list" && Array.isArray(o.data))
    return { description: "a Stripe list of events", importer: "stripe-events" };
  if (typeof o.type === "string" && o.type.endsWith("Event") && o.actor && typeof o.actor === "object")
    return { description: "GitHub (GH Archive) events", importer: "github" };
  if (typeof o.type === "string" && o.type.endsWith("Event") && typeof o.actor === "string")
    return {
      description:
        "GH Archive events in the pre-2015 Timeline format (`actor` a login, no event id), which no importer reads",
      importer: null,
    };
  if ("fromUser" in o || ("sent" in o && "text" in o))
    return {
      description: "Gitter chat messages, which no importer reads directly (convert them to canonical JSONL)",
      importer: null,
    };
  if ("ts" in o && ("text" in o || "user" in o))
    return {
      description: "Slack messages (one day file?), which are imported as a whole export folder or zip",
      importer: null,
    };
  const keys = Object.keys(o).slice(0, 5).join(", ");
  return {
    description: `JSON objects that no importer recognises (keys: ${keys || "none"})`,
    importer: null,
  };
}

function describeText(text: string): Sniffed {
  const lines = text.split(/\r?\n/).filter((l) => l.trim().length > 0);
  if (lines.length === 0) return { description: "an empty file", importer: null };
  const first = lines[0].trim();
  if (first.startsWith("{")) {
    const o = firstJsonObject(first);
    if (o) return describeJsonObject(o);
    return {
      description: "JSON that does not fit on one line per record (a pretty-printed document?)",
      importer: null,
    };
  }
  if (first.startsWith("[")) {
    if (/"(?:latest_posts|post_stream)"\s*:/.test(text))
      return { description: "saved Discourse pages of posts", importer: "discourse" };
    if (/"(?:object)"\s*:\s*"event"/.test(text) || /"evt_/.test(text))
      return { description: "a JSON array of Stripe Event objects", importer: "stripe-events" };
    if (/"type"\s*:\s*"[A-Za-z]+Event"/.test(text))
      return { description: "a JSON array of GitHub events (the REST API's event list)", importer: "github" };
    if (/"sha"\s*:/.test(text) && /"commit"\s*:/.test(text))
      return { description: "GitHub's list of commits (a git log)", importer: "git" };
    if (/"ts"\s*:/.test(text))
      return {
        description: "one Slack day file, which is imported as part of a whole export folder or zip",
        importer: null,
      };
    return { description: "a JSON array, which no importer reads as it is", importer: null };
  }
  const tabs = first.split("\t");
  if (tabs.length >= 4 && (/^[0-9a-f]{40}$/i.test(tabs[0]) || tabs[0].toLowerCase() === "sha"))
    return { description: "a git log (sha, author, email, date)", importer: "git" };
  if (/^commit [0-9a-f]{40}/.test(first)) return { description: "plain `git log` output", importer: "git" };
  if (first.includes(",")) {
    const header = first.toLowerCase();
    if (header.includes("transaction description") && header.includes("user profile"))
      return { description: "an Open Collective transactions export", importer: "opencollective" };
    // Open Collective's current export, by field name or by label (`useFieldNames=1`).
    if (/oppositeaccountslug|opposite account handle/.test(header) && header.includes("kind"))
      return {
        description: "an Open Collective transactions export (current format)",
        importer: "opencollective",
      };
    if (/^"?memberid"?,/.test(header) && header.includes("profile"))
      return {
        description: "an Open Collective members export (members/all.csv)",
        importer: "opencollective",
      };
    if (/^\uFEFF?id,name,username,email(,|$)/.test(header))
      return { description: "a Discourse user list export (Admin → Users → Export)", importer: "discourse" };
    // Stripe's Dashboard exports (customers, subscriptions, payments) hold states, not the events that changed them.
    if (
      /(^|,)"?customer (id|email)"?(,|$)/.test(header) ||
      (header.startsWith("id,") && header.includes("created (utc)"))
    )
      return {
        description:
          "a Stripe Dashboard export (CSV), which holds states, not Stripe events: save the account's events (`stripe events list`) or use `npm run cli -- stripe sync`",
        importer: null,
      };
    const cols = header.split(",").map((c) =>
      c
        .trim()
        .replace(/^"|"$/g, "")
        .replace(/[\s-]+/g, "_"),
    );
    const canonical = [
      "kind",
      "member_key",
      "external_id",
      "actor_external_id",
      "occurred_at",
      "subscription_id",
    ];
    if (cols.some((c) => canonical.includes(c))) return { description: "a canonical CSV", importer: "csv" };
    return {
      description: `a CSV whose header (${cols.slice(0, 4).join(", ")}…) matches no importer`,
      importer: null,
    };
  }
  return { description: "text that no importer recognises", importer: null };
}

/** What `input` looks like; never throws (an unreadable input is described as such). */
export async function sniffInput(input: string): Promise<Sniffed> {
  try {
    const info = await stat(input);
    if (info.isDirectory()) {
      const names = new Set(await readdir(input));
      if (names.has("users.json") || names.has("org_users.json") || names.has("channels.json"))
        return { description: "a Slack export folder", importer: "slack" };
      if (names.has(".git") || names.has("HEAD"))
        return {
          description: "a git repository (export its log first, as docs/import-formats.md shows)",
          importer: null,
        };
      return { description: "a folder (only a Slack export is imported as a folder)", importer: null };
    }
    if (info.size === 0) return { description: "an empty file", importer: null };
    let head = await readHead(input);
    if (head[0] === 0x50 && head[1] === 0x4b)
      return { description: "a zip archive (a Slack export?)", importer: "slack" };
    if (head[0] === 0x1f && head[1] === 0x8b) head = gunzipHead(head);
    const encoding = detectEncoding(head);
    const text = new TextDecoder(encoding.name === "utf-8" ? "utf-8" : encoding.name, {
      fatal: false,
    }).decode(head.subarray(encoding.bomBytes));
    return describeText(text);
  } catch {
    return { description: "something that cannot be read", importer: null };
  }
}
