// Slack sync: users (identities), then each channel the bot is in as its own stream, newest page
// first (as conversations.history pages), with thread replies. A channel's watermark (the newest ts
// committed) moves only when a pass has reached the previous watermark, so a killed run resumes from
// its saved page cursor, or from the old watermark, and the idempotent keys make re-reads harmless.
// A token without groups:read reads the public channels; a saved cursor Slack refuses restarts the pass.
import { createHash } from "node:crypto";
import type { WebClient } from "@slack/web-api";
import {
  messageEvents,
  slackUserSchema,
  validateSlackMessage,
  isSlackBotUser,
  slackUserIdentity,
  type SlackChannelRef,
} from "@/lib/ingest/slack";
import { slackUnlistedIdentity } from "@/lib/ingest/slack/users";
import type { IngestRecord } from "@/lib/ingest/types";
import type { StreamState, SyncContext } from "../types";

const PAGE = 200;

/** Slack timestamps ("seconds.micros") compared exactly; floats would lose the micros. */
export function tsCompare(a: string, b: string): number {
  const [as, am = ""] = a.split(".");
  const [bs, bm = ""] = b.split(".");
  return Number(as) - Number(bs) || Number(am.padEnd(6, "0")) - Number(bm.padEnd(6, "0"));
}

const maxTs = (a: string | null, b: string | null) => (!a ? b : !b ? a : tsCompare(a, b) >= 0 ? a : b);
const horizonTs = (d: Date) => `${Math.floor(d.getTime() / 1000)}.000000`;

interface SlackChannel {
  id: string;
  name?: string;
  is_member?: boolean;
  is_archived?: boolean;
}

export async function syncSlack(client: WebClient, ctx: SyncContext): Promise<void> {
  const bots = new Set<string>();
  const known = new Set<string>();
  // Profiles are read every run (no "changed since"), but a page identical to last run's is not written again.
  const savedHashes = ((await ctx.state("users"))?.pages as string | undefined)?.split(",") ?? [];
  const hashes: string[] = [];
  for await (const page of client.paginate("users.list", { limit: PAGE })) {
    const records: IngestRecord[] = [];
    const members = (page as { members?: unknown[] }).members ?? [];
    const hash = createHash("sha256").update(JSON.stringify(members)).digest("base64url").slice(0, 16);
    for (const value of members) {
      const parsed = slackUserSchema.safeParse(value);
      if (!parsed.success) continue;
      known.add(parsed.data.id);
      if (isSlackBotUser(parsed.data)) bots.add(parsed.data.id);
      records.push(slackUserIdentity(parsed.data));
    }
    const unchanged = savedHashes[hashes.length] === hash;
    hashes.push(hash);
    await ctx.commit("users", unchanged ? [] : records, { pages: hashes.join(",") }, records.length);
  }

  const channels = await channelsOf(client);
  await ctx.planStreams(channels.length);
  for (const channel of channels) {
    await syncChannel(
      client,
      ctx,
      { id: channel.id, name: channel.name || channel.id },
      (u) => bots.has(u),
      known,
    );
    await ctx.streamDone();
  }
}

const slackError = (error: unknown) => (error as { data?: { error?: string; needed?: string } }).data;

/** The channels the bot is in; public ones only when the token may not list private ones (no groups:read). */
async function channelsOf(client: WebClient): Promise<SlackChannel[]> {
  const list = async (types: string) => {
    const channels: SlackChannel[] = [];
    for await (const page of client.paginate("conversations.list", {
      limit: PAGE,
      exclude_archived: true,
      types,
    })) {
      for (const c of (page as { channels?: SlackChannel[] }).channels ?? [])
        if (c.is_member !== false && !c.is_archived) channels.push(c);
    }
    return channels;
  };
  try {
    return await list("public_channel,private_channel");
  } catch (error) {
    const data = slackError(error);
    if (data?.error !== "missing_scope" || data.needed !== "groups:read") throw error;
    return list("public_channel");
  }
}

async function syncChannel(
  client: WebClient,
  ctx: SyncContext,
  channel: SlackChannelRef,
  isBot: (u: string) => boolean,
  known: Set<string>,
) {
  const key = `channel:${channel.id}`;
  const saved = (await ctx.state(key)) ?? {};
  const watermark = (saved.watermark as string | null) ?? null;
  const oldest = watermark ?? horizonTs(ctx.horizon);
  let cursor = (saved.cursor as string | null) ?? undefined;
  let top = (saved.top as string | null) ?? null;
  for (;;) {
    let page: Awaited<ReturnType<WebClient["conversations"]["history"]>>;
    try {
      page = await client.conversations.history({
        channel: channel.id,
        oldest,
        limit: PAGE,
        ...(cursor ? { cursor } : {}),
      });
    } catch (error) {
      // A saved cursor Slack no longer accepts (an interrupted pass resumed much later): start the
      // pass again from the watermark; what the old pass committed comes back as duplicates.
      if (!cursor || slackError(error)?.error !== "invalid_cursor") throw error;
      cursor = undefined;
      continue;
    }
    const messages = (page.messages ?? []) as unknown[];
    const records: IngestRecord[] = [];
    let fetched = messages.length;
    for (const raw of messages) {
      const ts = addMessage(raw, channel, isBot, known, records);
      top = maxTs(top, ts);
      const parent = raw as { ts?: string; reply_count?: number; latest_reply?: string };
      if (
        parent.ts &&
        (parent.reply_count ?? 0) > 0 &&
        (!parent.latest_reply || tsCompare(parent.latest_reply, oldest) > 0)
      ) {
        fetched += await addReplies(client, channel, parent.ts, oldest, isBot, known, records);
      }
    }
    const next = page.has_more ? page.response_metadata?.next_cursor || null : null;
    // The name rides along so pushed events (which carry only the id) get the same channel.
    const state: StreamState = next
      ? { name: channel.name, watermark, cursor: next, top }
      : { name: channel.name, watermark: maxTs(watermark, top), cursor: null, top: null };
    await ctx.commit(key, records, state, fetched);
    if (!next) return;
    cursor = next;
  }
}

async function addReplies(
  client: WebClient,
  channel: SlackChannelRef,
  threadTs: string,
  oldest: string,
  isBot: (u: string) => boolean,
  known: Set<string>,
  out: IngestRecord[],
): Promise<number> {
  let fetched = 0;
  for await (const page of client.paginate("conversations.replies", {
    channel: channel.id,
    ts: threadTs,
    oldest,
    limit: PAGE,
  })) {
    for (const raw of (page as { messages?: { ts?: string }[] }).messages ?? []) {
      if (raw.ts === threadTs) continue; // the parent, read from the history already
      fetched += 1;
      addMessage(raw, channel, isBot, known, out);
    }
  }
  return fetched;
}

/** The same mapping as the export parser (keys `channel:ts`), so an export imported later adds nothing. */
function addMessage(
  raw: unknown,
  channel: SlackChannelRef,
  isBot: (u: string) => boolean,
  known: Set<string>,
  out: IngestRecord[],
): string | null {
  const checked = validateSlackMessage(raw);
  if ("reason" in checked) return null;
  const { events } = messageEvents(checked.message, channel, isBot);
  for (const event of events) {
    const id = event.actor.externalId;
    if (known.has(id)) continue;
    known.add(id);
    out.push(slackUnlistedIdentity(id, checked.message.user === id ? checked.message.user_profile : null));
  }
  out.push(...events);
  return checked.message.ts;
}
