// Discourse posts saved from a forum's public JSON (no API key needed): /posts.json pages, /t/ID.json
// topics, /posts/ID.json, /user_actions.json pages, or arrays of them, one document or one per line; and the admin
// user list export (CSV), whose emails the JSON lacks. Each post becomes what the Discourse
// connector makes of it (same keys), so a saved file and a later sync never count a post twice.
import { z } from "zod";
import { postRecords, type DiscoursePost } from "@/lib/connectors/discourse/map";
import { concatenatedJson } from "../json-documents";
import { clip, jsonErrorLine, readFileLines, type TextReadOptions } from "../line-reader";
import { MalformedFileError, type IngestRecord, type ParsedRow } from "../types";
import { isUserListHeader, isZipFile, parseDiscourseUserList, parseZippedUserList } from "./user-list-csv";

/** A saved document is held whole: many pages of posts, far less than the heap. */
const MAX_DOCUMENT_CHARS = 64 * 1024 * 1024;

const postSchema = z
  .object({
    id: z.number().int(),
    user_id: z.number().int().nullable(),
    username: z.string().nullable(),
    name: z.string().nullish(),
    created_at: z.string().refine((s) => !Number.isNaN(Date.parse(s)), "not a date"),
    topic_id: z.number().int(),
    post_number: z.number().int(),
    post_type: z.number().int().nullish(),
    hidden: z.boolean().nullish(),
    user_deleted: z.boolean().nullish(),
    topic_slug: z.string().nullish(),
    category_id: z.number().int().nullish(),
    deleted_at: z.string().nullish(),
  })
  .loose();

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v);

/** A saved page: /posts.json's `latest_posts` or a topic's `post_stream`. */
const isPage = (v: unknown): boolean => isObject(v) && ("latest_posts" in v || "post_stream" in v);

/** A post as /posts/ID.json gives it alone: its own fields at the top. */
const isPost = (v: unknown): boolean => isObject(v) && "post_number" in v && "topic_id" in v;

/** A post the file names but does not give enough of to count. */
class Unreadable {
  constructor(readonly reason: string) {}
}

/** user_actions' types for a person's own posts: 4 a topic they opened, 5 their reply. Likes, mentions, quotes are others' posts. */
const OWN_POST_ACTIONS = new Set([4, 5]);

/**
 * /user_actions.json?username=U&filter=4,5 (a person's activity page) as posts: the acting user wrote
 * `post_id`, so it is the post a topic or the posts page gives (same key, counted once).
 */
function postOfAction(action: unknown): unknown {
  if (!isObject(action) || !OWN_POST_ACTIONS.has(action.action_type as number)) return null;
  // Discourse leaves post_id null on some "new topic" actions: the post is then the topic's first, in /t/ID.json.
  if (action.post_id == null)
    return new Unreadable(
      `post_id: none (save /t/${String(action.topic_id)}.json for this topic's first post)`,
    );
  return {
    // Discourse's API docs type it as a string; the JSON gives a number.
    id:
      typeof action.post_id === "string" && /^\d+$/.test(action.post_id)
        ? Number(action.post_id)
        : action.post_id,
    user_id: action.acting_user_id ?? action.user_id,
    username: action.acting_username ?? action.username,
    name: action.acting_name ?? action.name,
    created_at: action.created_at,
    topic_id: action.topic_id,
    post_number: action.post_number,
    post_type: action.post_type,
    hidden: action.hidden === true,
    topic_slug: action.slug,
    category_id: action.category_id,
    deleted_at: action.deleted === true ? action.created_at : null,
  };
}

/** What an array of objects that are not posts holds, for the refusal. */
function notPosts(items: unknown[]): string | null {
  const first = items.find(isObject);
  if (!first || isPost(first)) return null;
  const keys = Object.keys(first);
  const what = "email" in first || "last_seen_at" in first ? "users" : "objects";
  return `an array of ${what} that are not posts (keys: ${keys.slice(0, 5).join(", ")})`;
}

/** Where a document keeps its posts, with the JSON path named in errors; or why it holds none. */
function postsOf(doc: unknown, at: string): { posts: unknown[]; path: string } | { reason: string } {
  if (Array.isArray(doc)) {
    const reason = notPosts(doc);
    return reason ? { reason } : { posts: doc, path: at };
  }
  if (!isObject(doc)) return { reason: "not a Discourse JSON object" };
  if (isPost(doc)) return { posts: [doc], path: at };
  if (Array.isArray(doc.latest_posts)) return { posts: doc.latest_posts, path: `${at}.latest_posts` };
  if (Array.isArray(doc.user_actions))
    return {
      posts: doc.user_actions.map(postOfAction).filter((p) => p !== null),
      path: `${at}.user_actions`,
    };
  const stream = doc.post_stream;
  if (isObject(stream) && Array.isArray(stream.posts)) {
    // A topic's page carries its slug; its posts may not.
    const slug = typeof doc.slug === "string" ? doc.slug : null;
    const posts = slug
      ? stream.posts.map((p) => (isObject(p) ? { topic_slug: slug, ...p } : p))
      : stream.posts;
    return { posts, path: `${at}.post_stream.posts` };
  }
  if (isObject(doc.topic_list))
    return {
      reason:
        "a topic list (/latest.json): it names topics, not their posts; save /posts.json pages or each /t/ID.json",
    };
  if (Array.isArray(doc.directory_items))
    return { reason: "the user directory (/directory_items.json): counts per user, not posts" };
  return { reason: `no posts (keys: ${Object.keys(doc).slice(0, 5).join(", ") || "none"})` };
}

