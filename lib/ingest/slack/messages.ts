// One Slack message → its events: the message or thread reply itself, its last edit, and
// one reaction event per reacting user per emoji. Joins, topics and bot posts are not activity.
import { z } from "zod";
import type { EventRecord, IdentityRef } from "../types";

const TS = /^\d{1,12}(?:\.\d{1,9})?$/;
const tsSchema = z.string().regex(TS, "must be a Slack timestamp like 1700000000.000100");

export const slackMessageSchema = z.object({
  ts: tsSchema,
  user: z.string().min(1).nullish(),
  text: z.string().nullish(),
  subtype: z.string().nullish(),
  thread_ts: tsSchema.nullish(),
  parent_user_id: z.string().nullish(),
  reply_count: z.number().nullish(),
  bot_id: z.string().nullish(),
  // Set on what an app posts with its bot token, also when it names the app's bot user (which users.json may lack).
  bot_profile: z.object({}).loose().nullish(),
  edited: z.object({ user: z.string().min(1), ts: tsSchema }).nullish(),
  reactions: z
    .array(z.object({ name: z.string().min(1), users: z.array(z.string()), count: z.number().nullish() }))
    .nullish(),
  files: z.array(z.unknown()).nullish(),
  user_profile: z.object({ name: z.string().nullish(), real_name: z.string().nullish() }).loose().nullish(),
  // Old exports' file_comment messages name their author only here (they have no `user`).
  comment: z.object({ user: z.string().nullish() }).loose().nullish(),
});

export type SlackMessage = z.infer<typeof slackMessageSchema>;

/** Subtypes that are someone's own contribution; every other subtype (joins, topics, bots, ...) is skipped. */
const ACTIVITY_SUBTYPES = new Set([
  "thread_broadcast",
  "reply_broadcast",
  "file_share",
  "me_message",
  "file_comment",
  "file_mention",
]);

