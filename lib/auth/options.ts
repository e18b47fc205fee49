// next-auth configuration: email + password sign-in for admin users, JWT sessions that expire.
// The JWT holds the user id, the account's session version and a session id; all are checked on
// every request (a bumped version ends every session of the account, a revoked id ends one).
import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { authenticate } from "@/lib/services/sign-in";
import { randomUUID } from "node:crypto";
import { revokeSession } from "@/lib/services/admin-users";
import { env } from "@/lib/env";
import { requestClientAddress } from "./client-address";
import { allowLoginAttempt } from "./login-throttle";
import { readLaunchState } from "@/lib/runtime/launch-state";

const credentialsSchema = z.object({
  email: z.string().trim().email().max(320),
  password: z.string().min(1).max(200),
});

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
        credentials: {
          email: { label: "Email", type: "email" },
          password: { label: "Password", type: "password" },
        },
        async authorize(raw, req) {
          const address = requestClientAddress((req?.headers ?? {}) as Record<string, string | undefined>);
          if (!allowLoginAttempt(address)) return null;
          const parsed = credentialsSchema.safeParse(raw);
          if (!parsed.success) return null;
          // `npm start` has not finished starting the database: say so, not "unavailable".
          if (readLaunchState()) throw new Error("starting");
          let result;
          try {
            result = await authenticate(parsed.data.email, parsed.data.password, address);
          } catch (error) {
            // A database outage: log it, show the visitor only the plain message.
            console.error("[auth] sign-in failed:", error instanceof Error ? error.message : error);
            throw new Error("unavailable");
          }
          if (!result.ok) return null;
          return {
            id: String(result.user.id),
            email: result.user.email,
            name: result.user.name,
            sessionVersion: result.user.sessionVersion,
          };
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) {
          token.uid = Number(user.id);
          token.sv = (user as { sessionVersion?: number }).sessionVersion ?? 0;
          token.sid = randomUUID();
        }
        return token;
      },
      session({ session, token }) {
        const s = session as { uid?: number; sv?: number; sid?: string };
        s.uid = typeof token.uid === "number" ? token.uid : undefined;
        s.sv = typeof token.sv === "number" ? token.sv : 0;
        s.sid = typeof token.sid === "string" ? token.sid : undefined;
        return session;
      },
    },
    events: {
      // A JWT cannot be recalled, so signing out records its session id as revoked until it would
      // have expired: a copy of the cookie taken before sign-out stops working.
      async signOut({ token }) {
        const t = token as { sid?: unknown; exp?: unknown } | null;
        if (typeof t?.sid === "string")
          await revokeSession(
            t.sid,
            new Date((typeof t.exp === "number" ? t.exp : Date.now() / 1000 + maxAge) * 1000),
          );
      },
    },
  };
}
