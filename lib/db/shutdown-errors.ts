// Errors that only mean "PostgreSQL is shutting down" (our own Ctrl-C stops the embedded server
// while loops are still polling): expected during a stop, not worth an alarming line.

/** 57P01 admin_shutdown, and the connection refusals that follow it. */
export function isDatabaseShutdownError(error: unknown): boolean {
  const seen = new Set<unknown>();
  for (
    let e: unknown = error;
    e && typeof e === "object" && !seen.has(e);
    e = (e as { cause?: unknown }).cause
  ) {
    seen.add(e);
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (code === "57P01" || code === "ECONNREFUSED") return true;
    if (
      typeof message === "string" &&
      /57P01|terminating connection due to administrator command|ECONNREFUSED/.test(message)
    )
      return true;
  }
  return false;
}
