// Maps one object of a GitHub REST list (`gh api repos/OWNER/REPO/issues|pulls|issues/comments|pulls/comments`,
// a pull's `reviews`, `stargazers` saved as star+json) to the same activity the archive's events give.
import { LOW_WEIGHT_TYPES, type GhAccount } from "./map-event";

export interface MappedRestActivity {
  externalId: string;
  type: string;
  account: GhAccount;
  occurredAt: Date;
  channel: string | null;
  weight?: number;
  properties: Record<string, unknown>;
}

type Obj = Record<string, unknown>;

const obj = (v: unknown): Obj | null =>
  v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : null;
const str = (v: unknown): string | null => (typeof v === "string" && v.length > 0 ? v : null);

function account(v: unknown): GhAccount | null {
  const o = obj(v);
  const login = str(o?.login);
  if (!o || !login) return null;
  return { id: o.id as number | string | undefined, login, type: str(o.type) };
}

function date(v: unknown): Date | null {
  const s = str(v);
  if (!s) return null;
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** OWNER/REPO and the issue or pull number from the API and web URLs every such object carries. */
const REPO_URL =
  /^https:\/\/(?:api\.github\.com\/repos|github\.com)\/([^/]+\/[^/#?]+)(?:\/(?:issues|pulls?)\/(\d+))?/;
function where(o: Obj, ...keys: string[]): { repo: string | null; number: number | null } {
  for (const key of keys) {
    const m = REPO_URL.exec(str(o[key]) ?? "");
    if (m) return { repo: m[1], number: m[2] ? Number(m[2]) : null };
  }
  return { repo: null, number: null };
}

/** Why an object of a REST list cannot be read, or null when it is no REST object we know. */
export type RestResult = { activities: MappedRestActivity[] } | { reason: string } | null;

/**
 * Issues and pulls give `issue_opened` / `pr_opened` (and `pr_merged` at `merged_at`, credited to the author),
 * keyed by repository and number so the issues list and the pulls list count a pull request once. Comments,
 * review comments and reviews are keyed by their own id; a star by the account and its `starred_at`.
 */
export function mapRestResource(value: unknown): RestResult {
  const o = obj(value);
  if (!o) return null;
  if (str(o.sha) && obj(o.commit))
    return { reason: "a commit of GitHub's commits API: import that file with `import git`" };
  if ("starred_at" in o && obj(o.user)) return star(o);
  if ("starred_at" in o && obj(o.repo))
    return {
      reason: "a repository someone starred (`users/NAME/starred`): the file does not say whose star it is",
    };
  if (str(o.login) && !("created_at" in o))
    return {
      reason:
        "a GitHub account with no date (a stargazers or contributors list): save stargazers with `-H 'Accept: application/vnd.github.star+json'` to get `starred_at`",
    };
  const user = o.user === null ? null : account(o.user);
  const kind =
    typeof o.number === "number" && "title" in o
      ? "issue"
      : str(o.issue_url)
        ? "comment"
        : "diff_hunk" in o || "pull_request_review_id" in o
          ? "review_comment"
          : str(o.pull_request_url) && typeof o.state === "string"
            ? "review"
            : null;
  if (!kind) return null;
  if (!user) return { reason: "no `user`: its author's account was deleted" };
  if (kind === "issue") return issueOrPull(o, user);
  const at = date(kind === "review" ? o.submitted_at : o.created_at);
  if (kind === "review" && at === null) return { activities: [] }; // a pending review, never submitted
  if (!at) return { reason: `${kind === "review" ? "submitted_at" : "created_at"} is not a date` };
  const id = o.id;
  if (typeof id !== "number" && !str(id)) return { reason: "no `id`" };
  const { repo, number } = where(o, kind === "comment" ? "issue_url" : "pull_request_url", "html_url");
  const one = (key: string, type: string, properties: Record<string, unknown>): RestResult => ({
    activities: [
      { account: user, occurredAt: at, channel: repo, externalId: `rest:${key}:${id}`, type, properties },
    ],
  });
  if (kind === "comment")
    return one("issue_comment", "issue_comment", {
      number,
      on_pull_request: /\/pull\/\d+/.test(str(o.html_url) ?? ""),
    });
  if (kind === "review_comment") return one("review_comment", "pr_review_comment", { number });
  return one("review", "pr_review", { number, state: str(o.state)?.toLowerCase() ?? null });
}

function issueOrPull(o: Obj, user: GhAccount): RestResult {
  const opened = date(o.created_at);
  if (!opened) return { reason: "created_at is not a date" };
  const { repo } = where(o, "repository_url", "url", "html_url");
  if (!repo) return { reason: "no repository in its `url` or `html_url`" };
  const number = o.number as number;
  const pull = obj(o.pull_request);
  const isPull = pull !== null || ("head" in o && "base" in o);
  const key = `rest:${repo.toLowerCase()}#${number}`;
  const activities: MappedRestActivity[] = [
    {
      externalId: `${key}:opened`,
      type: isPull ? "pr_opened" : "issue_opened",
      account: user,
      occurredAt: opened,
      channel: repo,
      properties: { number },
    },
  ];
  const merged = isPull ? date(o.merged_at ?? pull?.merged_at) : null;
  if (merged)
    activities.push({
      externalId: `${key}:merged`,
      type: "pr_merged",
      account: user,
      occurredAt: merged,
      channel: repo,
      properties: { number, merged_by: account(o.merged_by)?.login ?? null },
    });
  return { activities };
}

function star(o: Obj): RestResult {
  const user = account(o.user);
  const at = date(o.starred_at);
  if (!user) return { reason: "no `user.login`" };
  if (!at) return { reason: "starred_at is not a date" };
  return {
    activities: [
      {
        externalId: `rest:star:${user.id ?? user.login}:${at.toISOString()}`,
        type: "star",
        account: user,
        occurredAt: at,
        channel: null,
        weight: LOW_WEIGHT_TYPES.star,
        properties: {},
      },
    ],
  };
}
