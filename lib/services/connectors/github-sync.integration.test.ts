// The GitHub connector through Octokit (pagination, throttling and retry plugins) against a local
// server shaped like the REST API: backfill, incremental runs by `since`, a run that died between
// commit pages, secondary rate limits and 502s, a revoked token, and a git log imported afterwards.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { writeFile } from "node:fs/promises";
import path from "node:path";
// Aliased: the hooks lint rule reads any "use…" call as a React hook.
import { truncateAll, useTestDatabase as openTestDatabase } from "@/lib/test/db";
import { resetEnvCache } from "@/lib/env";
import { tempDir } from "@/lib/ingest/__fixtures__/test-helpers";
import { githubWorld, startFakeGithub, type FakeGithubData } from "@/lib/connectors/__fixtures__/fake-github";
import type { FixtureServer } from "@/lib/connectors/__fixtures__/http-fixture";
import { runImport } from "@/lib/services/imports/run-import";
import { connectConnector } from "./connect";
import { syncConnector } from "./run-sync";
import { eventCount, FAST_RETRY, streamState } from "./test-helpers";

const db = openTestDatabase();
const REPO = "acme/widgets";
let server: FixtureServer & { data: FakeGithubData };

const sync = () => syncConnector("github", { trigger: "test", retry: FAST_RETRY });
const connect = (token = server.data.token) =>
  connectConnector(
    {
      kind: "github",
      token,
      repositories: [],
      organization: "acme",
      webhookSecret: undefined,
      backfillMonths: undefined,
    },
    "test",
  );
const calls = (suffix: string) => server.requests.filter((r) => r.path.endsWith(suffix));
const typeCounts = async () =>
  Object.fromEntries(
    (await db.activityEvent.groupBy({ by: ["type"], _count: true })).map((g) => [g.type, g._count]),
  );

beforeAll(() => {
  process.env.NEXTAUTH_SECRET = "test-secret-for-connectors-0123456789";
});
beforeEach(async () => {
  await truncateAll(db);
  server = await startFakeGithub(
    githubWorld({
      repos: [REPO, "acme/gadgets"],
      issues: 60,
      comments: 120,
      commits: 250,
      stars: 30,
      users: 40,
    }),
  );
  process.env.GITHUB_API_URL = server.url;
  resetEnvCache();
  await connect();
});
afterEach(() => server.close());
afterAll(() => {
  delete process.env.GITHUB_API_URL;
  resetEnvCache();
});

