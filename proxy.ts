// Runs before every request: sets a nonce-based Content-Security-Policy and redirects signed-out
// visitors to /login. It only redirects; pages, actions and API routes check the session themselves.
import { NextResponse, type NextRequest } from "next/server";
import { malformedQueryParam } from "@/lib/validation/query-params";
import { readLaunchState } from "@/lib/runtime/launch-state";

// Signature-authenticated webhooks (Stripe, GitHub, Slack) verify their own requests.
const PUBLIC_PATHS = [
  "/login",
  "/api/health",
  "/api/auth",
  "/api/stripe/webhook",
  "/api/github/webhook",
  "/api/slack/events",
  "/report/public",
  "/starting",
];
const SESSION_COOKIES = ["next-auth.session-token", "__Secure-next-auth.session-token"];

function contentSecurityPolicy(nonce: string, dev: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

// Behind https, browsers are told never to use plain http for this site (read at run time, so a
// build made without NEXTAUTH_URL still sends it).
const HSTS = "max-age=31536000; includeSubDomains";

function withTransportSecurity(response: NextResponse): NextResponse {
  if (process.env.NEXTAUTH_URL?.startsWith("https://"))
    response.headers.set("Strict-Transport-Security", HSTS);
  return response;
}

export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const isPublic = PUBLIC_PATHS.some((p) => pathname === p || pathname.startsWith(`${p}/`));
  const hasSession = SESSION_COOKIES.some((name) => request.cookies.has(name));
  const isApi = pathname.startsWith("/api/");
  // Malformed parameters (NUL, month=0000-01, page=1e309…) are refused here, before any page or route runs.
  const badParam = malformedQueryParam(request.nextUrl.searchParams);
  if (badParam) {
    return withTransportSecurity(
      isApi
        ? NextResponse.json({ error: `Invalid query parameter — ${badParam}` }, { status: 400 })
        : new NextResponse(`Bad request: ${badParam}`, {
            status: 400,
            headers: { "content-type": "text/plain; charset=utf-8" },
          }),
    );
  }
  if (!isPublic && !hasSession && !isApi) {
    const login = new URL("/login", request.url);
    login.searchParams.set("callbackUrl", `${pathname}${search}`);
    return withTransportSecurity(NextResponse.redirect(login));
  }
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const csp = contentSecurityPolicy(nonce, process.env.NODE_ENV === "development");
  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  headers.set("Content-Security-Policy", csp);
  // While `npm start` is still starting its database, signed-in pages show "starting" (no database
  // read) and API routes say so with a 503, instead of a database error.
  if (!isPublic && readLaunchState()) {
    if (isApi)
      return withTransportSecurity(
        NextResponse.json(
          { error: "Groundswell is starting; try again in a few seconds.", code: "starting" },
          { status: 503, headers: { "Retry-After": "2" } },
        ),
      );
    const starting = NextResponse.rewrite(new URL("/starting", request.url), { request: { headers } });
    starting.headers.set("Content-Security-Policy", csp);
    return withTransportSecurity(starting);
  }
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("Content-Security-Policy", csp);
  return withTransportSecurity(response);
}

export const config = {
  // The upload route is left out: the proxy would buffer (and cut at 10 MB) a streamed import file.
  // So is the ingest API: a JSON route with a bearer token and no query parameters, for which the
  // proxy's nonce and checks did nothing but cost a third of its requests/s.
  matcher: [{ source: "/((?!_next/static|_next/image|favicon.ico|api/v1/imports$|api/v1/events$).*)" }],
};
