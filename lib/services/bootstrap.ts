// First-start work, run by `npm start` before the web server: defaults, the first admin, the demo.
import "server-only";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { ensureFirstAdmin } from "./admin-users";
import { ensureDefaultActivityTypes } from "./activity-types";
import { ensureDefaultPppRates } from "./organizations";
import { seedDemoCommunity } from "./demo";
import { recomputeAll } from "./pipeline";
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
    log(admin.password ? `    password: ${admin.password}   (shown once; change it in Settings)` : "    password: the ADMIN_PASSWORD you set");
    log("");
  }
  const empty = (await db.member.count()) === 0 && (await db.importRun.count()) === 0;
  if (empty && settings.DEMO !== false) {
    log("Empty database: loading the demo community (remove it with `npm run cli -- demo:remove`)…");
    const started = Date.now();
    const summary = await seedDemoCommunity(db, { onProgress: (pct, label) => process.stdout.write(`\r  ${String(Math.round(pct)).padStart(3)}% ${label.padEnd(40)}`) });
    process.stdout.write("\n");
    log(`Demo community: ${JSON.stringify(summary)} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    await recomputeAll({ log: (line) => log(`  ${line}`) });
  }
}
