// The worker's heartbeat: a timestamp it refreshes every few seconds, so /api/health can say when
// the process that runs imports and recomputes is gone even though the web server still answers.
import "server-only";
import { db } from "@/lib/db/client";

import { HEARTBEAT_EVERY_MS, HEARTBEAT_SETTING } from "@/lib/jobs/heartbeat-settings";

export { HEARTBEAT_STALE_MS } from "@/lib/jobs/heartbeat-settings";

export async function beat(now = new Date()): Promise<void> {
  const value = { at: now.toISOString(), pid: process.pid };
  await db.setting.upsert({
    where: { key: HEARTBEAT_SETTING },
    create: { key: HEARTBEAT_SETTING, value },
    update: { value },
  });
}

export function startHeartbeat(): { stop: () => Promise<void> } {
  void beat().catch(() => {});
  const timer = setInterval(() => void beat().catch(() => {}), HEARTBEAT_EVERY_MS);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      // A clean stop says so at once rather than waiting for the beat to go stale.
      await db.setting.deleteMany({ where: { key: HEARTBEAT_SETTING } }).catch(() => {});
    },
  };
}