/** Slack's "seconds.micro" string → Date (millisecond precision). */
export function slackTsToDate(ts: string): Date {
  const dot = ts.indexOf(".");
  if (dot === -1) return new Date(Number(ts) * 1000);
  const micros = ts
    .slice(dot + 1)
    .padEnd(6, "0")
    .slice(0, 6);
  return new Date(Number(ts.slice(0, dot)) * 1000 + Math.floor(Number(micros) / 1000));
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function isTs(v: unknown): v is string {
  return typeof v === "string" && TS.test(v);
}

function optString(v: unknown): boolean {
  return v === undefined || v === null || typeof v === "string";
}

/** Hand check of what we read, for the hot path; zod explains anything it rejects. */
function quickCheck(v: unknown): v is SlackMessage {
  if (!isObject(v) || !isTs(v.ts)) return false;
  if (
    !optString(v.user) ||
    v.user === "" ||
    !optString(v.subtype) ||
    !optString(v.bot_id) ||
    !optString(v.parent_user_id)
  )
    return false;
  if (v.thread_ts != null && !isTs(v.thread_ts)) return false;
  if (
    v.edited != null &&
    !(isObject(v.edited) && typeof v.edited.user === "string" && v.edited.user !== "" && isTs(v.edited.ts))
  )
    return false;
  if (v.reactions != null) {
    if (!Array.isArray(v.reactions)) return false;
    for (const r of v.reactions) {
      if (!isObject(r) || typeof r.name !== "string" || r.name === "" || !Array.isArray(r.users))
        return false;
      if (!r.users.every((u) => typeof u === "string")) return false;
    }
  }
  return (
    optString(v.text) &&
    (v.files == null || Array.isArray(v.files)) &&
    (v.user_profile == null || isObject(v.user_profile)) &&
    (v.bot_profile == null || isObject(v.bot_profile))
  );
}

/** Parts of a message that only add to it: when one is unreadable, the message still counts without it. */
const EXTRA_PARTS = new Set<PropertyKey>(["edited", "reactions", "files", "user_profile", "comment"]);

/**
 * The message without its unreadable extras: an edit without its editor, a reaction without its
 * users or a bad reaction entry is dropped, never the person's message. Null when the fault is elsewhere.
 */
function withoutBadExtras(value: unknown, issues: z.core.$ZodIssue[]): SlackMessage | null {
  if (!isObject(value) || !issues.every((i) => EXTRA_PARTS.has(i.path[0]))) return null;
  const copy: Record<string, unknown> = { ...value };
  for (const issue of issues) {
    const part = issue.path[0] as string;
    if (part === "reactions" && Array.isArray(copy.reactions) && typeof issue.path[1] === "number") {
      copy.reactions = copy.reactions.map((r, i) => (i === issue.path[1] ? null : r));
    } else delete copy[part];
  }
  if (Array.isArray(copy.reactions)) copy.reactions = copy.reactions.filter((r) => r !== null);
  const retried = slackMessageSchema.safeParse(copy);
  return retried.success ? retried.data : null;
}

export function validateSlackMessage(value: unknown): { message: SlackMessage } | { reason: string } {
  if (quickCheck(value)) return { message: value };
  const result = slackMessageSchema.safeParse(value);
  if (result.success) return { message: result.data };
  const trimmed = withoutBadExtras(value, result.error.issues);
  if (trimmed) return { message: trimmed };
  return {
    reason: result.error.issues.map((i) => `${i.path.join(".") || "message"}: ${i.message}`).join("; "),
  };
}

/** An old export's file_comment author; read here, off the hot path, as quickCheck does not look at `comment`. */
function commentAuthor(message: SlackMessage): string | null {
  const comment: unknown = message.comment;
  return isObject(comment) && typeof comment.user === "string" && comment.user !== "" ? comment.user : null;
}

export interface SlackChannelRef {
  id: string;
  /** Channel name shown on events; DMs have none and use their id. */
  name: string;
}

export interface MessageEvents {
  events: EventRecord[];
  /** Set when the message row itself is unusable (e.g. a human message without a user). */
  reason?: string;
}

/** Bot ids (`B…`), which Slack puts where a user id goes when an app acts: user ids start with U or W. */
const BOT_ID = /^B[A-Z0-9]+$/;

const ref = (user: string): IdentityRef => ({ source: "slack", externalId: user });

/** Builds the events of one validated message; `isBot` says whether a user id is a bot account. */
export function messageEvents(
  message: SlackMessage,
  channel: SlackChannelRef,
  isBot: (user: string) => boolean,
): MessageEvents {
  const events: EventRecord[] = [];
  const base = `${channel.id}:${message.ts}`;
  const subtype = message.subtype ?? null;
  const user = message.user || (subtype === "file_comment" ? commentAuthor(message) : null);
  const isActivity = subtype === null || ACTIVITY_SUBTYPES.has(subtype);
  const byBot =
    subtype === "bot_message" ||
    message.bot_profile != null ||
    (message.bot_id != null && !user) ||
    (user != null && isBot(user));

  if (isActivity && !byBot) {
    if (!user) return { events, reason: "message has no user" };
    const isReply = message.thread_ts != null && message.thread_ts !== message.ts;
    events.push({
      kind: "event",
      source: "slack",
      externalId: base,
      actor: ref(user),
      type: isReply ? "thread_reply" : "message",
      occurredAt: slackTsToDate(message.ts),
      channel: channel.name,
      properties: {
        threadTs: message.thread_ts ?? null,
        parentUserId: message.parent_user_id ?? null,
        replyCount: message.reply_count ?? 0,
        textLength: message.text?.length ?? 0,
        files: message.files?.length ?? 0,
        subtype,
      },
    });
    // An edit by a bot id (`B…`, an app updating a post) is no one's.
    if (message.edited && !isBot(message.edited.user) && !BOT_ID.test(message.edited.user)) {
      events.push({
        kind: "event",
        source: "slack",
        externalId: `${base}:edit:${message.edited.ts}`,
        actor: ref(message.edited.user),
        type: "message_edit",
        occurredAt: slackTsToDate(message.edited.ts),
        channel: channel.name,
        properties: { messageTs: message.ts },
      });
    }
  }
  // Reactions count on any message people can see (a bot's announcement too), never on joins or topics.
  if (isActivity || byBot) {
    for (const reaction of message.reactions ?? []) {
      for (const user of new Set(reaction.users)) {
        if (isBot(user)) continue;
        events.push({
          kind: "event",
          source: "slack",
          externalId: `${base}:reaction:${reaction.name}:${user}`,
          actor: ref(user),
          type: "reaction",
          // Slack keeps no reaction time: the message's time stands in for it.
          occurredAt: slackTsToDate(message.ts),
          channel: channel.name,
          properties: { emoji: reaction.name, messageTs: message.ts, messageUser: user },
        });
      }
    }
  }
  return { events };
}
