// Shared by the connector integration tests: counts of what a sync wrote.
import "server-only";
import { db } from "@/lib/db/client";

export async function eventCount(source?: string): Promise<number> {
  return source ? db.activityEvent.count({ where: { source } }) : db.activityEvent.count();
}

export async function streamState(kind: string, key: string): Promise<Record<string, unknown> | null> {
  const row = await db.connectorStream.findFirst({ where: { key, connector: { kind } } });
  return (row?.state as Record<string, unknown> | undefined) ?? null;
}

/** Fast retries for tests: a 429's Retry-After of 1 s waits 1 s (the clients' own behaviour), backoffs are milliseconds. */
export const FAST_RETRY = {
  slack: { retries: 3, factor: 2, minTimeout: 10, maxTimeout: 100 },
  github: { retryAfterBaseValue: 20 },
  discourse: { retryAfterBaseValue: 20 },
};
