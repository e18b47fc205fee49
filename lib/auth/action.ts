// The one safe-action chain for server actions: parse input with zod → check the role → run.
// Expected failures come back as messages; unexpected ones are logged with context.
import "server-only";
import { z } from "zod";
import { AuthError, type SessionUser } from "./roles";
import { getCurrentUser, requireAdmin } from "./session";
import { ConflictError, UserFacingError } from "@/lib/services/errors";

export type ActionResult<T> =
  { ok: true; data: T } | { ok: false; error: string; code?: "conflict" | "forbidden" | "invalid" };

export function adminAction<S extends z.ZodType, T>(
  name: string,
  schema: S,
  run: (input: z.infer<S>, user: SessionUser) => Promise<T>,
) {
  return guardedAction(name, schema, run, requireAdmin);
}

/** For a signed-in user's own preferences (e.g. time zone), which viewers may change too. */
export function userAction<S extends z.ZodType, T>(
  name: string,
  schema: S,
  run: (input: z.infer<S>, user: SessionUser) => Promise<T>,
) {
  return guardedAction(name, schema, run, async () => {
    const user = await getCurrentUser();
    if (!user) throw new AuthError(401, "Sign in first");
    return user;
  });
}

function guardedAction<S extends z.ZodType, T>(
  name: string,
  schema: S,
  run: (input: z.infer<S>, user: SessionUser) => Promise<T>,
  authorize: () => Promise<SessionUser>,
) {
  return async (raw: unknown): Promise<ActionResult<T>> => {
    let user: SessionUser;
    try {
      user = await authorize();
    } catch (error) {
      if (error instanceof AuthError) return { ok: false, error: error.message, code: "forbidden" };
      throw error;
    }
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      return {
        ok: false,
        error: parsed.error.issues.map((i) => `${i.path.join(".") || "input"}: ${i.message}`).join("; "),
        code: "invalid",
      };
    }
    try {
      return { ok: true, data: await run(parsed.data, user) };
    } catch (error) {
      if (error instanceof ConflictError) return { ok: false, error: error.message, code: "conflict" };
      if (error instanceof UserFacingError) return { ok: false, error: error.message };
      console.error(`[action ${name}] failed for user ${user.id}`, error);
      return { ok: false, error: "Something went wrong; the error was logged." };
    }
  };
}
