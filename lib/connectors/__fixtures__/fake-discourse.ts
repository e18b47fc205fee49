// A local stand-in for a Discourse forum's REST API: Api-Key/Api-Username headers, /posts.json with
// `latest_posts` newest first (50 a page, `before` = exclusive upper id), /u/<name>/emails.json for
// admin keys only, and 429 answers carrying Retry-After and extras.wait_seconds. `before` is exclusive
// (`posts.id < before`, LatestPostsQuery today); older releases read it as `posts.id <= before`.
import { createHash } from "node:crypto";
import { startFixtureServer, type FixtureServer } from "./http-fixture";
import type { DiscoursePost } from "../discourse/map";

export interface FakeDiscourseData {
  apiKey: string;
  admin: boolean;
  /**
   * Anonymous visitors (no Api-Key header): "public" reads /posts.json as a visitor does (no
   * emails); "login_required" (the site setting) answers 403 not_logged_in. Default: refused.
   */
  anonymous?: "public" | "login_required";
  /** A forum installed in a subfolder (Discourse's subfolder setup): every path starts with it. */
  subfolder?: string;
  /** An older forum's `posts.id <= before` (PostsController#latest before LatestPostsQuery). */
  beforeInclusive?: boolean;
  /** Oldest first. */
  posts: DiscoursePost[];
}

const NOT_LOGGED_IN = {
  errors: ["You need to be logged in to do that."],
  error_type: "not_logged_in",
};

const INVALID_ACCESS = {
  errors: ["You are not permitted to view the requested resource. The API username or key is invalid."],
  error_type: "invalid_access",
};

export async function startFakeDiscourse(
  data: FakeDiscourseData,
): Promise<FixtureServer & { data: FakeDiscourseData }> {
  const server = await startFixtureServer((asked) => {
    const prefix = data.subfolder ?? "";
    if (!asked.path.startsWith(`${prefix}/`)) return { status: 404, body: "<html>Not found</html>" };
    const req = { ...asked, path: asked.path.slice(prefix.length) };
    const visitor = req.headers["api-key"] === undefined && req.headers["api-username"] === undefined;
    if (visitor && data.anonymous === "login_required") return { status: 403, body: NOT_LOGGED_IN };
    const allowed =
      (visitor && data.anonymous === "public") ||
      (req.headers["api-key"] === data.apiKey && !!req.headers["api-username"]);
    if (!allowed) return { status: 403, body: INVALID_ACCESS };
    if (req.path === "/posts.json") {
      const before = Number(req.query.get("before") ?? Number.MAX_SAFE_INTEGER);
      const latest = data.posts
        .filter((p) => p.id < before || (data.beforeInclusive === true && p.id === before))
        .reverse()
        .slice(0, 50);
      return { status: 200, body: { latest_posts: latest } };
    }
    const emails = req.path.match(/^\/u\/([^/]+)\/emails\.json$/);
    if (emails) {
      if (visitor) return { status: 403, body: NOT_LOGGED_IN };
      if (!data.admin) return { status: 403, body: INVALID_ACCESS };
      const username = decodeURIComponent(emails[1]);
      // Anonymous posting: a shadow account whose address is SecureRandom.hex @ anon.<forum host>.
      const anon = /^anonymous\d*$/.test(username);
      return {
        status: 200,
        body: {
          email: anon
            ? `${createHash("md5").update(username).digest("hex")}@anon.forum.acme.org`
            : `${username}@forum.example.org`,
          secondary_emails: [],
          unconfirmed_emails: [],
          associated_accounts: [],
        },
      };
    }
    return {
      status: 404,
      body: { errors: ["The requested URL or resource could not be found."], error_type: "not_found" },
    };
  });
  return Object.assign(server, { data });
}

export function discourseWorld(o: {
  posts: number;
  users: number;
  topicsEvery?: number;
  end?: Date;
  apiKey?: string;
  admin?: boolean;
}): FakeDiscourseData {
  const end = (o.end ?? new Date()).getTime();
  const posts: DiscoursePost[] = [];
  let topic = 0;
  let postNumber = 0;
  for (let i = 1; i <= o.posts; i++) {
    if ((i - 1) % (o.topicsEvery ?? 5) === 0) {
      topic += 1;
      postNumber = 0;
    }
    postNumber += 1;
    const u = i % o.users;
    posts.push({
      id: i,
      user_id: 100 + u,
      username: `forum${u}`,
      name: `Forum ${u}`,
      created_at: new Date(end - (o.posts - i) * 3_600_000).toISOString(),
      topic_id: topic,
      post_number: postNumber,
      post_type: i % 37 === 0 ? 3 : 1,
      topic_slug: `topic-${topic}`,
    });
  }
  return { apiKey: o.apiKey ?? "discourse-key-123", admin: o.admin ?? true, posts };
}
