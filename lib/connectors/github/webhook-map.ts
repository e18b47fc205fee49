// GitHub webhook deliveries → the same records (and natural keys) as the scheduled sync, so a
// pushed event and the next sync's read of it are one event.
import type { IngestRecord } from "@/lib/ingest/types";
import {
  commitRecords,
  issueCommentRecords,
  issueRecords,
  reviewCommentRecords,
  reviewRecords,
  starRecords,
  type GhComment,
  type GhIssue,
  type GhReview,
  type GhUser,
} from "./map";

const EVER = new Date(0);

type Payload = Record<string, unknown> & { action?: string; repository?: { full_name?: string } };

export function githubWebhookRecords(name: string, payload: Payload): IngestRecord[] {
  const repo = payload.repository?.full_name;
  if (!repo) return [];
  const action = payload.action;
  switch (name) {
    case "issues":
      return action === "opened" ? issueRecords(repo, payload.issue as GhIssue, EVER) : [];
    case "pull_request": {
      const pr = payload.pull_request as GhIssue & { merged?: boolean; merged_at?: string | null };
      if (action === "opened") return issueRecords(repo, { ...pr, pull_request: { merged_at: null } }, EVER);
      // A merge also re-states the opening (same key): harmless, and it fills in a missed "opened".
      if (action === "closed" && pr.merged && pr.merged_at)
        return issueRecords(repo, { ...pr, pull_request: { merged_at: pr.merged_at } }, EVER);
      return [];
    }
    case "pull_request_review":
      return action === "submitted"
        ? reviewRecords(
            repo,
            (payload.pull_request as { number: number }).number,
            payload.review as GhReview,
            EVER,
          )
        : [];
    case "issue_comment":
      return action === "created" ? issueCommentRecords(repo, payload.comment as GhComment, EVER) : [];
    case "pull_request_review_comment":
      return action === "created" ? reviewCommentRecords(repo, payload.comment as GhComment, EVER) : [];
    case "star":
      return action === "created"
        ? starRecords(repo, payload.sender as GhUser, payload.starred_at as string | null, EVER)
        : [];
    case "push": {
      const commits = (payload.commits ?? []) as {
        id: string;
        timestamp: string;
        author?: { name?: string; email?: string; username?: string };
      }[];
      return commits.flatMap((c) =>
        commitRecords(
          repo,
          c.id,
          { name: c.author?.name, email: c.author?.email, date: c.timestamp },
          c.author?.username,
          EVER,
        ),
      );
    }
    default:
      return [];
  }
}
