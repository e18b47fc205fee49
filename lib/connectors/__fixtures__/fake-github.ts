// A local stand-in for GitHub's REST API as documented: page/per_page pagination with a Link header
// (next, last), x-ratelimit-* headers on every answer, `since` + sort=updated&direction=asc on issues
// and comments, commits newest first, stargazers with starred_at (star+json), 401 Bad credentials.
import { startFixtureServer, type FixtureServer } from "./http-fixture";

export interface FakeRepo {
  issues: {
    number: number;
    user: { id: number; login: string; type?: string };
    created_at: string;
    updated_at: string;
    pull_request?: { url: string; merged_at: string | null };
  }[];
  reviews: Map<
    number,
    { id: number; user: { id: number; login: string }; state: string; submitted_at: string }[]
  >;
  issueComments: {
    id: number;
    user: { id: number; login: string };
    created_at: string;
    updated_at: string;
    html_url: string;
    issue_url: string;
  }[];
  reviewComments: {
    id: number;
    user: { id: number; login: string };
    created_at: string;
    updated_at: string;
    pull_request_url: string;
  }[];
  /** The default branch, newest committer date first, as the API lists them (`since` reads that date). */
  commits: FakeCommit[];
  /** Commits a merge brought in, oldest first, by the merged head's sha (GET compare/BASE...HEAD). */
  merged?: Map<string, FakeCommit[]>;
  stargazers: { starred_at: string; user: { id: number; login: string } }[];
}

export interface FakeCommit {
  sha: string;
  commit: {
    author: { name: string; email: string; date: string };
    committer: { name: string; email: string; date: string };
  };
  author: { id: number; login: string } | null;
  parents?: { sha: string }[];
}

export interface FakeGithubData {
  token: string;
  repos: Map<string, FakeRepo>;
  orgs: Map<string, string[]>;
  /** Personal accounts and their repositories. */
  users?: Map<string, string[]>;
}

export async function startFakeGithub(
  data: FakeGithubData,
  options: { keepLog?: boolean } = {},
): Promise<FixtureServer & { data: FakeGithubData }> {
  let remaining = 5000;
  const reset = Math.floor(Date.now() / 1000) + 3600;
  const server = await startFixtureServer((req, base) => {
    const rate = {
      "x-ratelimit-limit": "5000",
      "x-ratelimit-remaining": String(Math.max(0, --remaining)),
      "x-ratelimit-reset": String(reset),
      "x-ratelimit-used": String(5000 - remaining),
      "x-ratelimit-resource": "core",
    };
    const auth = req.headers.authorization ?? "";
    if (auth !== `token ${data.token}` && auth !== `bearer ${data.token}`) {
      return {
        status: 401,
        headers: rate,
        body: {
          message: "Bad credentials",
          documentation_url: "https://docs.github.com/rest",
          status: "401",
        },
      };
    }
    const perPage = Math.min(Number(req.query.get("per_page") ?? 30), 100);
    const pageNo = Math.max(1, Number(req.query.get("page") ?? 1));
    const paged = (items: unknown[]) => {
      const last = Math.max(1, Math.ceil(items.length / perPage));
      const link = (p: number) => {
        const q = new URLSearchParams(req.query);
        q.set("page", String(p));
        return `<${base}${req.path}?${q}>`;
      };
      const links: string[] = [];
      if (pageNo < last) links.push(`${link(pageNo + 1)}; rel="next"`, `${link(last)}; rel="last"`);
      if (pageNo > 1) links.push(`${link(pageNo - 1)}; rel="prev"`, `${link(1)}; rel="first"`);
      return {
        status: 200,
        headers: { ...rate, ...(links.length ? { link: links.join(", ") } : {}) },
        body: items.slice((pageNo - 1) * perPage, pageNo * perPage),
      };
    };
    // /orgs/NAME/repos answers 404 for a personal account; /users/NAME/repos lists its own.
    const owner = req.path.match(/^\/(orgs|users)\/([^/]+)\/repos$/);
    if (owner) {
      const names = (owner[1] === "orgs" ? data.orgs : (data.users ?? new Map<string, string[]>())).get(
        owner[2],
      );
      if (!names)
        return {
          status: 404,
          headers: rate,
          body: { message: "Not Found", documentation_url: "https://docs.github.com/rest", status: "404" },
        };
      return paged(
        names.map((full_name, i) => ({
          id: i + 1,
          full_name,
          name: full_name.split("/")[1],
          archived: false,
        })),
      );
    }
    const m = req.path.match(/^\/repos\/([^/]+\/[^/]+)\/(.+)$/);
    const repo = m ? data.repos.get(m[1]) : undefined;
    if (!m || !repo)
      return {
        status: 404,
        headers: rate,
        body: { message: "Not Found", documentation_url: "https://docs.github.com/rest" },
      };
    const since = req.query.get("since");
    const after = <T extends { updated_at: string }>(list: T[]) =>
      since ? list.filter((x) => Date.parse(x.updated_at) >= Date.parse(since)) : list;
    const byUpdate = <T extends { updated_at: string }>(list: T[]) =>
      [...after(list)].sort((a, b) => Date.parse(a.updated_at) - Date.parse(b.updated_at));
    const rest = m[2];
    if (rest === "issues") return paged(byUpdate(repo.issues));
    if (rest === "issues/comments") return paged(byUpdate(repo.issueComments));
    if (rest === "pulls/comments") return paged(byUpdate(repo.reviewComments));
    if (rest === "commits")
      return paged(
        since
          ? repo.commits.filter((c) => Date.parse(c.commit.committer.date) >= Date.parse(since))
          : repo.commits,
      );
    const compare = rest.match(/^compare\/([0-9a-f]+)\.\.\.([0-9a-f]+)$/);
    if (compare) {
      const all = repo.merged?.get(compare[2]);
      if (!all) return { status: 404, headers: rate, body: { message: "Not Found" } };
      // Oldest first, paged by per_page/page with a Link header like the lists.
      const { headers, body } = paged(all);
      return {
        status: 200,
        headers,
        body: {
          status: "ahead",
          ahead_by: all.length,
          behind_by: 0,
          total_commits: all.length,
          commits: body,
          files: [],
        },
      };
    }
    if (rest === "stargazers")
      return paged(
        req.headers.accept?.includes("star+json") ? repo.stargazers : repo.stargazers.map((s) => s.user),
      );
    const reviews = rest.match(/^pulls\/(\d+)\/reviews$/);
    if (reviews) return paged(repo.reviews.get(Number(reviews[1])) ?? []);
    return {
      status: 404,
      headers: rate,
      body: { message: "Not Found", documentation_url: "https://docs.github.com/rest" },
    };
  }, options);
  return Object.assign(server, { data });
}

