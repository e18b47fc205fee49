// Where the worker's heartbeat is kept and when it counts as stopped: shared by the worker that
// writes it (lib/services/heartbeat.ts) and /api/health's read of it (lib/data/health.ts).
export const HEARTBEAT_SETTING = "worker.heartbeat";
export const HEARTBEAT_EVERY_MS = 10_000;
/** Three missed beats: the worker is gone. */
export const HEARTBEAT_STALE_MS = 3 * HEARTBEAT_EVERY_MS + 5_000;
