// Slack's Events API: request signing (v0 HMAC-SHA256 over "v0:<timestamp>:<body>" with the app's
// signing secret, compared in constant time) with a five-minute replay window, and event payloads
// mapped through the export parser's message mapper, so pushed and synced messages share their keys.
import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { messageEvents, validateSlackMessage, type SlackChannelRef } from "@/lib/ingest/slack";
import { slackUnlistedIdentity } from "@/lib/ingest/slack/users";
import type { IngestRecord } from "@/lib/ingest/types";

export const SLACK_REPLAY_WINDOW_SECONDS = 5 * 60;

export type SlackVerification =
  { ok: true } | { ok: false; reason: "missing_signature" | "stale_timestamp" | "bad_signature" };

export function signSlackRequest(secret: string, timestamp: string, body: string): string {
  return `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
}

export function verifySlackRequest(
  body: string,
  timestamp: string | null,
  signature: string | null,
  secret: string,
  nowSeconds = Date.now() / 1000,
): SlackVerification {
  if (!timestamp || !signature || !/^\d+$/.test(timestamp)) return { ok: false, reason: "missing_signature" };
  if (Math.abs(nowSeconds - Number(timestamp)) > SLACK_REPLAY_WINDOW_SECONDS)
    return { ok: false, reason: "stale_timestamp" };
  const expected = Buffer.from(signSlackRequest(secret, timestamp, body));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given))
    return { ok: false, reason: "bad_signature" };
  return { ok: true };
}

export const slackEnvelopeSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("url_verification"), challenge: z.string().min(1).max(500) }),
  z.object({
    type: z.literal("event_callback"),
    event_id: z.string().min(1),
    team_id: z.string().nullish(),
    event: z.object({ type: z.string() }).loose(),
  }),
  z.object({ type: z.literal("app_rate_limited") }).loose(),
]);
export type SlackEnvelope = z.infer<typeof slackEnvelopeSchema>;

const reactionSchema = z.object({
  type: z.literal("reaction_added"),
  user: z.string().min(1),
  reaction: z.string().min(1),
  item: z.object({
    type: z.string(),
    channel: z.string().min(1).optional(),
    ts: z.string().min(1).optional(),
  }),
  item_user: z.string().nullish(),
});

/** One pushed event → records; `channelName` is what the scheduled sync put on the channel's events. */
export function slackEventRecords(
  event: Record<string, unknown>,
  channelName: (id: string) => string,
): IngestRecord[] {
  // An edit arrives as a notice carrying the edited message: only the edit is new (the scheduled sync
  // reads no message older than its watermark, so an edit to one is seen here or nowhere).
  if (event.type === "message" && event.subtype === "message_changed" && typeof event.channel === "string") {
    const edited = event.message as Record<string, unknown> | undefined;
    if (!edited?.edited) return [];
    return slackEventRecords({ ...edited, type: "message", channel: event.channel }, channelName).filter(
      (r) => r.kind === "identity" || (r.kind === "event" && r.type === "message_edit"),
    );
  }
  if (event.type === "message" && typeof event.channel === "string") {
    const checked = validateSlackMessage(event);
    if ("reason" in checked) return [];
    const channel: SlackChannelRef = { id: event.channel, name: channelName(event.channel) };
    // Bot accounts are flagged by their profile (synced from users.list); pushed bot posts carry bot_id.
    const { events } = messageEvents(checked.message, channel, () => false);
    const people = new Set(events.map((e) => e.actor.externalId));
    return [...[...people].map((id) => slackUnlistedIdentity(id)), ...events];
  }
  const reaction = reactionSchema.safeParse(event);
  if (
    reaction.success &&
    reaction.data.item.type === "message" &&
    reaction.data.item.channel &&
    reaction.data.item.ts
  ) {
    const { user, reaction: name, item } = reaction.data;
    const channel = item.channel!;
    const ts = item.ts!;
    // The same fields the export mapper gives a reaction, from the reacted-to message's point of view.
    const message = { ts, user: reaction.data.item_user ?? undefined, reactions: [{ name, users: [user] }] };
    const checked = validateSlackMessage(message);
    if ("reason" in checked) return [];
    const { events } = messageEvents(
      checked.message,
      { id: channel, name: channelName(channel) },
      () => false,
    );
    const reactions = events.filter((e) => e.type === "reaction");
    return reactions.length ? [slackUnlistedIdentity(user), ...reactions] : [];
  }
  return [];
}
