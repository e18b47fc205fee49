// next-auth configuration: email + password sign-in for admin users, JWT sessions that expire.
// The JWT holds the user id and the account's session version; both are checked on every request.
import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { authenticate } from "@/lib/services/sign-in";
import { revokeSessions } from "@/lib/services/admin-users";
import { env } from "@/lib/env";
import { requestClientAddress } from "./client-address";
import { allowLoginAttempt } from "./login-throttle";

const credentialsSchema = z.object({ email: z.string().trim().email().max(320), password: z.string().min(1).max(200) });

/** The one error every failed sign-in gives (wrong password, unknown account, back-off, outage). */
export const SIGN_IN_FAILED = "CredentialsSignin";

export function authOptions(): NextAuthOptions {
  const maxAge = Math.round(env().SESSION_MAX_AGE_HOURS * 3600);
  return {
    secret: env().NEXTAUTH_SECRET,
    session: { strategy: "jwt", maxAge },
    jwt: { maxAge },
    pages: { signIn: "/login" },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(raw, req) {
          const address = requestClientAddress((req?.headers ?? {}) as Record<string, string | undefined>);
          if (!allowLoginAttempt(address)) return null;
          const parsed = credentialsSchema.safeParse(raw);
          if (!parsed.success) return null;
          let result;
          try {
            result = await authenticate(parsed.data.email, parsed.data.password, address);
          } catch (error) {
            // A database outage: log it, show the visitor only the plain message.
            console.error("[auth] sign-in failed:", error instanceof Error ? error.message : error);
            throw new Error("unavailable");
          }
          if (!result.ok) return null;
          return { id: String(result.user.id), email: result.user.email, name: result.user.name, sessionVersion: result.user.sessionVersion };
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) {
          token.uid = Number(user.id);
          token.sv = (user as { sessionVersion?: number }).sessionVersion ?? 0;
        }
        return token;
      },
      session({ session, token }) {
        const s = session as { uid?: number; sv?: number };
        s.uid = typeof token.uid === "number" ? token.uid : undefined;
        s.sv = typeof token.sv === "number" ? token.sv : 0;
        return session;
      },
    },
    events: {
      // A JWT cannot be recalled, so signing out moves the account's session version on: a copy
      // of the cookie taken before sign-out stops working (every device of the account signs in again).
      async signOut({ token }) {
        const uid = (token as { uid?: unknown } | null)?.uid;
        if (typeof uid === "number") await revokeSessions(null, uid);
      },
    },
  };
}
