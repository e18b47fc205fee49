// next-auth configuration: email + password sign-in for admin users, JWT sessions that expire.
// The JWT holds only the user id; roles are re-read from the database on every request.
import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { authenticate } from "@/lib/services/admin-users";
import { env } from "@/lib/env";
import { allowLoginAttempt } from "./login-throttle";

const credentialsSchema = z.object({ email: z.string().trim().email().max(320), password: z.string().min(1).max(200) });

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
          const headers = (req?.headers ?? {}) as Record<string, string | undefined>;
          const address = headers["x-forwarded-for"]?.split(",")[0]?.trim() || headers["x-real-ip"] || "local";
          if (!allowLoginAttempt(address)) throw new Error("throttled");
          const parsed = credentialsSchema.safeParse(raw);
          if (!parsed.success) return null;
          const result = await authenticate(parsed.data.email, parsed.data.password);
          if (!result.ok) throw new Error(result.reason === "locked" ? "locked" : "CredentialsSignin");
          return { id: String(result.user.id), email: result.user.email, name: result.user.name };
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) token.uid = Number(user.id);
        return token;
      },
      session({ session, token }) {
        (session as { uid?: number }).uid = typeof token.uid === "number" ? token.uid : undefined;
        return session;
      },
    },
  };
}
