// Discourse sync: /posts.json pages newest first (`before` = the lowest id seen), down to the last
// committed post or the backfill horizon. Older forums read `before` as inclusive (`id <= before`), so
// the post at `before` comes back at the top of the next page: it is skipped, and a page with nothing
// below `before` ends the pass (else the forum's first post would be asked for forever). As with Slack, the watermark (the highest post id committed)
// moves only when a pass is complete; a killed pass resumes at its saved `before`.
import type { IngestRecord } from "@/lib/ingest/types";
import type { StreamState, SyncContext } from "../types";
import type { DiscourseClient } from "./client";
import { countsAsActivity, postRecords, type DiscoursePost } from "./map";

const KEY = "posts";
const EMAILS = "emails";

export async function syncDiscourse(client: DiscourseClient, ctx: SyncContext): Promise<void> {
  await ctx.planStreams(1);
  const saved = (await ctx.state(KEY)) ?? {};
  const watermark = Number(saved.watermark ?? 0);
  let before = saved.before != null ? Number(saved.before) : undefined;
  let top = Number(saved.top ?? 0);
  // Each lookup is an entry in the forum's staff action log ("check email"), so a member is asked
  // about once, ever: their later posts carry no email, and the stored one stays.
  const asked = new Set(
    String((await ctx.state(EMAILS))?.asked ?? "")
      .split(",")
      .filter(Boolean),
  );
  const askedBefore = asked.size;
  const emails = new Map<number, string | null>();
  // Emails need an admin key: an anonymous reader never asks.
  let emailsAllowed = !client.anonymous;

  const emailOf = async (post: DiscoursePost): Promise<string | null> => {
    const id = post.user_id;
    // System accounts (-1 system, -2 discobot) have no address worth a lookup.
    if (!emailsAllowed || id === null || id <= 0 || !post.username || !countsAsActivity(post)) return null;
    if (emails.has(id)) return emails.get(id) ?? null;
    if (asked.has(String(id))) return null;
    const found = await client.tryGet<{ email?: string }>(
      `/u/${encodeURIComponent(post.username)}/emails.json`,
    );
    // The lookup needs an admin key: after one refusal, stop asking for this run.
    if (found === null) {
      emailsAllowed = false;
      return null;
    }
    asked.add(String(id));
    emails.set(id, found.email ?? null);
    return found.email ?? null;
  };

  for (;;) {
    const page = await client.get<{ latest_posts?: DiscoursePost[] }>("/posts.json", { before });
    const posts = page.latest_posts ?? [];
    const records: IngestRecord[] = [];
    const limit = before;
    const below = limit === undefined ? posts : posts.filter((post) => post.id < limit);
    let reachedEnd = below.length === 0;
    let lowest = before ?? Number.MAX_SAFE_INTEGER;
    for (const post of below) {
      lowest = Math.min(lowest, post.id);
      if (post.id <= watermark || Date.parse(post.created_at) < ctx.horizon.getTime()) {
        reachedEnd = true;
        continue;
      }
      top = Math.max(top, post.id);
      records.push(...postRecords(post, await emailOf(post)));
    }
    const state: StreamState = reachedEnd
      ? { watermark: Math.max(watermark, top), before: null, top: null }
      : { watermark, before: lowest, top };
    await ctx.commit(KEY, records, state, posts.length);
    if (reachedEnd) break;
    before = lowest;
  }
  if (asked.size > askedBefore) await ctx.commit(EMAILS, [], { asked: [...asked].join(",") }, 0);
  await ctx.streamDone();
}
