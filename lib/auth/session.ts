// Server-side session checks for pages, server actions and route handlers.
import "server-only";
import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { cache } from "react";
import { authOptions } from "./options";
import { AuthError, assertCanWrite, type SessionUser } from "./roles";
import { findSessionUser } from "@/lib/services/admin-users";

/** The signed-in admin user, re-read from the database (so a demoted, disabled or deleted user, or a revoked session, loses access at once). */
export const getCurrentUser = cache(async (): Promise<SessionUser | null> => {
  const session = (await getServerSession(authOptions())) as {
    uid?: number;
    sv?: number;
    sid?: string;
  } | null;
  if (!session?.uid) return null;
  return findSessionUser(session.uid, session.sv ?? 0, session.sid);
});

/** For pages: redirect to the login page when signed out. */
export async function requireUser(): Promise<SessionUser> {
  const user = await getCurrentUser();
  if (!user) redirect("/login");
  return user;
}

/** For writes: throws AuthError (401 signed out, 403 viewer). */
export async function requireAdmin(): Promise<SessionUser> {
  const user = await getCurrentUser();
  assertCanWrite(user);
  return user;
}

export { AuthError };
