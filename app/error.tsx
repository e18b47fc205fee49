"use client";
// Any page that throws shows this instead of the framework's error text: no stack, no query, no
// server paths — only a reference (Next's digest) an admin can find in the server log.

import Link from "next/link";

export default function ErrorPage({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <main className="mx-auto max-w-lg space-y-4 p-8">
      <h1 className="text-xl font-semibold">Something went wrong</h1>
      <p className="text-sm text-slate-600">
        This page could not be shown. If the database was restarting, trying again in a moment usually works;
        otherwise the error is in the server log
        {error.digest ? (
          <>
            {" "}
            under reference <code className="rounded bg-slate-100 px-1">{error.digest}</code>
          </>
        ) : null}
        .
      </p>
      <div className="flex gap-3">
        <button
          type="button"
          onClick={reset}
          className="rounded-md bg-indigo-600 px-3 py-2 text-sm font-medium text-white hover:bg-indigo-700"
        >
          Try again
        </button>
        <Link href="/" className="rounded-md border border-slate-300 px-3 py-2 text-sm">
          Go to Overview
        </Link>
      </div>
    </main>
  );
}
