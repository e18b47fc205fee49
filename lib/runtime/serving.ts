// Says in the terminal when the web server first answers: the "login page within seconds" of a start.
// Kept apart from the first-start work so the launcher can load it before anything heavy.

const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

/** Resolves once `url` answers (any HTTP status), logging how long the web server took. */
export async function announceWhenServing(
  url: string,
  startedAt: number,
  log: (line: string) => void,
): Promise<void> {
  for (;;) {
    try {
      await fetch(url, { redirect: "manual" });
      log(`Login page answering at ${url} after ${seconds(startedAt)}`);
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}
