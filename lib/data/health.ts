// Is the database reachable, and is the worker alive? For GET /api/health.
import "server-only";
import { readDb as db } from "@/lib/db/client";
import { HEARTBEAT_SETTING, HEARTBEAT_STALE_MS } from "@/lib/jobs/heartbeat-settings";

export async function databaseHealth(): Promise<boolean> {
  try {
    await db.$queryRaw`select 1`;
    return true;
  } catch {
    return false;
  }
}

/**
 * "up" while the worker's heartbeat is fresh, "down" when it went stale (the worker died: imports
 * and queued events would wait forever), "not started" when no worker ever ran on this database
 * (a web process on its own, e.g. the load benchmark).
 */
export async function workerHealth(now = Date.now()): Promise<"up" | "down" | "not started"> {
  const row = await db.setting.findUnique({ where: { key: HEARTBEAT_SETTING } });
  const at =
    row && typeof row.value === "object" && row.value && "at" in row.value
      ? Date.parse(String(row.value.at))
      : NaN;
  if (Number.isNaN(at)) return "not started";
  return now - at <= HEARTBEAT_STALE_MS ? "up" : "down";
}
