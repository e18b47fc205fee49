// GitHub REST and webhook objects → canonical records. Accounts use the archive importer's identity
// key (the numeric user id) and channel (owner/name); commits use the git-log importer's key (the
// sha) and author identity, so a git log imported later adds nothing. Issue, PR, review, comment and
// star events carry stable natural keys, shared by the scheduled sync and the webhook deliveries.
import { ghIdentityRef, isGhBot, LOW_WEIGHT_TYPES } from "@/lib/ingest/github";
import { gitIdentityKey, gitIdentityRecord } from "@/lib/ingest/git/git-identity";
import type { EventRecord, IdentityRecord, IngestRecord } from "@/lib/ingest/types";

export interface GhUser {
  id?: number | null;
  login: string;
  type?: string | null;
}

export function accountIdentity(user: GhUser): IdentityRecord {
  return { kind: "identity", ...ghIdentityRef(user), handle: user.login, isBot: isGhBot(user) };
}

/** GitHub shows a deleted account's issues, comments and reviews as the reserved login "ghost". */
const isGhost = (user: GhUser) => user.login === "ghost";

function event(
  repo: string,
  user: GhUser,
  externalId: string,
  type: string,
  at: string,
  properties: Record<string, unknown>,
): IngestRecord[] {
  // Many deleted people behind one account: crediting it would rank a person who does not exist.
  if (isGhost(user)) return [];
  const record: EventRecord = {
    kind: "event",
    source: "github",
    externalId,
    actor: ghIdentityRef(user),
    type,
    occurredAt: new Date(at),
    channel: repo,
    properties,
  };
  const weight = LOW_WEIGHT_TYPES[type];
  if (weight !== undefined) record.weight = weight;
  return [accountIdentity(user), record];
}

const since = (at: string | null | undefined, horizon: Date) => !!at && Date.parse(at) >= horizon.getTime();

export interface GhIssue {
  number: number;
  user?: GhUser | null;
  created_at: string;
  pull_request?: { merged_at?: string | null } | null;
}

/** An issue or pull request (the issues endpoint returns both): opened, and merged when it was. */
export function issueRecords(repo: string, issue: GhIssue, horizon: Date): IngestRecord[] {
  if (!issue.user) return [];
  const isPr = issue.pull_request != null;
  const out: IngestRecord[] = [];
  if (since(issue.created_at, horizon)) {
    out.push(
      ...event(
        repo,
        issue.user,
        `issue:${repo}#${issue.number}:opened`,
        isPr ? "pr_opened" : "issue_opened",
        issue.created_at,
        { number: issue.number },
      ),
    );
  }
  const mergedAt = issue.pull_request?.merged_at;
  if (mergedAt && since(mergedAt, horizon)) {
    // As in the archive importer, the merge is credited to the PR's author.
    out.push(
      ...event(repo, issue.user, `pr:${repo}#${issue.number}:merged`, "pr_merged", mergedAt, {
        number: issue.number,
      }),
    );
  }
  return out;
}

export interface GhReview {
  id: number;
  user?: GhUser | null;
  state?: string | null;
  submitted_at?: string | null;
}

export function reviewRecords(
  repo: string,
  prNumber: number,
  review: GhReview,
  horizon: Date,
): IngestRecord[] {
  if (
    !review.user ||
    !review.submitted_at ||
    !since(review.submitted_at, horizon) ||
    review.state === "PENDING"
  )
    return [];
  return event(repo, review.user, `review:${review.id}`, "pr_review", review.submitted_at, {
    number: prNumber,
    state: review.state?.toLowerCase() ?? null,
  });
}

export interface GhComment {
  id: number;
  user?: GhUser | null;
  created_at: string;
  html_url?: string | null;
  issue_url?: string | null;
  pull_request_url?: string | null;
}

const numberFrom = (url: string | null | undefined) => {
  const n = Number(url?.split("/").pop());
  return Number.isInteger(n) ? n : null;
};

export function issueCommentRecords(repo: string, comment: GhComment, horizon: Date): IngestRecord[] {
  if (!comment.user || !since(comment.created_at, horizon)) return [];
  return event(repo, comment.user, `issue_comment:${comment.id}`, "issue_comment", comment.created_at, {
    number: numberFrom(comment.issue_url),
    on_pull_request: comment.html_url?.includes("/pull/") ?? false,
  });
}

export function reviewCommentRecords(repo: string, comment: GhComment, horizon: Date): IngestRecord[] {
  if (!comment.user || !since(comment.created_at, horizon)) return [];
  return event(repo, comment.user, `review_comment:${comment.id}`, "pr_review_comment", comment.created_at, {
    number: numberFrom(comment.pull_request_url),
  });
}

export function starRecords(
  repo: string,
  user: GhUser | null | undefined,
  starredAt: string | null | undefined,
  horizon: Date,
): IngestRecord[] {
  if (!user || !starredAt || !since(starredAt, horizon)) return [];
  return event(repo, user, `star:${repo}:${ghIdentityRef(user).externalId}`, "star", starredAt, {});
}

export interface GhCommitAuthor {
  name?: string | null;
  email?: string | null;
  date?: string | null;
}

/** A commit as the git-log importer stores it, plus the GitHub login the API matched to its author email. */
export function commitRecords(
  repo: string,
  sha: string,
  author: GhCommitAuthor | null | undefined,
  login: string | null | undefined,
  horizon: Date,
): IngestRecord[] {
  if (!author?.date || !since(author.date, horizon)) return [];
  const actor = gitIdentityKey(author.email ?? "", author.name ?? "");
  const identity = gitIdentityRecord(actor.externalId, author.email ?? "", author.name ?? "");
  if (login && !login.endsWith("[bot]") && !identity.linkedHandles?.length)
    identity.linkedHandles = [{ source: "github", handle: login }];
  return [
    identity,
    {
      kind: "event",
      source: "git",
      externalId: sha.toLowerCase(),
      actor,
      type: "commit",
      occurredAt: new Date(author.date),
      channel: repo,
    },
  ];
}
