// What `npm start` is doing before its database is ready (starting PostgreSQL, migrations, the first
// admin), in a small file in GROUNDSWELL_DATA_DIR: the web server starts at once beside it and reads
// this file to answer "starting" (proxy, /api/health, login page) instead of a database error.
import { existsSync, readFileSync } from "node:fs";
import { rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { env } from "@/lib/env";

const launchStateSchema = z.object({
  /** What is happening, in words ("Starting the database"). */
  step: z.string().min(1),
  since: z.iso.datetime(),
  /** The launcher's process: a file left by a launcher that died is ignored. */
  pid: z.number().int().positive(),
});
export type LaunchState = z.infer<typeof launchStateSchema>;

const launchStateFile = () => path.resolve(env().GROUNDSWELL_DATA_DIR, "launch-state.json");

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The launcher's state while the database is being prepared; null once it is ready (or no launcher). */
export function readLaunchState(): LaunchState | null {
  const file = launchStateFile();
  if (!existsSync(file)) return null;
  try {
    const state = launchStateSchema.parse(JSON.parse(readFileSync(file, "utf8")));
    return alive(state.pid) ? state : null;
  } catch {
    // Half-written or removed between the two calls: read as "not starting"; the next request reads again.
    return null;
  }
}

export async function writeLaunchState(step: string, since: Date): Promise<void> {
  const state: LaunchState = { step, since: since.toISOString(), pid: process.pid };
  // Written whole then renamed, so a reader never sees half a file.
  const file = launchStateFile();
  await writeFile(`${file}.tmp`, JSON.stringify(state));
  await rename(`${file}.tmp`, file);
}

export async function clearLaunchState(): Promise<void> {
  await rm(launchStateFile(), { force: true });
}
