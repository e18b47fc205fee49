// `npm start`: the embedded PostgreSQL (unless DATABASE_URL is set), migrations, defaults and the first
// admin, then `next start` at once, the job worker, the demo (first start) and one queued recompute.
// Ctrl-C stops the web server, the worker and PostgreSQL cleanly.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { randomBytes } from "node:crypto";
import { env, resetEnvCache } from "@/lib/env";
import { openRuntimeDatabase } from "@/lib/runtime/database";
import { bootstrap } from "@/lib/services/bootstrap";
import { startWorker, stopWorker } from "@/lib/jobs/worker";
import { announceWhenServing, markDataPreparation, prepareData } from "@/lib/runtime/first-start";
import { db } from "@/lib/db/client";
import { isDatabaseShutdownError } from "@/lib/db/shutdown-errors";

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
const database = await openRuntimeDatabase(log).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
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
  await stopWorker().catch((e) => console.error("worker stop:", e));
  await db.$disconnect().catch(() => {});
  await database.stop().catch((e) => console.error("database stop:", e));
  if (database.embedded) log("Embedded PostgreSQL stopped.");
  process.exit(code);
}
process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));

try {
  await bootstrap(log);
  if (!existsSync(path.resolve(".next/BUILD_ID"))) {
    log("Building the dashboard (first start only; `npm run build` rebuilds)…");
    const build = spawnSync(process.execPath, [nextBin, "build"], { stdio: "inherit", env: process.env });
    if (build.status !== 0) throw new Error("next build failed");
  }
  // The web server first, so the login page answers within seconds; the demo load and this start's
  // one recompute follow, while signed-in pages show "preparing your data" with progress.
  const plan = await markDataPreparation();
  // The preload stamps each request with its socket address (sign-in throttling never trusts X-Forwarded-For).
  const preload = pathToFileURL(path.resolve("scripts/client-address-preload.mjs")).href;
  web = spawn(process.execPath, ["--import", preload, nextBin, "start", "-p", String(settings.PORT)], {
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production" },
  });
  web.on("exit", (code) => {
    if (!stopping) void shutdown(code ?? 1);
  });
  log(`Groundswell is starting at ${process.env.NEXTAUTH_URL}`);
  void announceWhenServing(`http://127.0.0.1:${settings.PORT}/login`, startedAt, log);
  await startWorker(log);
  await prepareData(plan, startedAt, log);
} catch (error) {
  // A Ctrl-C during the demo load or the first recompute is a stop, not a failure.
  if (!stopping && !isDatabaseShutdownError(error))
    console.error(error instanceof Error ? error.message : error);
  await shutdown(1);
}
