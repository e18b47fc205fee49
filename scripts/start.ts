// `npm start`: `next start` at once, beside the embedded PostgreSQL (unless DATABASE_URL is set), its
// migrations, defaults and the first admin: the login page answers within seconds and everything else
// answers "starting" until the database is ready (lib/runtime/launch-state). Then the job worker, the
// demo (first start) and one queued recompute. Ctrl-C stops the web server, the worker and PostgreSQL.
// First it builds the dashboard when the code differs from what the last build was made from (build-stamp).
import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { randomBytes } from "node:crypto";
import { env, resetEnvCache } from "@/lib/env";
import { plannedEmbeddedUrl } from "@/lib/db/embedded";
import { clearLaunchState, writeLaunchState } from "@/lib/runtime/launch-state";
import { announceWhenServing } from "@/lib/runtime/serving";
import { buildApp, rebuildReason } from "@/lib/runtime/build-stamp";
import type { RuntimeDatabase } from "@/lib/runtime/database";

const log = (line: string) => console.log(line);

function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once("error", () => resolve(true));
    probe.listen(port, () => probe.close(() => resolve(false)));
  });
}
// Run Next's own binary (not through npx) so the web server is our direct child and stops with us.
const nextBin = createRequire(import.meta.url).resolve("next/dist/bin/next");
process.env.NEXT_TELEMETRY_DISABLED ??= "1";

async function sessionSecret(dataDir: string): Promise<string> {
  if (env().NEXTAUTH_SECRET) return env().NEXTAUTH_SECRET!;
  const file = path.join(dataDir, "nextauth-secret");
  if (existsSync(file)) return (await readFile(file, "utf8")).trim();
  const secret = randomBytes(32).toString("base64url");
  await writeFile(file, secret, { mode: 0o600 });
  return secret;
}

const settings = env();
const dataDir = path.resolve(settings.GROUNDSWELL_DATA_DIR);
await mkdir(dataDir, { recursive: true });
process.env.NEXTAUTH_SECRET = await sessionSecret(dataDir);
process.env.NEXTAUTH_URL ??= `http://localhost:${settings.PORT}`;
resetEnvCache();

const startedAt = Date.now();
// A second `npm start` (or another program on the port) is explained, not a bare "undefined".
const portHolder = await portInUse(settings.PORT);
if (portHolder) {
  console.error(
    `Port ${settings.PORT} is already in use (another Groundswell, or another program: \`ss -ltnp | grep :${settings.PORT}\`). Stop it, or set PORT.`,
  );
  process.exit(1);
}
// Known before the database is up, so the web server starts beside it (null: a legacy cluster, whose
// password is settled only when it starts; the web server then waits for it).
const plannedUrl =
  settings.DATABASE_URL ??
  (await plannedEmbeddedUrl({
    dir: path.resolve(dataDir, "pg"),
    port: settings.EMBEDDED_PG_PORT,
    database: "groundswell",
  }));
let database: RuntimeDatabase | undefined;
let workerStarted = false;
let web: ChildProcess | undefined;
let stopping = false;

async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  log("\nStopping…");
  if (web && web.exitCode === null) {
    web.kill("SIGTERM");
    await new Promise((resolve) => web!.once("exit", resolve));
  }
  await clearLaunchState().catch(() => {});
  if (database) {
    if (workerStarted) {
      const { stopWorker } = await import("@/lib/jobs/worker");
      await stopWorker().catch((e) => console.error("worker stop:", e));
    }
    const { db } = await import("@/lib/db/client");
    await db.$disconnect().catch(() => {});
    await database.stop().catch((e) => console.error("database stop:", e));
    if (database.embedded) log("Embedded PostgreSQL stopped.");
  }
  process.exit(code);
}
process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));

function startWebServer(databaseUrl: string) {
  // The preload stamps each request with its socket address (sign-in throttling never trusts X-Forwarded-For).
  const preload = pathToFileURL(path.resolve("scripts/client-address-preload.mjs")).href;
  web = spawn(process.execPath, ["--import", preload, nextBin, "start", "-p", String(settings.PORT)], {
    stdio: "inherit",
    env: { ...process.env, DATABASE_URL: databaseUrl, NODE_ENV: "production" },
  });
  web.on("exit", (code) => {
    if (!stopping) void shutdown(code ?? 1);
  });
  log(`Groundswell is starting at ${process.env.NEXTAUTH_URL}`);
  void announceWhenServing(`http://127.0.0.1:${settings.PORT}/login`, startedAt, log);
}

try {
  const rebuild = rebuildReason(process.cwd());
  if (rebuild) {
    log(`Building the dashboard (${rebuild})…`);
    if (!buildApp(process.cwd(), log)) throw new Error("next build failed");
  }
  // Until the file is removed, the web server answers "starting" (the login page renders already).
  await writeLaunchState("Starting the database", new Date(startedAt));
  if (plannedUrl) startWebServer(plannedUrl);
  const { openRuntimeDatabase } = await import("@/lib/runtime/database");
  database = await openRuntimeDatabase(log);
  if (!web) startWebServer(database.url);
  await writeLaunchState("Preparing the admin account", new Date(startedAt));
  const { bootstrap } = await import("@/lib/services/bootstrap");
  await bootstrap(log);
  // The demo load and this start's one recompute follow, while signed-in pages show "preparing your
  // data" with progress (marked before the database is announced ready).
  const { markDataPreparation, prepareData } = await import("@/lib/runtime/first-start");
  const plan = await markDataPreparation();
  await clearLaunchState();
  log(`Database ready after ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
  const { startWorker } = await import("@/lib/jobs/worker");
  await startWorker(log);
  workerStarted = true;
  await prepareData(plan, startedAt, log);
} catch (error) {
  // A Ctrl-C during the demo load or the first recompute is a stop, not a failure.
  const { isDatabaseShutdownError } = await import("@/lib/db/shutdown-errors");
  if (!stopping && !isDatabaseShutdownError(error))
    console.error(error instanceof Error ? error.message : error);
  await shutdown(1);
}
