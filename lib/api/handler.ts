// Thin wrapper for /api/v1 route handlers: authenticate, parse with zod, map errors to JSON.
import "server-only";
import { NextResponse } from "next/server";
import { z } from "zod";
import { authenticateApi, type ApiCaller, type TokenScope } from "@/lib/auth/api-token";
import { AuthError } from "@/lib/auth/roles";
import { ConflictError, NotFoundError, UserFacingError } from "@/lib/services/errors";
import { idSchema } from "@/lib/validation/id";
import { malformedQueryParam } from "@/lib/validation/query-params";

/**
 * Stable, machine-readable error codes beside the human message (which may be reworded): clients
 * branch on `code`, never on `error`. One per status unless a route names a more precise one.
 */
export const API_ERROR_CODES = {
  400: "bad_request",
  401: "unauthorized",
  403: "forbidden",
  404: "not_found",
  409: "conflict",
  413: "payload_too_large",
  415: "unsupported_media_type",
  422: "unprocessable_entity",
  429: "rate_limited",
  500: "internal_error",
  503: "unavailable",
} as const;

export type ApiErrorCode = (typeof API_ERROR_CODES)[keyof typeof API_ERROR_CODES] | "invalid_request";

export function apiErrorCode(status: number): ApiErrorCode {
  return (
    API_ERROR_CODES[status as keyof typeof API_ERROR_CODES] ??
    (status >= 500 ? "internal_error" : "bad_request")
  );
}

export function jsonError(
  status: number,
  error: string,
  details?: unknown,
  code: ApiErrorCode = apiErrorCode(status),
) {
  return NextResponse.json({ error, code, ...(details ? { details } : {}) }, { status });
}

export function apiRoute(scope: TokenScope, run: (request: Request, caller: ApiCaller) => Promise<Response>) {
  return async (request: Request): Promise<Response> => {
    try {
      const caller = await authenticateApi(request, scope);
      return await run(request, caller);
    } catch (error) {
      if (error instanceof AuthError) return jsonError(error.status, error.message);
      if (error instanceof z.ZodError)
        return jsonError(400, "Invalid request", error.issues, "invalid_request");
      if (error instanceof NotFoundError) return jsonError(404, error.message);
      if (error instanceof ConflictError) return jsonError(409, error.message);
      if (error instanceof UserFacingError) return jsonError(400, error.message);
      console.error(`[api ${new URL(request.url).pathname}]`, error);
      return jsonError(500, "Internal error; it was logged");
    }
  };
}

/** Parses URL search params with a zod schema (throws ZodError → 400). */
export function parseQuery<S extends z.ZodType>(request: Request, schema: S): z.infer<S> {
  const params = new URL(request.url).searchParams;
  const problem = malformedQueryParam(params);
  if (problem) throw new UserFacingError(`Invalid query parameter — ${problem}`);
  return schema.parse(Object.fromEntries(params));
}

/** Strict: no query parameters, so a typo is an error rather than a different answer. */
const NO_QUERY = z.object({}).strict();

/** The id of an `[id]` route that takes no query parameters (the CSV exports of one member's or organisation's rows). */
export async function routeIdWithoutQuery(
  request: Request,
  params: Promise<{ id: string }>,
): Promise<number> {
  const id = idSchema.parse((await params).id);
  parseQuery(request, NO_QUERY);
  return id;
}
