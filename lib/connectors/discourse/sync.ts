// Discourse sync: /posts.json pages newest first (`before` = the lowest id seen), down to the last
// committed post or the backfill horizon. Older forums read `before` as inclusive (`id <= before`), so
// the post at `before` comes back at the top of the next page: it is skipped, and a page with nothing
// below `before` ends the pass (else the forum's first post would be asked for forever). As with Slack, the watermark (the highest post id committed)
// moves only when a pass is complete; a killed pass resumes at its saved `before`.
import type { IngestRecord } from "@/lib/ingest/types";
import type { StreamState, SyncContext } from "../types";
import type { DiscourseClient } from "./client";
import { postRecords, type DiscoursePost } from "./map";

const KEY = "posts";

export async function syncDiscourse(client: DiscourseClient, ctx: SyncContext): Promise<void> {
  await ctx.planStreams(1);
  const saved = (await ctx.state(KEY)) ?? {};
  const watermark = Number(saved.watermark ?? 0);
  let before = saved.before != null ? Number(saved.before) : undefined;
  let top = Number(saved.top ?? 0);
  const emails = new Map<string, string | null>();
  let emailsAllowed = true;

  const emailOf = async (username: string): Promise<string | null> => {
    if (!emailsAllowed) return null;
    if (!emails.has(username)) {
      const found = await client.tryGet<{ email?: string }>(`/u/${encodeURIComponent(username)}/emails.json`);
      // The lookup needs an admin key: after one refusal, stop asking for this run.
      if (found === null) emailsAllowed = false;
      emails.set(username, found?.email ?? null);
    }
    return emails.get(username) ?? null;
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
      records.push(...postRecords(post, post.username ? await emailOf(post.username) : null));
    }
    const state: StreamState = reachedEnd
      ? { watermark: Math.max(watermark, top), before: null, top: null }
      : { watermark, before: lowest, top };
    await ctx.commit(KEY, records, state, posts.length);
    if (reachedEnd) break;
    before = lowest;
  }
  await ctx.streamDone();
}
