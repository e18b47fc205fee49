// The benchmarks' database: a throwaway embedded PostgreSQL with every migration applied, made this
// process's DATABASE_URL, then stopped and deleted (with its folder, unless `keep`) however the benchmark ends.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { freePort, startEmbeddedPostgres } from "@/lib/db/embedded";
import { applyMigrations } from "@/lib/db/migrate";
import { resetEnvCache } from "@/lib/env";

export async function withBenchDatabase<T>(
  name: string,
  run: (bench: { dir: string; url: string }) => Promise<T>,
  options: { keep?: boolean } = {},
): Promise<T> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `groundswell-${name}-`));
  const cluster = await startEmbeddedPostgres({
    dir: path.join(dir, "pg"),
    port: await freePort(),
    database: "bench",
  });
  try {
    await applyMigrations(cluster.url);
    process.env.DATABASE_URL = cluster.url;
    resetEnvCache();
    return await run({ dir, url: cluster.url });
  } finally {
    await cluster.stop();
    if (!options.keep) await rm(dir, { recursive: true, force: true });
  }
}