describe("GitHub connector", () => {
  it("backfills an organisation's repositories, then asks only for what changed since", async () => {
    const first = await sync();
    expect(first).toMatchObject({ status: "succeeded", error: null });
    // Per repository: 60 issues/PRs opened (20 PRs), 10 merged, 20 reviews, 90 issue + 30 review comments, 30 stars, 250 commits.
    expect(await typeCounts()).toEqual({
      issue_opened: 80,
      pr_opened: 40,
      pr_merged: 20,
      pr_review: 40,
      issue_comment: 180,
      pr_review_comment: 60,
      star: 60,
      commit: 500,
    });
    // Commit authors become git identities linked to the GitHub login the API matched.
    const author = await db.identity.findFirst({
      where: { source: "git", externalId: "gh-user12@example.org" },
      select: { memberId: true },
    });
    const account = await db.identity.findFirst({
      where: { source: "github", handle: "gh-user12" },
      select: { memberId: true },
    });
    expect(author?.memberId).toBe(account?.memberId);

    server.requests.length = 0;
    const repo = server.data.repos.get(REPO)!;
    const now = new Date().toISOString();
    repo.issues.push({ number: 61, user: { id: 1001, login: "gh-user1" }, created_at: now, updated_at: now });
    repo.issueComments.push({
      id: 99_999,
      user: { id: 1002, login: "gh-user2" },
      created_at: now,
      updated_at: now,
      html_url: `https://github.com/${REPO}/issues/61#c`,
      issue_url: "x/issues/61",
    });
    repo.commits.unshift({
      sha: "f".repeat(40),
      commit: {
        author: { name: "New", email: "new@example.org", date: now },
        committer: { name: "GitHub", email: "noreply@github.com", date: now },
      },
      author: null,
    });
    const second = await sync();
    expect(second).toMatchObject({ status: "succeeded", imported: 3 });
    const issuesCall = calls(`/repos/${REPO}/issues`)[0];
    expect(Date.parse(issuesCall.query.get("since")!)).toBeGreaterThan(Date.now() - 2 * 60 * 60_000);
    // Each resource answered one page: the new items and the boundary ones `since` includes again,
    // plus the stargazers' last page, read again every run (it has no `since`): 30 per repository.
    expect(calls(`/repos/${REPO}/commits`)).toHaveLength(1);
    expect(second.fetched).toBeLessThan(20 + 60);
  });

  it("reads the commits a merge brings in, whose committer dates are older than the last run", async () => {
    await sync();
    // A branch made three days ago, merged now with a merge commit: its commits keep their own dates,
    // so `since` (committer date) leaves them out; the merge commit (two parents) is all the list shows.
    const repo = server.data.repos.get(REPO)!;
    const day = 86_400_000;
    const branch = [3, 2].map((daysAgo, i) => {
      const date = new Date(Date.now() - daysAgo * day).toISOString();
      const person = { name: `Branch ${i}`, email: `branch${i}@example.org`, date };
      return { sha: `b${i}`.padEnd(40, "0"), commit: { author: person, committer: person }, author: null };
    });
    const now = new Date().toISOString();
    const merger = { name: "Maintainer", email: "maintainer@example.org", date: now };
    repo.merged = new Map([[branch[1].sha, branch]]);
    repo.commits.unshift({
      sha: "e".repeat(40),
      commit: { author: merger, committer: merger },
      author: null,
      parents: [{ sha: repo.commits[0].sha }, { sha: branch[1].sha }],
    });
    server.requests.length = 0;
    const second = await sync();
    expect(second).toMatchObject({ status: "succeeded", imported: 3 });
    expect(await db.activityEvent.count({ where: { externalId: { in: branch.map((c) => c.sha) } } })).toBe(2);
    expect(calls(`/repos/${REPO}/compare/${repo.commits[1].sha}...${branch[1].sha}`)).toHaveLength(1);
    // Nothing new: the merge is not asked about again.
    server.requests.length = 0;
    expect(await sync()).toMatchObject({ status: "succeeded", imported: 0 });
    expect(server.requests.filter((r) => r.path.includes("/compare/"))).toHaveLength(0);
  });

  it("credits no one for a deleted account's work (the ghost account, or no user at all)", async () => {
    const repo = server.data.repos.get(REPO)!;
    const now = new Date().toISOString();
    const ghost = { id: 10137, login: "ghost", type: "User" };
    repo.issues.push({ number: 90, user: ghost, created_at: now, updated_at: now });
    repo.issueComments.push({
      id: 99_990,
      user: ghost,
      created_at: now,
      updated_at: now,
      html_url: `https://github.com/${REPO}/issues/90#c`,
      issue_url: "x/issues/90",
    });
    repo.reviewComments.push({
      id: 99_991,
      user: null as unknown as { id: number; login: string },
      created_at: now,
      updated_at: now,
      pull_request_url: "x/pulls/3",
    });
    expect(await sync()).toMatchObject({ status: "succeeded", error: null });
    expect(await db.identity.count({ where: { source: "github", handle: "ghost" } })).toBe(0);
    expect(await eventCount("github")).toBe(80 + 40 + 20 + 40 + 180 + 60 + 60);
  });

  it("resumes the commit listing at the page it had reached", async () => {
    // The second commits page fails for good (404 is not retried), as if the run died there.
    server.faults.push({ match: /\/commits$/, after: 1, status: 404, body: { message: "Not Found" } });
    const broken = await sync();
    expect(broken.status).toBe("failed");
    expect(broken.error).toMatch(/GitHub: \/repos\/acme\/gadgets\/commits not found \(404\)/);
    const saved = await streamState("github", "repo:acme/gadgets:commits");
    expect(String(saved?.next)).toContain("page=2");

    server.requests.length = 0;
    expect((await sync()).status).toBe("succeeded");
    expect(calls("/repos/acme/gadgets/commits")[0].query.get("page")).toBe("2");
    expect(await eventCount("git")).toBe(500);
  });

  it("waits out a secondary rate limit (429 + Retry-After) and retries a 502", async () => {
    server.faults.push({
      match: /\/issues$/,
      status: 429,
      headers: { "retry-after": "2" },
      body: {
        message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
      },
    });
    server.faults.push({ match: /\/stargazers$/, status: 502, body: { message: "Server Error" }, times: 2 });
    const run = await sync();
    expect(run.status).toBe("succeeded");
    expect(calls(`/repos/acme/gadgets/issues`).length).toBe(2);
    expect(calls(`/repos/acme/gadgets/stargazers`).length).toBe(3);
    expect(await eventCount("github")).toBe(80 + 40 + 20 + 40 + 180 + 60 + 60);
  });

  it("reads past an empty repository (409) and a repository with issues turned off (410), retrying neither", async () => {
    const empty = githubWorld({
      repos: ["acme/empty"],
      issues: 0,
      comments: 0,
      commits: 0,
      stars: 0,
      users: 1,
    });
    server.data.repos.set("acme/empty", empty.repos.get("acme/empty")!);
    server.data.orgs.get("acme")!.push("acme/empty");
    // As GitHub answers: the commits of a repository without any, and the issues of one that turned them off.
    server.faults.push({
      match: /^\/repos\/acme\/empty\/commits$/,
      status: 409,
      times: 10,
      body: {
        message: "Git Repository is empty.",
        documentation_url: "https://docs.github.com/rest/commits/commits#list-commits",
        status: "409",
      },
    });
    server.faults.push({
      match: /^\/repos\/acme\/gadgets\/issues$/,
      status: 410,
      times: 10,
      body: {
        message: "Issues are disabled for this repo",
        documentation_url: "https://docs.github.com/v3/issues/",
      },
    });
    const run = await sync();
    expect(run).toMatchObject({ status: "succeeded", error: null });
    expect(calls("/repos/acme/empty/commits")).toHaveLength(1);
    expect(calls("/repos/acme/gadgets/issues")).toHaveLength(1);
    // widgets in full; gadgets without what the issues listing brings (issues, PRs, merges, reviews).
    expect(await eventCount("github")).toBe(80 + 40 + 20 + 40 + 180 + 60 + 60 - (40 + 20 + 10 + 20));
    expect(await eventCount("git")).toBe(500);
    const done = await db.connectorRun.findFirstOrThrow({ where: { id: run.runId! } });
    expect(done.streamsDone).toBe(done.streamsTotal);
  });

  it("syncs the other repositories when one is gone or refused, and names it", async () => {
    await connectConnector(
      {
        kind: "github",
        token: server.data.token,
        repositories: ["acme/gone"],
        organization: "acme",
        webhookSecret: undefined,
        backfillMonths: undefined,
      },
      "test",
    );
    // A fine-grained token without the Pull requests permission on gadgets.
    server.faults.push({
      match: /^\/repos\/acme\/gadgets\/pulls\/comments$/,
      status: 403,
      times: 10,
      headers: { "x-ratelimit-remaining": "4000" },
      body: {
        message: "Resource not accessible by personal access token",
        documentation_url: "https://docs.github.com/rest/pulls/comments",
        status: "403",
      },
    });
    const run = await sync();
    expect(run.status).toBe("failed");
    expect(run.error).toBe(
      "GitHub could not read 2 repositories (the others were synced): " +
        "GitHub refused access to /repos/acme/gadgets/pulls/comments (403): the token lacks a permission, or the rate limit stayed exhausted; " +
        "GitHub: /repos/acme/gone/issues not found (404): check the repository name, or give the token access to it",
    );
    // widgets in full; gadgets up to its review comments (commits and stars come after them).
    expect(await db.activityEvent.count({ where: { channel: "acme/widgets" } })).toBe(
      40 + 20 + 10 + 20 + 90 + 30 + 30 + 250,
    );
    expect(await db.activityEvent.count({ where: { channel: "acme/gadgets" } })).toBe(40 + 20 + 10 + 20 + 90);
  });

  it("lists a personal account's repositories when the Organisation setting names one", async () => {
    const connectAs = (organization: string) =>
      connectConnector(
        {
          kind: "github",
          token: server.data.token,
          repositories: [],
          organization,
          webhookSecret: undefined,
          backfillMonths: undefined,
        },
        "test",
      );
    server.data.users = new Map([["octocat", ["acme/widgets"]]]);
    await connectAs("octocat");
    expect(await sync()).toMatchObject({ status: "succeeded", error: null });
    expect(calls("/orgs/octocat/repos")).toHaveLength(1);
    expect(calls("/users/octocat/repos")).toHaveLength(1);
    expect(await db.activityEvent.count({ where: { channel: "acme/widgets" } })).toBe(490);

    await connectAs("nobody-here");
    expect((await sync()).error).toBe(
      "GitHub: there is no organisation or account named nobody-here (404): check the Organisation setting",
    );
  });

  it("says plainly when the token was revoked", async () => {
    server.data.token = "ghp_rotated";
    const run = await sync();
    expect(run.error).toBe(
      "GitHub refused the token (401 Bad credentials): it was revoked or expired; connect GitHub again with a new token",
    );
    expect((await db.connector.findUniqueOrThrow({ where: { kind: "github" } })).lastError).toBe(run.error);
  });

  it("a git log of the same repository imported after the sync adds nothing", async () => {
    await sync();
    const commits = server.data.repos.get(REPO)!.commits;
    const file = path.join(await tempDir(), "git.tsv");
    await writeFile(
      file,
      [
        "sha\tauthor_name\tauthor_email\tauthored_at",
        ...commits.map(
          (c) => `${c.sha}\t${c.commit.author.name}\t${c.commit.author.email}\t${c.commit.author.date}`,
        ),
      ].join("\n"),
    );
    const before = await eventCount();
    const summary = await runImport({ source: "git", file, repository: REPO });
    expect(summary).toMatchObject({ status: "succeeded", imported: 0, duplicates: 250 });
    expect(await eventCount()).toBe(before);
  });
});
