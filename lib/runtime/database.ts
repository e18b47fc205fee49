// Resolves the database for a process: DATABASE_URL when set, else the embedded cluster in
// GROUNDSWELL_DATA_DIR (started here), migrated to the latest schema either way.
import path from "node:path";
import { env, resetEnvCache } from "@/lib/env";
import { startEmbeddedPostgres } from "@/lib/db/embedded";
import { applyMigrations } from "@/lib/db/migrate";

export interface RuntimeDatabase {
  url: string;
  embedded: boolean;
  applied: string[];
  stop(): Promise<void>;
}

/** `shareRunning`: join the embedded cluster another process (a running `npm start`) already runs, as the CLI does. */
export async function openRuntimeDatabase(
  log: (line: string) => void = console.log,
  opts: { shareRunning?: boolean } = {},
): Promise<RuntimeDatabase> {
  const settings = env();
  let url = settings.DATABASE_URL;
  let stop = async () => {};
  if (!url) {
    const dir = path.resolve(settings.GROUNDSWELL_DATA_DIR, "pg");
    log(
      `Starting embedded PostgreSQL in ${path.relative(process.cwd(), dir) || dir} on port ${settings.EMBEDDED_PG_PORT}…`,
    );
    const cluster = await startEmbeddedPostgres({
      dir,
      port: settings.EMBEDDED_PG_PORT,
      database: "groundswell",
      shareRunning: opts.shareRunning,
    });
    if (cluster.shared) log(`Using the PostgreSQL another Groundswell process runs (port ${cluster.port}).`);
    url = cluster.url;
    stop = () => cluster.stop();
    process.env.DATABASE_URL = url;
    resetEnvCache();
  }
  try {
    const applied = await applyMigrations(url);
    if (applied.length) log(`Applied migrations: ${applied.join(", ")}`);
    return { url, embedded: !settings.DATABASE_URL, applied, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
