// Default activity types: which count as contributions and their weight. Admins change these in Settings.
import "server-only";
import { db } from "@/lib/db/client";
import { eventKindLabel } from "@/lib/format/labels";

const DEFAULT_WEIGHTS: { type: string; weight: number; isContribution: boolean }[] = [
  { type: "message", weight: 1, isContribution: false },
  { type: "thread_reply", weight: 1, isContribution: false },
  { type: "reaction", weight: 0.2, isContribution: false },
  { type: "message_edit", weight: 0.1, isContribution: false },
  { type: "post", weight: 1.5, isContribution: false },
  { type: "reply", weight: 1, isContribution: false },
  { type: "accepted_answer", weight: 4, isContribution: true },
  { type: "pr_opened", weight: 3, isContribution: true },
  { type: "pr_merged", weight: 5, isContribution: true },
  { type: "pr_review", weight: 3, isContribution: true },
  { type: "pr_review_comment", weight: 1, isContribution: false },
  { type: "issue_opened", weight: 1.5, isContribution: false },
  { type: "issue_comment", weight: 1, isContribution: false },
  { type: "push", weight: 1, isContribution: false },
  { type: "commit", weight: 2, isContribution: true },
  { type: "docs", weight: 3, isContribution: true },
  { type: "talk", weight: 5, isContribution: true },
  { type: "meetup_hosted", weight: 5, isContribution: true },
  { type: "pairing_session", weight: 3, isContribution: true },
  { type: "rsvp", weight: 0.5, isContribution: false },
  { type: "attended", weight: 2, isContribution: false },
  { type: "manual_contribution", weight: 5, isContribution: true },
];

/** Labels come from the one map the pages use (lib/format/labels), so the settings and the feed agree. */
export const DEFAULT_ACTIVITY_TYPES = DEFAULT_WEIGHTS.map((t) => ({ ...t, label: eventKindLabel(t.type) }));

/** Inserts the defaults that are missing; never overwrites an admin's choice. */
export async function ensureDefaultActivityTypes(): Promise<void> {
  await db.activityType.createMany({ data: DEFAULT_ACTIVITY_TYPES, skipDuplicates: true });
}
