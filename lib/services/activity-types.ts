// Default activity types: which count as contributions and their weight. Admins change these in Settings.
import "server-only";
import { db } from "@/lib/db/client";

export const DEFAULT_ACTIVITY_TYPES: {
  type: string;
  label: string;
  weight: number;
  isContribution: boolean;
}[] = [
  { type: "message", label: "Message", weight: 1, isContribution: false },
  { type: "thread_reply", label: "Thread reply", weight: 1, isContribution: false },
  { type: "reaction", label: "Reaction", weight: 0.2, isContribution: false },
  { type: "message_edit", label: "Message edit", weight: 0.1, isContribution: false },
  { type: "post", label: "Forum post", weight: 1.5, isContribution: false },
  { type: "reply", label: "Forum reply", weight: 1, isContribution: false },
  { type: "accepted_answer", label: "Accepted answer", weight: 4, isContribution: true },
  { type: "pr_opened", label: "Pull request opened", weight: 3, isContribution: true },
  { type: "pr_merged", label: "Pull request merged", weight: 5, isContribution: true },
  { type: "pr_review", label: "Review", weight: 3, isContribution: true },
  { type: "pr_review_comment", label: "Review comment", weight: 1, isContribution: false },
  { type: "issue_opened", label: "Issue opened", weight: 1.5, isContribution: false },
  { type: "issue_comment", label: "Issue comment", weight: 1, isContribution: false },
  { type: "push", label: "Push", weight: 1, isContribution: false },
  { type: "commit", label: "Commit", weight: 2, isContribution: true },
  { type: "docs", label: "Documentation", weight: 3, isContribution: true },
  { type: "talk", label: "Talk", weight: 5, isContribution: true },
  { type: "meetup_hosted", label: "Meetup hosted", weight: 5, isContribution: true },
  { type: "pairing_session", label: "Pairing session", weight: 3, isContribution: true },
  { type: "rsvp", label: "Meetup RSVP", weight: 0.5, isContribution: false },
  { type: "attended", label: "Meetup attended", weight: 2, isContribution: false },
  { type: "manual_contribution", label: "Manual contribution", weight: 5, isContribution: true },
];

/** Inserts the defaults that are missing; never overwrites an admin's choice. */
export async function ensureDefaultActivityTypes(): Promise<void> {
  await db.activityType.createMany({ data: DEFAULT_ACTIVITY_TYPES, skipDuplicates: true });
}
