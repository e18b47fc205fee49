// Errors that only mean "PostgreSQL is shutting down" (our own Ctrl-C stops the embedded server
// while loops are still polling): expected during a stop, not worth an alarming line.

/** 57P01 admin_shutdown, 57P03 "the database system is shutting down", and the refusals that follow. */
export function isDatabaseShutdownError(error: unknown): boolean {
  const seen = new Set<unknown>();
  for (
    let e: unknown = error;
    e && typeof e === "object" && !seen.has(e);
    e = (e as { cause?: unknown }).cause
  ) {
    seen.add(e);
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (code === "57P01" || code === "57P03" || code === "ECONNREFUSED") return true;
    if (
      typeof message === "string" &&
      /57P01|57P03|terminating connection due to administrator command|the database system is shutting down|ECONNREFUSED/.test(
        message,
      )
    )
      return true;
  }
  return false;
}
