// GitHub sync, one stream per repository resource. Issues (with PRs, their merges and reviews) and
// comments are read oldest-update first with `since`, so the stream's watermark is the last committed
// `updated_at`; commits come newest first, so their watermark moves only when a pass completes, and a
// killed pass resumes at its saved page (the Link header's next URL); a merge commit newer than the
// watermark also brings the commits it merged (their committer dates may be older than the watermark,
// and `since` filters on that date). Stargazers resume at their page.
import type { IngestRecord } from "@/lib/ingest/types";
import type { StreamState, SyncContext } from "../types";
import { ConnectorError } from "../types";
import { githubErrorMessage, type GithubClient } from "./client";
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

const PER_PAGE = 100;

export interface GithubTarget {
  repositories: string[];
  organization?: string;
}

async function repositoriesOf(client: GithubClient, target: GithubTarget): Promise<string[]> {
  const names = new Set(target.repositories);
  const owner = target.organization;
  if (owner) {
    const addAll = async (pages: AsyncIterable<{ data: { full_name: string; archived?: boolean }[] }>) => {
      for await (const page of pages)
        for (const repo of page.data) if (!repo.archived) names.add(repo.full_name);
    };
    try {
      await addAll(
        client.paginate.iterator(client.rest.repos.listForOrg, {
          org: owner,
          type: "all",
          per_page: PER_PAGE,
        }),
      );
    } catch (error) {
      // GitHub answers 404 for /orgs/NAME when NAME is a personal account: list that account's repositories.
      if ((error as { status?: number }).status !== 404) throw error;
      try {
        await addAll(
          client.paginate.iterator(client.rest.repos.listForUser, {
            username: owner,
            type: "owner",
            per_page: PER_PAGE,
          }),
        );
      } catch (missing) {
        if ((missing as { status?: number }).status !== 404) throw missing;
        throw new ConnectorError(
          `GitHub: there is no organisation or account named ${owner} (404): check the Organisation setting`,
          "not_found",
        );
      }
    }
  }
  return [...names].sort();
}

export async function syncGithub(
  client: GithubClient,
  ctx: SyncContext,
  target: GithubTarget,
): Promise<void> {
  const repos = await repositoriesOf(client, target);
  const streams = [syncIssues, syncIssueComments, syncReviewComments, syncCommits, syncStargazers];
  await ctx.planStreams(repos.length * streams.length);
  const unread: string[] = [];
  for (const repo of repos) {
    const [owner, name] = repo.split("/");
    let left = streams.length;
    for (const sync of streams) {
      try {
        await sync(client, ctx, repo, owner, name);
      } catch (error) {
        const problem = unreadable(error);
        if (problem === undefined) throw error;
        if (problem !== null) {
          unread.push(problem);
          break;
        }
      }
      await ctx.streamDone();
      left -= 1;
    }
    for (; left > 0; left--) await ctx.streamDone();
  }
  if (unread.length)
    throw new ConnectorError(
      `GitHub could not read ${unread.length} ${unread.length === 1 ? "repository" : "repositories"} (the others were synced): ${unread.join("; ")}`,
      "not_found",
    );
}

/**
 * What one repository's failed stream means for the run: null when there was nothing to read (409: an
 * empty repository; 410: a feature turned off, "Issues are disabled for this repo"); a message when the
 * token may not read the repository or that resource (404, 403, 451: skip the repository's other
 * streams, go on with the other repositories, and say so at the end); undefined for anything else (a
 * revoked token, an exhausted rate limit, a server error), which stops the run.
 */
function unreadable(error: unknown): string | null | undefined {
  const e = error as { name?: string; status?: number; response?: { headers?: Record<string, string> } };
  if (e.name !== "HttpError") return undefined;
  if (e.status === 409 || e.status === 410) return null;
  const headers = e.response?.headers ?? {};
  if (e.status === 403 && (headers["x-ratelimit-remaining"] === "0" || headers["retry-after"]))
    return undefined;
  if (e.status === 403 || e.status === 404 || e.status === 451) return githubErrorMessage(error)?.message;
  return undefined;
}

const maxIso = (a: string | null, b: string | null | undefined) =>
  !a ? (b ?? null) : !b ? a : Date.parse(a) >= Date.parse(b) ? a : b;

/** Streams sorted by `updated` ascending with `since`: the watermark is the newest committed update. */
async function sinceStream(
  ctx: SyncContext,
  key: string,
  pages: (since: string) => AsyncIterable<{ data: unknown[] }>,
  map: (item: unknown) => Promise<IngestRecord[]> | IngestRecord[],
) {
  const saved = await ctx.state(key);
  let watermark = (saved?.watermark as string | null) ?? null;
  for await (const page of pages(watermark ?? ctx.horizon.toISOString())) {
    const records: IngestRecord[] = [];
    for (const item of page.data) {
      records.push(...(await map(item)));
      watermark = maxIso(watermark, (item as { updated_at?: string }).updated_at);
    }
    await ctx.commit(key, records, { watermark }, page.data.length);
  }
  if (!saved) await ctx.commit(key, [], { watermark: watermark ?? ctx.horizon.toISOString() }, 0);
}