/**
 * Rows: one per post, numbered by the line of its document (a JSON-lines file) or, for one whole
 * document, by its position among the file's posts; errors name the JSON path (`latest_posts[3]`).
 * A file that is not JSON, or whose first document holds no posts, is refused whole.
 */
export async function* parseDiscourseJson(
  file: string,
  options: TextReadOptions = {},
): AsyncGenerator<ParsedRow> {
  if (await isZipFile(file)) {
    yield* parseZippedUserList(file, MAX_DOCUMENT_CHARS);
    return;
  }
  const lines: { line: number; text: string }[] = [];
  let chars = 0;
  for await (const { line, text } of readFileLines(file, options)) {
    chars += text.length + 1;
    if (chars > MAX_DOCUMENT_CHARS)
      throw new MalformedFileError(file, line, "larger than 64 MB: save fewer pages per file");
    if (text.trim().length > 0) lines.push({ line, text });
  }
  if (lines.length === 0) return;
  if (isUserListHeader(lines[0].text)) {
    yield* parseDiscourseUserList(
      (async function* () {
        yield* lines;
      })(),
      file,
    );
    return;
  }

  // One document (pretty-printed or not), else one document per line.
  const whole = lines.map((l) => l.text).join("\n");
  let documents: { line: number | null; value: unknown; text: string }[];
  try {
    documents = [{ line: null, value: JSON.parse(whole), text: whole }];
  } catch (err) {
    // Pages appended without a newline between them (`curl … >> file`): back-to-back documents.
    if (lines.length > 1) documents = lines.map(({ line, text }) => ({ line, value: undefined, text }));
    else {
      const appended = concatenatedJson(whole);
      if (!appended)
        throw new MalformedFileError(file, jsonErrorLine(whole, err), `not JSON: ${(err as Error).message}`);
      documents = [{ line: null, value: appended, text: whole }];
    }
  }

  const seen = new Set<string>();
  let position = 0;
  for (const [index, doc] of documents.entries()) {
    let value = doc.value;
    if (doc.line !== null) {
      try {
        value = JSON.parse(doc.text);
      } catch (err) {
        if (index === 0) throw new MalformedFileError(file, doc.line, `not JSON: ${(err as Error).message}`);
        yield {
          ok: false,
          line: doc.line,
          reason: `not JSON: ${(err as Error).message}`,
          raw: clip(doc.text),
        };
        continue;
      }
    }
    // `[page, page, ...]` (pages saved together) as well as one page.
    const pages =
      Array.isArray(value) && value.some(isPage)
        ? value.map((v, i) => ({ v, at: `[${i}]` }))
        : [{ v: value, at: "" }];
    for (const { v, at } of pages) {
      const found = postsOf(v, at);
      if ("reason" in found) {
        if (index === 0 && position === 0)
          throw new MalformedFileError(file, doc.line ?? 1, `not Discourse posts: ${found.reason}`);
        yield {
          ok: false,
          line: doc.line ?? position + 1,
          reason: found.reason,
          raw: clip(JSON.stringify(v) ?? ""),
        };
        continue;
      }
      for (const [i, post] of found.posts.entries()) {
        position++;
        const line = doc.line ?? position;
        const where = `${found.path}[${i}]`.replace(/^\./, "");
        if (post instanceof Unreadable) {
          yield { ok: false, line, reason: `${where}.${post.reason}`, raw: "" };
          continue;
        }
        const parsed = postSchema.safeParse(post);
        if (!parsed.success) {
          const reason = parsed.error.issues
            .map((issue) => `${[where, ...issue.path].join(".")}: ${issue.message}`)
            .join("; ");
          yield { ok: false, line, reason, raw: clip(JSON.stringify(post) ?? "") };
          continue;
        }
        const records: IngestRecord[] = postRecords(parsed.data as DiscoursePost).filter(
          (r) => r.kind !== "identity" || !seen.has(r.externalId),
        );
        for (const r of records) if (r.kind === "identity") seen.add(r.externalId);
        yield { ok: true, line, records };
      }
    }
  }
}
