import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { readLaunchState } from "@/lib/runtime/launch-state";
import { RefreshEvery } from "../(dashboard)/refresh-every";

export const metadata: Metadata = { title: "Starting" };
export const dynamic = "force-dynamic";

// What a signed-in page shows while `npm start` is still starting its database (the proxy rewrites
// to it): no data and no database read, and it reloads the page asked for every two seconds.
export default function StartingPage() {
  const state = readLaunchState();
  if (!state) redirect("/");
  return (
    <main className="flex min-h-screen items-center justify-center p-4">
      <div
        role="status"
        className="w-full max-w-md rounded-xl border border-slate-200 bg-white p-8 shadow-sm"
        data-testid="starting"
      >
        <h1 className="text-xl font-semibold">Groundswell is starting</h1>
        <p className="mt-2 text-sm text-slate-700">
          {state.step}… This page opens by itself in a few seconds; nothing needs to be done.
        </p>
        <RefreshEvery seconds={2} />
      </div>
    </main>
  );
}
