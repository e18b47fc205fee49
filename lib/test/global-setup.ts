// Vitest global setup for the integration tier: a real PostgreSQL with a fresh database per run.
// Uses TEST_DATABASE_URL's server when given (the database name is replaced), else an embedded cluster.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { applyMigrations } from "@/lib/db/migrate";
import { dropDatabase, ensureDatabase, freePort, startEmbeddedPostgres } from "@/lib/db/embedded";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    adminDatabaseUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const name = `groundswell_test_${process.pid}`;
  let stop: () => Promise<void>;
  let adminUrl: string;
  let url: string;
  const external = process.env.TEST_DATABASE_URL;
  if (external) {
    const base = new URL(external);
    base.pathname = "/postgres";
    adminUrl = base.toString();
    await dropDatabase(adminUrl, name);
    await ensureDatabase(adminUrl, name);
    base.pathname = `/${name}`;
    url = base.toString();
    stop = () => dropDatabase(adminUrl, name);
  } else {
    const dir = await mkdtemp(path.join(os.tmpdir(), "groundswell-test-"));
    const cluster = await startEmbeddedPostgres({
      dir: path.join(dir, "pg"),
      port: await freePort(),
      database: name,
    });
    url = cluster.url;
    adminUrl = url.replace(new RegExp(`/${name}$`), "/postgres");
    stop = async () => {
      await cluster.stop();
      await rm(dir, { recursive: true, force: true });
    };
  }
  await applyMigrations(url);
  project.provide("databaseUrl", url);
  project.provide("adminDatabaseUrl", adminUrl);
  return stop;
}
