// The official GitHub client (@octokit/rest: REST endpoints + pagination) with the throttling and
// retry plugins, pointed at GITHUB_API_URL. Primary limits (x-ratelimit-*) and secondary limits
// (403/429 + Retry-After) wait and retry; 5xx retry with growing pauses; 4xx are errors.
import { Octokit } from "@octokit/rest";
import { throttling } from "@octokit/plugin-throttling";
import { retry } from "@octokit/plugin-retry";
import { ConnectorError } from "../types";

const GithubOctokit = Octokit.plugin(throttling, retry);
export type GithubClient = InstanceType<typeof GithubOctokit>;

export interface GithubClientOptions {
  /** Milliseconds per second of Retry-After / backoff (1000 in production; tests shrink it). */
  retryAfterBaseValue?: number;
  /** Below this many remaining calls, wait for x-ratelimit-reset before the next request. */
  reserve?: number;
}

const RATE_LIMIT_RETRIES = 4;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function githubClient(
  token: string,
  baseUrl: string,
  options: GithubClientOptions = {},
): GithubClient {
  const base = options.retryAfterBaseValue ?? 1000;
  const reserve = options.reserve ?? 10;
  const octokit = new GithubOctokit({
    auth: token,
    baseUrl: baseUrl.replace(/\/+$/, ""),
    userAgent: "groundswell-connector",
    log: {
      debug: () => {},
      info: () => {},
      warn: (m: string) => console.warn(`[github] ${m}`),
      error: (m: string) => console.error(`[github] ${m}`),
    },
    throttle: {
      retryAfterBaseValue: base,
      onRateLimit: (_after: number, _options: unknown, _octokit: unknown, retryCount: number) =>
        retryCount < RATE_LIMIT_RETRIES,
      onSecondaryRateLimit: (_after: number, _options: unknown, _octokit: unknown, retryCount: number) =>
        retryCount < RATE_LIMIT_RETRIES,
    },
    // The plugin's list plus 409, GitHub's answer for the commits of an empty repository.
    retry: { retries: 4, retryAfterBaseValue: base, doNotRetry: [400, 401, 403, 404, 409, 410, 422, 451] },
  });
  // Spend the budget politely: when few calls remain, wait for the window to reset instead of hitting 403s.
  octokit.hook.after("request", async (response) => {
    const remaining = Number(response.headers["x-ratelimit-remaining"]);
    const reset = Number(response.headers["x-ratelimit-reset"]);
    if (Number.isFinite(remaining) && Number.isFinite(reset) && remaining < reserve) {
      const waitSeconds = Math.min(3600, Math.max(0, reset - Date.now() / 1000) + 1);
      await sleep(waitSeconds * base);
    }
  });
  return octokit;
}

/** GitHub's HTTP errors in plain words. */
export function githubErrorMessage(error: unknown): ConnectorError | null {
  const e = error as { status?: number; name?: string; message?: string; request?: { url?: string } };
  if (e.name !== "HttpError" || typeof e.status !== "number") return null;
  const path = e.request?.url ? new URL(e.request.url).pathname : "";
  if (e.status === 401)
    return new ConnectorError(
      "GitHub refused the token (401 Bad credentials): it was revoked or expired; connect GitHub again with a new token",
      "auth",
    );
  if (e.status === 403)
    return new ConnectorError(
      `GitHub refused access to ${path} (403): the token lacks a permission, or the rate limit stayed exhausted`,
      "auth",
    );
  if (e.status === 404)
    return new ConnectorError(
      `GitHub: ${path} not found (404): check the repository name, or give the token access to it`,
      "not_found",
    );
  return new ConnectorError(
    `GitHub answered ${e.status} for ${path}: ${(e.message ?? "").slice(0, 200)}`,
    "remote",
  );
}
