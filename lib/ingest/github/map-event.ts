// Maps one GH Archive event to the normalised event type, actor and properties.
// Types we do not score (DeleteEvent, GollumEvent, MemberEvent, ...) map to null and are skipped.
import type { IdentityRef } from "../types";

/** The parts of an archive event this mapper reads; validated by the parser first. */
export interface GhArchiveEvent {
  id: string;
  type: string;
  actor: { id?: number | string | null; login: string; type?: string | null };
  repo?: { id?: number | string | null; name?: string | null } | null;
  payload?: Record<string, unknown> | null;
  created_at: string;
}

/** A GitHub account as named in an event (the actor, or a PR's author). */
export interface GhAccount {
  id?: number | string | null;
  login: string;
  type?: string | null;
}

export interface MappedGhEvent {
  type: string;
  account: GhAccount;
  weight?: number;
  properties: Record<string, unknown>;
  /** Commit author email the account pushed as its own work (see `ownCommitEmail`). */
  commitEmail?: string;
}

/** Weights for the activity types that say little about engagement; the rest use the scorer's default. */
export const LOW_WEIGHT_TYPES: Record<string, number> = { star: 0.1, fork: 0.25, create: 0.25, release: 0.5 };

export function ghIdentityRef(account: GhAccount): IdentityRef {
  const id = account.id;
  return {
    source: "github",
    externalId: id !== undefined && id !== null && id !== "" ? String(id) : account.login,
  };
}

export function isGhBot(account: GhAccount): boolean {
  return account.login.endsWith("[bot]") || account.type === "Bot";
}

/**
 * The author email of a push whose commits all carry one author address: the pusher's own work.
 * Pushes mixing authors (merges of several pull requests) name other people and are not read;
 * noreply addresses are skipped (one naming the pusher adds nothing, one naming another account
 * says the work is someone else's), as are bot authors.
 */
export function ownCommitEmail(commits: unknown): string | undefined {
  if (!Array.isArray(commits) || commits.length === 0) return undefined;
  let email: string | undefined;
  for (const commit of commits) {
    const author = obj(obj(commit)?.author);
    const address = typeof author?.email === "string" ? author.email.trim().toLowerCase() : "";
    const name = typeof author?.name === "string" ? author.name : "";
    if (!address.includes("@") || address.endsWith("noreply.github.com") || name.endsWith("[bot]"))
      return undefined;
    if (email !== undefined && email !== address) return undefined;
    email = address;
  }
  return email;
}

function obj(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

function asAccount(value: unknown): GhAccount | null {
  const o = obj(value);
  if (!o || typeof o.login !== "string" || o.login.length === 0) return null;
  return {
    id: o.id as number | string | undefined,
    login: o.login,
    type: typeof o.type === "string" ? o.type : null,
  };
}

function num(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

function low(type: string, account: GhAccount, properties: Record<string, unknown>): MappedGhEvent {
  return { type, account, weight: LOW_WEIGHT_TYPES[type], properties };
}

export function mapGhEvent(event: GhArchiveEvent): MappedGhEvent | null {
  const payload = obj(event.payload) ?? {};
  const action = typeof payload.action === "string" ? payload.action : undefined;
  const actor: GhAccount = { id: event.actor.id, login: event.actor.login, type: event.actor.type ?? null };

  switch (event.type) {
    case "PullRequestEvent": {
      const pr = obj(payload.pull_request) ?? {};
      const number = num(payload.number) ?? num(pr.number);
      if (action === "opened") return { type: "pr_opened", account: actor, properties: { number } };
      // Older archives say `closed` with `merged: true`; recent pipelines send `action: "merged"`.
      if ((action === "closed" && pr.merged === true) || action === "merged") {
        // Credit the merge to the PR's author; the merger is kept as a property.
        const author = asAccount(pr.user) ?? actor;
        const mergedBy = asAccount(pr.merged_by)?.login ?? actor.login;
        return {
          type: "pr_merged",
          account: author,
          properties: {
            number,
            merged_by: mergedBy,
            additions: num(pr.additions),
            deletions: num(pr.deletions),
          },
        };
      }
      return null;
    }
    case "PullRequestReviewEvent": {
      const review = obj(payload.review) ?? {};
      const pr = obj(payload.pull_request) ?? {};
      return {
        type: "pr_review",
        account: actor,
        properties: { number: num(pr.number), state: review.state ?? null },
      };
    }
    case "PullRequestReviewCommentEvent": {
      if (action !== undefined && action !== "created") return null;
      const pr = obj(payload.pull_request) ?? {};
      return { type: "pr_review_comment", account: actor, properties: { number: num(pr.number) } };
    }
    case "IssuesEvent": {
      if (action !== "opened") return null;
      const issue = obj(payload.issue) ?? {};
      return { type: "issue_opened", account: actor, properties: { number: num(issue.number) } };
    }
    case "IssueCommentEvent": {
      if (action !== undefined && action !== "created") return null;
      const issue = obj(payload.issue) ?? {};
      return {
        type: "issue_comment",
        account: actor,
        properties: { number: num(issue.number), on_pull_request: obj(issue.pull_request) !== null },
      };
    }
    case "PushEvent": {
      // Post-2025 archives may carry neither `size` nor `commits`: a push happened, so count one.
      const commits =
        Array.isArray(payload.commits) && payload.commits.length > 0 ? payload.commits.length : undefined;
      const commitEmail = ownCommitEmail(payload.commits);
      return {
        type: "push",
        account: actor,
        properties: {
          commits: num(payload.size) || commits || 1,
          ref: typeof payload.ref === "string" ? payload.ref : null,
        },
        ...(commitEmail ? { commitEmail } : {}),
      };
    }
    case "WatchEvent":
      return low("star", actor, {});
    case "ForkEvent":
      return low("fork", actor, { forkee: obj(payload.forkee)?.full_name ?? null });
    case "CreateEvent":
      return low("create", actor, { ref_type: payload.ref_type ?? null, ref: payload.ref ?? null });
    case "ReleaseEvent": {
      if (action !== undefined && action !== "published") return null;
      return low("release", actor, { tag: obj(payload.release)?.tag_name ?? null });
    }
    default:
      return null;
  }
}
