// Discourse posts → canonical records: the first post of a topic is a forum "post", later ones are
// "reply" (the activity types forum imports use); authors are keyed by their numeric user id.
import { normaliseEmail } from "@/lib/ingest/email-domains";
import type { IdentityRecord, IngestRecord } from "@/lib/ingest/types";

export interface DiscoursePost {
  id: number;
  /** null for a post whose author was deleted (PostSerializer then has no username either). */
  user_id: number | null;
  username: string | null;
  name?: string | null;
  created_at: string;
  topic_id: number;
  post_number: number;
  post_type?: number | null;
  /** Hidden after flags (spam, off-topic): not shown to the public. */
  hidden?: boolean | null;
  /** Withdrawn by its author ("post withdrawn by author, will be deleted…"). */
  user_deleted?: boolean | null;
  topic_slug?: string | null;
  category_id?: number | null;
  deleted_at?: string | null;
}

/** post_type 1 is a regular post; moderator actions, small actions and whispers are not activity. */
const REGULAR = 1;

/**
 * No one's address: anonymous posting's shadow accounts get `SecureRandom.hex@anon.<forum host>`, an anonymized
 * account `<username>@anonymized.invalid`.
 */
const NO_ONES_ADDRESS = /^[0-9a-f]{32}@anon\.|\.invalid$/;

export function discourseIdentity(
  post: Pick<DiscoursePost, "username" | "name"> & { user_id: number },
  email?: string | null,
): IdentityRecord {
  const record: IdentityRecord = {
    kind: "identity",
    source: "discourse",
    externalId: String(post.user_id),
    handle: post.username,
    displayName: post.name?.trim() || null,
    isBot: post.user_id <= 0,
  };
  const normalised = normaliseEmail(email);
  if (normalised && !NO_ONES_ADDRESS.test(normalised)) record.email = normalised;
  return record;
}

/**
 * A regular, public post by an author who still exists (a deleted author's posts name no one): not a whisper, small
 * action or moderator note, not deleted, withdrawn by its author, or hidden by flags.
 */
export function countsAsActivity(post: DiscoursePost): post is DiscoursePost & { user_id: number } {
  return (
    (post.post_type ?? REGULAR) === REGULAR &&
    !post.deleted_at &&
    !post.user_deleted &&
    !post.hidden &&
    post.user_id != null
  );
}

export function postRecords(post: DiscoursePost, email?: string | null): IngestRecord[] {
  if (!countsAsActivity(post)) return [];
  const userId = post.user_id;
  return [
    discourseIdentity({ ...post, user_id: userId }, email),
    {
      kind: "event",
      source: "discourse",
      externalId: `post:${post.id}`,
      actor: { source: "discourse", externalId: String(userId) },
      type: post.post_number === 1 ? "post" : "reply",
      occurredAt: new Date(post.created_at),
      channel: post.topic_slug ?? `topic-${post.topic_id}`,
      properties: {
        topicId: post.topic_id,
        postNumber: post.post_number,
        categoryId: post.category_id ?? null,
      },
    },
  ];
}
