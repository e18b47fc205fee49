// Page reads from a real streaming replica: a throwaway primary and a standby made with PostgreSQL's
// own tools (Debian's initdb, pg_basebackup -R, pg_ctl; .ci/run installs the `postgresql` package when
// absent). Replay is paused on the standby to make lag happen on demand.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { chmod, chown, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { freePort } from "@/lib/db/embedded";
import { applyMigrations } from "@/lib/db/migrate";
import { createPrisma, type Db } from "@/lib/db/prisma";
import { db, readTarget, refreshReadTarget, setDb } from "@/lib/db/client";
import { resetEnvCache } from "@/lib/env";
import { listAdminUsers } from "@/lib/data/settings";

const MAX_LAG_MS = 3000;

function postgresBin(): string {
  const root = "/usr/lib/postgresql";
  const version = existsSync(root)
    ? readdirSync(root)
        .sort()
        .reverse()
        .find((v) => existsSync(path.join(root, v, "bin", "pg_basebackup")))
    : undefined;
  if (!version)
    throw new Error(
      "pg_basebackup not found under /usr/lib/postgresql/*/bin: install Debian's `postgresql` package (.ci/run does)",
    );
  return path.join(root, version, "bin");
}

const asRoot = process.getuid?.() === 0;
/** PostgreSQL refuses to run as root: as root (CI), its tools run as the `postgres` user. */
function run(tool: string, args: string[]): void {
  const command = path.join(postgresBin(), tool);
  const result = asRoot
    ? spawnSync("runuser", ["-u", "postgres", "--", command, ...args], { encoding: "utf8" })
    : spawnSync(command, args, { encoding: "utf8" });
  if (result.status !== 0)
    throw new Error(`${tool} failed (${result.status}): ${result.stderr || result.stdout}`);
}

let dir: string;
let primaryPort: number;
let replicaPort: number;
let primary: Db;
let replica: Db;
let outside: pg.Client;
const started: string[] = [];

const urlFor = (port: number, database: string) => `postgresql://groundswell@127.0.0.1:${port}/${database}`;
const startCluster = (data: string, port: number) => {
  run("pg_ctl", [
    "-D",
    data,
    "-l",
    `${data}.log`,
    "-w",
    "-t",
    "60",
    "-o",
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`,
    "start",
  ]);
  started.push(data);
};
const emails = async () => (await listAdminUsers()).map((u) => u.email);
const replay = (action: "pause" | "resume") =>
  action === "pause"
    ? replica.$executeRaw`select pg_wal_replay_pause()`
    : replica.$executeRaw`select pg_wal_replay_resume()`;

async function untilTarget(target: "replica" | "primary", timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const verdict = await refreshReadTarget();
    if (verdict.target === target || Date.now() > deadline) return verdict;
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "groundswell-replica-"));
  await chmod(dir, 0o755);
  if (asRoot) {
    const uid = Number(spawnSync("id", ["-u", "postgres"], { encoding: "utf8" }).stdout);
    const gid = Number(spawnSync("id", ["-g", "postgres"], { encoding: "utf8" }).stdout);
    await chown(dir, uid, gid);
  }
  [primaryPort, replicaPort] = [await freePort(), await freePort()];
  // A throwaway loopback-only cluster: trust authentication keeps the test free of secrets.
  run("initdb", ["-D", `${dir}/primary`, "-U", "groundswell", "--auth=trust", "-E", "UTF8", "--locale=C"]);
  startCluster(`${dir}/primary`, primaryPort);
  const admin = new pg.Client({ connectionString: urlFor(primaryPort, "postgres") });
  await admin.connect();
  await admin.query("create database app");
  await admin.end();
  await applyMigrations(urlFor(primaryPort, "app"));
  run("pg_basebackup", [
    "-h",
    "127.0.0.1",
    "-p",
    String(primaryPort),
    "-U",
    "groundswell",
    "-D",
    `${dir}/replica`,
    "-R",
    "-X",
    "stream",
    "-c",
    "fast",
  ]);
  startCluster(`${dir}/replica`, replicaPort);

  process.env.DATABASE_URL = urlFor(primaryPort, "app");
  process.env.DATABASE_READ_URL = urlFor(replicaPort, "app");
  process.env.DATABASE_READ_MAX_LAG_MS = String(MAX_LAG_MS);
  resetEnvCache();
  primary = createPrisma(process.env.DATABASE_URL, 3);
  replica = createPrisma(process.env.DATABASE_READ_URL, 3);
  setDb(primary, replica);
  // Another process's writes (the worker, another web process): not tracked by this one.
  outside = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await outside.connect();
}, 180_000);

afterAll(async () => {
  await outside?.end().catch(() => {});
  await Promise.allSettled([primary?.$disconnect(), replica?.$disconnect()]);
  for (const data of started.reverse()) run("pg_ctl", ["-D", data, "-m", "fast", "-w", "stop"]);
  delete process.env.DATABASE_READ_URL;
  delete process.env.DATABASE_READ_MAX_LAG_MS;
  resetEnvCache();
  if (dir) await rm(dir, { recursive: true, force: true });
}, 60_000);

const addOutside = (email: string) =>
  outside.query("insert into admin_users (email, password_hash, role) values ($1, 'x', 'viewer')", [email]);

describe("DATABASE_READ_URL", () => {
  it("serves a page read from the standby, falls back to the primary past the lag bound, and reads the admin's own writes", async () => {
    const isStandby = await replica.$queryRaw<{ standby: boolean }[]>`select pg_is_in_recovery() as standby`;
    expect(isStandby[0].standby).toBe(true);

    await addOutside("first@example.org");
    expect(await untilTarget("replica")).toEqual({ target: "replica" });
    expect(await emails()).toEqual(["first@example.org"]);

    // Replay paused: a write elsewhere is on the primary only. Within the bound the page still reads the standby (stale)…
    await replay("pause");
    expect(await refreshReadTarget()).toEqual({ target: "replica" });
    await addOutside("second@example.org");
    expect(readTarget()).toEqual({ target: "replica" });
    expect(await emails()).toEqual(["first@example.org"]);
    // …and once the standby is further behind than the bound, reads go to the primary.
    expect(await untilTarget("primary")).toEqual({ target: "primary", reason: "replica lagging" });
    expect(await emails()).toEqual(["first@example.org", "second@example.org"]);

    await replay("resume");
    expect(await untilTarget("replica")).toEqual({ target: "replica" });
    expect(await emails()).toEqual(["first@example.org", "second@example.org"]);

    // Read-your-writes: this process writes while the standby is paused; its next page read goes to the primary at once.
    await replay("pause");
    await refreshReadTarget();
    await db.adminUser.create({ data: { email: "own@example.org", passwordHash: "x" } });
    expect(readTarget()).toEqual({ target: "primary", reason: "own write not replayed" });
    expect(await emails()).toContain("own@example.org");
    await replay("resume");
    expect(await untilTarget("replica")).toEqual({ target: "replica" });
    expect(await emails()).toContain("own@example.org");
  });
});
