// Scoped API tokens for /api/v1: shown once at creation, stored only as a SHA-256 hash.
import "server-only";
import { db } from "@/lib/db/client";
import { AuthError, type SessionUser } from "./roles";
import { getCurrentUser } from "./session";
import { hashToken } from "./token-hash";

// events:write sends activity events; imports:write uploads community files. Neither can touch
// billing: Stripe and Open Collective files come only from signed-in admins (or the webhook).
export const TOKEN_SCOPES = ["events:write", "imports:write", "read"] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

export { hashToken, newTokenValue } from "./token-hash";

/** A cookie-authenticated write from another site (CSRF): refused whatever the cookie says. */
export function isCrossOrigin(request: Request): boolean {
  const origin = request.headers.get("origin");
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  if (origin) {
    try {
      return new URL(origin).host !== host;
    } catch {
      return true;
    }
  }
  return request.headers.get("sec-fetch-site") === "cross-site";
}

type StoredToken = NonNullable<Awaited<ReturnType<typeof db.apiToken.findUnique>>>;

/**
 * A verified token is reused for this long per process: a busy ingest client would otherwise cost
 * a database round trip per request (a third of the async path's time). Revoking clears the
 * revoking process's copy at once (`forgetVerifiedTokens`); another web process notices within this.
 */
const VERIFIED_TOKEN_MS = 1_000;
// On globalThis: Next bundles route handlers and server actions separately, and a revoke in one
// must clear the copy the other reads.
const shared = globalThis as unknown as {
  groundswellVerifiedTokens?: Map<string, { token: Promise<StoredToken | null>; until: number }>;
};
const verifiedTokens = (shared.groundswellVerifiedTokens ??= new Map());

export function forgetVerifiedTokens(): void {
  verifiedTokens.clear();
}

function lookUpToken(tokenHash: string): Promise<StoredToken | null> {
  const now = Date.now();
  const hit = verifiedTokens.get(tokenHash);
  if (hit && hit.until > now) return hit.token;
  const token = db.apiToken.findUnique({ where: { tokenHash } });
  // Only valid tokens are kept (a guessed one must not fill memory); concurrent misses share one query.
  if (verifiedTokens.size >= 1_000) verifiedTokens.clear();
  verifiedTokens.set(tokenHash, { token, until: now + VERIFIED_TOKEN_MS });
  token.then(
    (t) => {
      if (!t || t.revokedAt) verifiedTokens.delete(tokenHash);
    },
    () => verifiedTokens.delete(tokenHash),
  );
  return token;
}

export type ApiCaller =
  | { kind: "token"; tokenId: number; label: string; scopes: string[] }
  | { kind: "session"; user: SessionUser };

/**
 * Authenticates an API request by `Authorization: Bearer <token>` (with the needed scope) or by a
 * session cookie (read scopes for any user; write scopes for admins). Throws AuthError.
 */
export async function authenticateApi(request: Request, scope: TokenScope): Promise<ApiCaller> {
  const header = request.headers.get("authorization");
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new AuthError(401, "Malformed Authorization header");
    const token = await lookUpToken(hashToken(match[1]));
    if (!token || token.revokedAt) throw new AuthError(401, "Invalid or revoked token");
    if (!token.scopes.includes(scope)) throw new AuthError(403, `Token lacks the ${scope} scope`);
    if (!token.lastUsedAt || Date.now() - token.lastUsedAt.getTime() > 60_000) {
      token.lastUsedAt = new Date(); // the reused copy too, so requests within the minute skip the write
      await db.apiToken.update({ where: { id: token.id }, data: { lastUsedAt: token.lastUsedAt } });
    }
    return { kind: "token", tokenId: token.id, label: `token:${token.prefix}`, scopes: token.scopes };
  }
  const user = await getCurrentUser();
  if (!user) throw new AuthError(401, "Sign in or send a bearer token");
  if (!["GET", "HEAD"].includes(request.method) && isCrossOrigin(request))
    throw new AuthError(403, "Cross-origin requests cannot use a session");
  if (scope !== "read" && user.role !== "admin") throw new AuthError(403, "Viewers cannot change anything");
  return { kind: "session", user };
}
