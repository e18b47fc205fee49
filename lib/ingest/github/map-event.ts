// Maps one GH Archive event to the normalised event type, actor and properties.
// Types we do not score (DeleteEvent, GollumEvent, MemberEvent, ...) map to null and are skipped.
import type { IdentityRef } from "../types";

/** The parts of an archive event this mapper reads; validated by the parser first. */
export interface GhArchiveEvent {
  id: string;
  type: string;
  actor: { id?: number | string | null; login: string };
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
}

/** Weights for the activity types that say little about engagement; the rest use the scorer's default. */
export const LOW_WEIGHT_TYPES: Record<string, number> = { star: 0.1, fork: 0.25, create: 0.25, release: 0.5 };

export function ghIdentityRef(account: GhAccount): IdentityRef {
  const id = account.id;
  return { source: "github", externalId: id !== undefined && id !== null && id !== "" ? String(id) : account.login };
}

export function isGhBot(account: GhAccount): boolean {
  return account.login.endsWith("[bot]") || account.type === "Bot";
}

function obj(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

function asAccount(value: unknown): GhAccount | null {
  const o = obj(value);
  if (!o || typeof o.login !== "string" || o.login.length === 0) return null;
  return { id: o.id as number | string | undefined, login: o.login, type: typeof o.type === "string" ? o.type : null };
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
  const actor: GhAccount = { id: event.actor.id, login: event.actor.login };

  switch (event.type) {
    case "PullRequestEvent": {
      const pr = obj(payload.pull_request) ?? {};
      const number = num(payload.number) ?? num(pr.number);
      if (action === "opened") return { type: "pr_opened", account: actor, properties: { number } };
      if (action === "closed" && pr.merged === true) {
        // Credit the merge to the PR's author; the merger is kept as a property.
        const author = asAccount(pr.user) ?? actor;
        const mergedBy = asAccount(pr.merged_by)?.login ?? actor.login;
        return {
          type: "pr_merged",
          account: author,
          properties: { number, merged_by: mergedBy, additions: num(pr.additions), deletions: num(pr.deletions) },
        };
      }
      return null;
    }
    case "PullRequestReviewEvent": {
      const review = obj(payload.review) ?? {};
      const pr = obj(payload.pull_request) ?? {};
      return { type: "pr_review", account: actor, properties: { number: num(pr.number), state: review.state ?? null } };
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
      const commits = Array.isArray(payload.commits) ? payload.commits.length : undefined;
      return {
        type: "push",
        account: actor,
        properties: { commits: num(payload.size) ?? commits ?? 0, ref: typeof payload.ref === "string" ? payload.ref : null },
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
