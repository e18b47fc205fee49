import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getCurrentUser } from "@/lib/auth/session";
import { safeCallbackPath } from "@/lib/auth/callback-url";
import { readLaunchState } from "@/lib/runtime/launch-state";
import { RefreshEvery } from "../../(dashboard)/refresh-every";
import { LoginForm } from "./login-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<{ callbackUrl?: string; changed?: string }>;
}) {
  // While `npm start` starts its database, and during an outage, the form still renders; signing in
  // then says so plainly.
  const starting = readLaunchState();
  const user = starting ? null : await getCurrentUser().catch(() => null);
  if (user) redirect("/");
  const { callbackUrl, changed } = await searchParams;
  // Only same-site paths: never bounce a signed-in admin to another origin.
  const next = safeCallbackPath(typeof callbackUrl === "string" ? callbackUrl : undefined);
  return (
    <main className="flex min-h-screen items-center justify-center p-4">
      <div className="w-full max-w-sm rounded-xl border border-slate-200 bg-white p-8 shadow-sm">
        <h1 className="text-xl font-semibold">Groundswell</h1>
        <p className="mt-1 mb-6 text-sm text-slate-500">Sign in to your community dashboard.</p>
        {changed === "1" && (
          <p role="status" className="mb-4 rounded-md bg-green-50 px-3 py-2 text-sm text-green-800">
            Password changed. Sign in with the new one.
          </p>
        )}
        {starting && (
          <p role="status" className="mb-4 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
            Groundswell is starting ({starting.step.toLowerCase()}). Sign-in opens in a few seconds.
            <RefreshEvery seconds={2} />
          </p>
        )}
        <LoginForm next={next} />
      </div>
    </main>
  );
}
