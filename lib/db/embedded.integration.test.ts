// #18 item 13: the embedded cluster's superuser password is random, kept 0600 beside the data;
// a cluster made with the old fixed password is migrated at its next start; a second process
// either joins the running cluster (the CLI) or is told which process holds it (`npm start`).
import { mkdtemp, rm, stat, readFile, unlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { spawn } from "node:child_process";
import { pathToFileURL } from "node:url";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import {
  DatabaseInUseError,
  freePort,
  passwordFile,
  startEmbeddedPostgres,
  type EmbeddedDatabase,
} from "./embedded";

const started: EmbeddedDatabase[] = [];
let root: string | undefined;
afterAll(async () => {
  for (const c of started.reverse()) await c.stop().catch(() => {});
  if (root) await rm(root, { recursive: true, force: true });
});

async function canSignIn(port: number, password: string): Promise<boolean> {
  const client = new pg.Client({
    connectionString: `postgresql://groundswell:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
  });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

describe("embedded PostgreSQL password", () => {
  it("is random, stored 0600, migrated from the fixed one, and a second process joins or is told who holds it", async () => {
    root = await mkdtemp(path.join(tmpdir(), "gs-embedded-"));
    const dir = path.join(root, "pg");
    const port = await freePort();
    const first = await startEmbeddedPostgres({ dir, port, database: "app" });
    started.push(first);
    const file = passwordFile(dir);
    const password = (await readFile(file, "utf8")).trim();
    expect(password).toMatch(/^[\w-]{32}$/);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(first.url).toContain(encodeURIComponent(password));
    expect(await canSignIn(port, "groundswell")).toBe(false);
    expect(await canSignIn(port, password)).toBe(true);

    // The CLI beside a running server: joins it, and leaves it running when done.
    const joined = await startEmbeddedPostgres({ dir, port, database: "app", shareRunning: true });
    expect(joined.shared).toBe(true);
    await joined.stop();
    expect(await canSignIn(port, password)).toBe(true);
    // A second `npm start`: a clear error naming the process, not "undefined".
    const second = await startEmbeddedPostgres({ dir, port, database: "app" }).catch((e: unknown) => e);
    expect(second).toBeInstanceOf(DatabaseInUseError);
    expect(String((second as Error).message)).toMatch(
      /already running \(PostgreSQL process \d+ on port \d+\)/,
    );

    // Make it a cluster of the old kind (fixed password, no file), then start it again.
    const client = new pg.Client({ connectionString: first.url });
    await client.connect();
    await client.query(`ALTER ROLE groundswell PASSWORD 'groundswell'`);
    await client.end();
    await first.stop();
    started.pop();
    await unlink(file);
    const migrated = await startEmbeddedPostgres({ dir, port, database: "app" });
    started.push(migrated);
    const rotated = (await readFile(file, "utf8")).trim();
    expect(rotated).not.toBe("groundswell");
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await canSignIn(port, "groundswell")).toBe(false);
    expect(await canSignIn(port, rotated)).toBe(true);
    await migrated.stop();
    started.pop();
  }, 120_000);

  it("explains a start that fails because the port is taken", async () => {
    const dir = path.join(root!, "pg2");
    const port = await freePort();
    const blocker = (await import("node:net")).createServer().listen(port, "127.0.0.1");
    await new Promise((r) => blocker.once("listening", r));
    try {
      const error = await startEmbeddedPostgres({ dir, port, database: "app" }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toMatch(
        new RegExp(`Could not start PostgreSQL in .* on port ${port}`),
      );
      expect((error as Error).message).not.toMatch(/^undefined$/);
    } finally {
      blocker.close();
    }
  }, 120_000);

  it("a launcher killed with SIGKILL leaves no PostgreSQL holding the folder: the next start stops the orphan and starts", async () => {
    const dir = path.join(root!, "pg3");
    const port = await freePort();
    const embeddedModule = pathToFileURL(path.resolve(import.meta.dirname, "embedded.ts")).href;
    const code = `const { startEmbeddedPostgres } = await import(${JSON.stringify(embeddedModule)}); await startEmbeddedPostgres({ dir: ${JSON.stringify(dir)}, port: ${port}, database: "app" }); console.log("ready"); setInterval(() => {}, 1000);`;
    const launcher = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", code], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    await new Promise<void>((resolve, reject) => {
      launcher.stdout!.on("data", (d) => String(d).includes("ready") && resolve());
      launcher.once("exit", (c) => reject(new Error(`launcher exited ${c}`)));
    });
    launcher.kill("SIGKILL");
    await new Promise((r) => launcher.once("exit", r));
    await new Promise((r) => setTimeout(r, 500));
    const pidFile = (await readFile(path.join(dir, "postmaster.pid"), "utf8")).split("\n")[0];
    expect(() => process.kill(Number(pidFile), 0)).not.toThrow(); // the orphan is still there
    const next = await startEmbeddedPostgres({ dir, port, database: "app" });
    started.push(next);
    expect(next.shared).toBe(false);
    expect(await canSignIn(port, (await readFile(passwordFile(dir), "utf8")).trim())).toBe(true);
    await next.stop();
    started.pop();
  }, 120_000);
});
