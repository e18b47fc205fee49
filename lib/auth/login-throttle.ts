// Per-address throttle for sign-in attempts (in memory, per web process), on top of the per-account
// lockout in lib/services/admin-users.ts: slows password spraying across many accounts.
const WINDOW_MS = 5 * 60_000;
const MAX_ATTEMPTS = 30;
const attempts = new Map<string, number[]>();

/** Records an attempt from `address`; false when it is over the limit for the window. */
export function allowLoginAttempt(address: string, now = Date.now()): boolean {
  const recent = (attempts.get(address) ?? []).filter((t) => now - t < WINDOW_MS);
  recent.push(now);
  attempts.set(address, recent);
  if (attempts.size > 10_000) {
    for (const [key, times] of attempts) if (times.every((t) => now - t >= WINDOW_MS)) attempts.delete(key);
  }
  return recent.length <= MAX_ATTEMPTS;
}