export interface GithubWorldOptions {
  token?: string;
  repos: string[];
  /** Issues and pull requests per repository (every third is a PR, half of them merged). */
  issues: number;
  comments: number;
  commits: number;
  stars: number;
  users: number;
  end?: Date;
}

export function githubWorld(o: GithubWorldOptions): FakeGithubData {
  const end = (o.end ?? new Date()).getTime();
  const at = (minutesAgo: number) => new Date(end - minutesAgo * 60_000).toISOString();
  const user = (i: number) => ({ id: 1000 + (i % o.users), login: `gh-user${i % o.users}`, type: "User" });
  const repos = new Map<string, FakeRepo>();
  o.repos.forEach((name, r) => {
    const repo: FakeRepo = {
      issues: [],
      reviews: new Map(),
      issueComments: [],
      reviewComments: [],
      commits: [],
      stargazers: [],
    };
    for (let i = 1; i <= o.issues; i++) {
      const created = at((o.issues - i) * 30 + 60);
      const isPr = i % 3 === 0;
      repo.issues.push({
        number: i,
        user: user(i + r),
        created_at: created,
        updated_at: created,
        ...(isPr
          ? {
              pull_request: {
                url: `x/pulls/${i}`,
                merged_at: i % 2 === 0 ? at((o.issues - i) * 30 + 30) : null,
              },
            }
          : {}),
      });
      if (isPr)
        repo.reviews.set(i, [
          {
            id: r * 1e6 + i,
            user: user(i + 3),
            state: "APPROVED",
            submitted_at: at((o.issues - i) * 30 + 45),
          },
        ]);
    }
    for (let c = 1; c <= o.comments; c++) {
      const created = at((o.comments - c) * 20 + 10);
      const number = (c % o.issues) + 1;
      if (c % 4 === 0)
        repo.reviewComments.push({
          id: r * 1e6 + c,
          user: user(c + 5),
          created_at: created,
          updated_at: created,
          pull_request_url: `x/pulls/${number}`,
        });
      else
        repo.issueComments.push({
          id: r * 1e6 + c,
          user: user(c + 7),
          created_at: created,
          updated_at: created,
          html_url: `https://github.com/${name}/issues/${number}#c`,
          issue_url: `x/issues/${number}`,
        });
    }
    for (let c = 1; c <= o.commits; c++) {
      const date = at(c * 25);
      const u = user(c + 11);
      repo.commits.push({
        sha: `${r.toString(16).padStart(4, "0")}${c.toString(16).padStart(36, "0")}`,
        commit: {
          author: { name: `User ${u.login}`, email: `${u.login}@example.org`, date },
          committer: { name: "GitHub", email: "noreply@github.com", date },
        },
        author: { id: u.id, login: u.login },
      });
    }
    for (let s = 1; s <= o.stars; s++)
      repo.stargazers.push({
        starred_at: at((o.stars - s) * 40 + 5),
        user: { id: 5000 + s, login: `stargazer${s}` },
      });
    repos.set(name, repo);
  });
  return { token: o.token ?? "ghp_testtoken", repos, orgs: new Map([["acme", o.repos]]) };
}
