// First-start work, run by `npm start`: defaults and the first admin before the web server; the demo
// community after it has started (the launcher then queues the one recompute).
import "server-only";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { ensureFirstAdmin } from "./admin-users";
import { ensureDefaultActivityTypes } from "./activity-types";
import { ensureDefaultPppRates } from "./organizations";
import { seedDemoCommunity } from "./demo";
import { reconcileImportRuns } from "./imports/run-states";

export async function bootstrap(log: (line: string) => void): Promise<void> {
  const settings = env();
  await ensureDefaultActivityTypes();
  await ensureDefaultPppRates();
  const runs = await reconcileImportRuns();
  if (runs.failed) log(`Marked ${runs.failed} interrupted import(s) as failed.`);
  const admin = await ensureFirstAdmin(settings.ADMIN_EMAIL, settings.ADMIN_PASSWORD);
  if (admin) {
    log("");
    log("  First start: created the admin account");
    log(`    email:    ${admin.email}`);
    log(
      admin.password
        ? `    password: ${admin.password}   (shown once; change it in Settings)`
        : "    password: the ADMIN_PASSWORD you set",
    );
    log("");
  }
}

/** True when the database is empty and the demo is wanted (DEMO is not false). */
export async function wantsDemoCommunity(): Promise<boolean> {
  const empty = (await db.member.count()) === 0 && (await db.importRun.count()) === 0;
  return empty && env().DEMO !== false;
}

/** Loads the demo community; the caller runs (or queues) the recompute pipeline afterwards. */
export async function loadDemoCommunity(
  log: (line: string) => void,
  onProgress: (percent: number, label: string) => void,
): Promise<void> {
  log("Empty database: loading the demo community (remove it with `npm run cli -- demo:remove`)…");
  const started = Date.now();
  const summary = await seedDemoCommunity(db, { onProgress });
  log(`Demo community: ${JSON.stringify(summary)} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
