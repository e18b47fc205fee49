// Discourse's REST API over fetch (Discourse has no official JS client): Api-Key / Api-Username
// headers, or none for a public forum (read as an anonymous visitor), 429 waits for Retry-After, 5xx and network failures back off exponentially; a redirect is
// not followed but named (the forum's address is then to be corrected in Settings).
import { ConnectorError } from "../types";

export interface DiscourseClientOptions {
  /** Milliseconds per second of Retry-After / backoff (1000 in production; tests shrink it). */
  retryAfterBaseValue?: number;
  retries?: number;
}

export interface DiscourseClient {
  get<T>(path: string, query?: Record<string, string | number | undefined>): Promise<T>;
  /** null instead of an error for 403/404 (e.g. the email lookup without an admin key). */
  tryGet<T>(path: string): Promise<T | null>;
  /** No API key: only what an anonymous visitor sees (public categories; no emails). */
  anonymous: boolean;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A forum that redirects (http → https, an old host name) is reachable: name the address to use. */
function redirected(url: URL, relative: string, response: Response): ConnectorError {
  void response.body?.cancel().catch(() => {});
  const asked = `${url.origin}${url.pathname}`;
  const target = new URL(response.headers.get("location") ?? "", url);
  const to = `${target.origin}${target.pathname}`;
  // The forum's address is what stands before the path asked for (a subfolder stays in it).
  const base = to.endsWith(`/${relative}`) ? to.slice(0, -relative.length - 1) : target.origin;
  return new ConnectorError(
    `Discourse: ${asked} redirects to ${to}; connect Discourse again with the forum's address as ${base}`,
    "config",
  );
}

/** 401/403: a refused key, or (no key) a forum that requires a login to read. */
function refused(status: number, path: string, anonymous: boolean): ConnectorError {
  return new ConnectorError(
    anonymous
      ? `Discourse refused to show ${path} without an API key (${status}): the forum requires a login to read; connect Discourse again with an API key`
      : `Discourse refused the API key (${status}) for ${path}: it was revoked, or it is not allowed to read this; connect Discourse again`,
    "auth",
  );
}

export function discourseClient(
  options: { baseUrl: string; apiKey?: string | null; apiUsername?: string | null } & DiscourseClientOptions,
): DiscourseClient {
  const base = options.retryAfterBaseValue ?? 1000;
  const retries = options.retries ?? 6;
  const anonymous = !options.apiKey;
  // An empty Api-Key header is an invalid key to Discourse: a public forum is asked with none.
  const headers: Record<string, string> = anonymous
    ? { Accept: "application/json" }
    : { "Api-Key": options.apiKey!, "Api-Username": options.apiUsername ?? "", Accept: "application/json" };

  async function request(
    path: string,
    query: Record<string, string | number | undefined> = {},
    soft = false,
  ): Promise<unknown> {
    // Relative to the forum's address, so a forum in a subfolder (https://example.org/forum) keeps it.
    const relative = path.replace(/^\/+/, "");
    const url = new URL(relative, `${options.baseUrl.replace(/\/+$/, "")}/`);
    for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, String(v));
    for (let attempt = 0; ; attempt++) {
      let response: Response;
      try {
        // Redirects are not followed: the key would go along to wherever the forum points.
        response = await fetch(url, { headers, redirect: "manual", signal: AbortSignal.timeout(60_000) });
      } catch (error) {
        if (attempt >= retries)
          throw new ConnectorError(
            `Could not reach the forum at ${url.origin} (${(error as Error).message})`,
            "remote",
          );
        await sleep(2 ** attempt * base);
        continue;
      }
      if (response.ok) return response.json();
      if (response.status >= 300 && response.status < 400) throw redirected(url, relative, response);
      if ((response.status === 429 || response.status >= 500) && attempt < retries) {
        const body =
          response.status === 429
            ? ((await response.json().catch(() => null)) as { extras?: { wait_seconds?: number } } | null)
            : null;
        const after =
          Number(response.headers.get("retry-after")) || body?.extras?.wait_seconds || 2 ** attempt;
        await response.body?.cancel().catch(() => {});
        await sleep(Math.min(after, 600) * base);
        continue;
      }
      await response.body?.cancel().catch(() => {});
      if (soft && (response.status === 403 || response.status === 404)) return null;
      if (response.status === 401 || response.status === 403)
        throw refused(response.status, url.pathname, anonymous);
      if (response.status === 404)
        throw new ConnectorError(
          `Discourse: ${url.pathname} not found (404): check the forum's address`,
          "not_found",
        );
      throw new ConnectorError(`Discourse answered ${response.status} for ${url.pathname}`, "remote");
    }
  }

  return {
    get: <T>(path: string, query?: Record<string, string | number | undefined>) =>
      request(path, query) as Promise<T>,
    tryGet: <T>(path: string) => request(path, {}, true) as Promise<T | null>,
    anonymous,
  };
}