async function syncIssues(client: GithubClient, ctx: SyncContext, repo: string, owner: string, name: string) {
  await sinceStream(
    ctx,
    `repo:${repo}:issues`,
    (since) =>
      client.paginate.iterator(client.rest.issues.listForRepo, {
        owner,
        repo: name,
        state: "all",
        sort: "updated",
        direction: "asc",
        since,
        per_page: PER_PAGE,
      }),
    async (item) => {
      const issue = item as GhIssue;
      const records = issueRecords(repo, issue, ctx.horizon);
      if (issue.pull_request) {
        for await (const page of client.paginate.iterator(client.rest.pulls.listReviews, {
          owner,
          repo: name,
          pull_number: issue.number,
          per_page: PER_PAGE,
        })) {
          for (const review of page.data)
            records.push(...reviewRecords(repo, issue.number, review as GhReview, ctx.horizon));
        }
      }
      return records;
    },
  );
}

async function syncIssueComments(
  client: GithubClient,
  ctx: SyncContext,
  repo: string,
  owner: string,
  name: string,
) {
  await sinceStream(
    ctx,
    `repo:${repo}:issue-comments`,
    (since) =>
      client.paginate.iterator(client.rest.issues.listCommentsForRepo, {
        owner,
        repo: name,
        sort: "updated",
        direction: "asc",
        since,
        per_page: PER_PAGE,
      }),
    (item) => issueCommentRecords(repo, item as GhComment, ctx.horizon),
  );
}

async function syncReviewComments(
  client: GithubClient,
  ctx: SyncContext,
  repo: string,
  owner: string,
  name: string,
) {
  await sinceStream(
    ctx,
    `repo:${repo}:review-comments`,
    (since) =>
      client.paginate.iterator(client.rest.pulls.listReviewCommentsForRepo, {
        owner,
        repo: name,
        sort: "updated",
        direction: "asc",
        since,
        per_page: PER_PAGE,
      }),
    (item) => reviewCommentRecords(repo, item as GhComment, ctx.horizon),
  );
}

function nextLink(link: string | undefined): string | null {
  return link?.match(/<([^>]+)>;\s*rel="next"/)?.[1] ?? null;
}

async function syncCommits(
  client: GithubClient,
  ctx: SyncContext,
  repo: string,
  owner: string,
  name: string,
) {
  const key = `repo:${repo}:commits`;
  const saved = (await ctx.state(key)) ?? {};
  const watermark = (saved.watermark as string | null) ?? null;
  let top = (saved.top as string | null) ?? null;
  let url = (saved.next as string | null) ?? null;
  const since = watermark ?? ctx.horizon.toISOString();
  for (;;) {
    const response = url
      ? await client.request(`GET ${url}`)
      : await client.rest.repos.listCommits({ owner, repo: name, since, per_page: PER_PAGE });
    const commits = response.data as GhCommit[];
    const records: IngestRecord[] = [];
    let fetched = commits.length;
    for (const c of commits) {
      records.push(...commitRecords(repo, c.sha, c.commit.author, c.author?.login, ctx.horizon));
      const date = c.commit.committer?.date ?? c.commit.author?.date;
      top = maxIso(top, date);
      // A merge after the last run may bring commits dated before it, which `since` leaves out.
      if (watermark && (c.parents?.length ?? 0) > 1 && date && Date.parse(date) > Date.parse(watermark))
        fetched += await mergedCommits(client, ctx, repo, owner, name, c.parents!, records);
    }
    url = nextLink(response.headers.link);
    const state: StreamState = url
      ? { watermark, top, next: url }
      : { watermark: maxIso(watermark, top) ?? since, top: null, next: null };
    await ctx.commit(key, records, state, fetched);
    if (!url) return;
  }
}

interface GhCommit {
  sha: string;
  commit: {
    author?: { name?: string; email?: string; date?: string } | null;
    committer?: { date?: string } | null;
  };
  author?: { login?: string } | null;
  parents?: { sha: string }[];
}

/** The commits a merge brought in: reachable from its other parents but not from its first (compare, oldest first). */
async function mergedCommits(
  client: GithubClient,
  ctx: SyncContext,
  repo: string,
  owner: string,
  name: string,
  parents: { sha: string }[],
  out: IngestRecord[],
): Promise<number> {
  let fetched = 0;
  for (const head of parents.slice(1)) {
    let url: string | null =
      `/repos/${owner}/${name}/compare/${parents[0].sha}...${head.sha}?per_page=${PER_PAGE}`;
    while (url) {
      const response = await client.request(`GET ${url}`);
      const commits = (response.data as { commits?: GhCommit[] }).commits ?? [];
      for (const c of commits)
        out.push(...commitRecords(repo, c.sha, c.commit.author, c.author?.login, ctx.horizon));
      fetched += commits.length;
      url = nextLink(response.headers.link);
    }
  }
  return fetched;
}

async function syncStargazers(
  client: GithubClient,
  ctx: SyncContext,
  repo: string,
  owner: string,
  name: string,
) {
  const key = `repo:${repo}:stargazers`;
  // The last page may grow, so a run starts again at the last page it saw (re-reads are idempotent).
  let page = Number((await ctx.state(key))?.page ?? 1);
  for (;;) {
    const response = await client.rest.activity.listStargazersForRepo({
      owner,
      repo: name,
      per_page: PER_PAGE,
      page,
      headers: { accept: "application/vnd.github.star+json" },
    });
    const stars = response.data as unknown as { starred_at?: string; user?: GhUser | null }[];
    const records = stars.flatMap((s) => starRecords(repo, s.user, s.starred_at, ctx.horizon));
    const more = nextLink(response.headers.link) !== null;
    await ctx.commit(key, records, { page: more ? page + 1 : page }, stars.length);
    if (!more) return;
    page += 1;
  }
}
