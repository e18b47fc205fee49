"use client";
// When the root layout itself fails: a bare page with the same promise as app/error.tsx (no internals).

export default function GlobalError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <html lang="en">
      <body style={{ fontFamily: "system-ui, sans-serif", padding: "2rem", maxWidth: "32rem" }}>
        <h1>Something went wrong</h1>
        <p>
          Groundswell could not show this page. Try again in a moment
          {error.digest ? `; the server log has it under reference ${error.digest}` : ""}.
        </p>
        <button type="button" onClick={reset}>
          Try again
        </button>
      </body>
    </html>
  );
}
