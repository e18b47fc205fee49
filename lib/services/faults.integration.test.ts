// Faults, for real: the database stopped in the middle of an import (retried, ends exactly once),
// a refused connection and a full disk (clear errors, nothing half-written), and a process applying a
// Stripe webhook killed mid-transaction (Stripe's retry is applied once).
import { execFileSync, spawn } from "node:child_process";
import pg from "pg";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { chown, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Stripe from "stripe";
import { setDb } from "@/lib/db/client";
import { createPrisma, type Db } from "@/lib/db/prisma";
import { Prisma } from "@/lib/generated/prisma/client";
import { freePort, startEmbeddedPostgres, type EmbeddedDatabase } from "@/lib/db/embedded";
import { applyMigrations } from "@/lib/db/migrate";
import { resetEnvCache } from "@/lib/env";
import { runImport } from "@/lib/services/imports/run-import";
import { IdentityResolver } from "@/lib/ingest/persist/identities";
import { applyStripeEvent } from "@/lib/services/billing/stripe-apply";
import { receiveStripeEvent } from "@/lib/services/billing/stripe-webhook";

let dir: string;
let port: number;
let cluster: EmbeddedDatabase;
let client: Db;
let file: string;
const EVENTS = 60_000;

async function start() {
  cluster = await startEmbeddedPostgres({ dir: path.join(dir, "pg"), port, database: "faults" });
  client = createPrisma(cluster.url, 4);
  setDb(client);
}

/** Mounting a small tmpfs needs privileges (root in this container); without them the full-disk test cannot run. */
function canMountTmpfs(): boolean {
  const probe = mkdtempSync(path.join(os.tmpdir(), "gs-mount-"));
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", probe], { stdio: "ignore" });
    execFileSync("umount", [probe], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
}

function jsonlEvents(prefix: string, count: number): string {
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    lines.push(
      JSON.stringify({
        kind: "event",
        source: "forum",
        external_id: `${prefix}${i}`,
        actor_source: "forum",
        actor_external_id: `u${i % 900}`,
        type: "post",
        occurred_at: new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString(),
      }),
    );
  }
  return lines.join("\n");
}

describe("faults", () => {
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "gs-faults-"));
    port = await freePort();
    await start();
    process.env.DATABASE_URL = cluster.url;
    resetEnvCache();
    await applyMigrations(cluster.url);
    file = path.join(dir, "events.jsonl");
    await writeFile(file, jsonlEvents("p", EVENTS));
  }, 180_000);

  afterAll(async () => {
    await client?.$disconnect().catch(() => {});
    await cluster?.stop().catch(() => {});
    await rm(dir, { recursive: true, force: true });
  });

  it("an import interrupted by a database restart, then retried, ends with every event exactly once", async () => {
    let stopping: Promise<void> | undefined;
    const first = await runImport({
      source: "jsonl",
      file,
      onProgress: (p) => {
        if (!stopping && p.imported > 0) stopping = cluster.stop();
      },
    }).then(
      () => "finished",
      () => "failed",
    );
    expect(first).toBe("failed");
    await stopping;
    await client.$disconnect().catch(() => {});
    await start();
    // All or nothing per file: the interrupted run's transaction never committed.
    expect(await client.activityEvent.count()).toBe(0);

    const retry = await runImport({ source: "jsonl", file });
    expect(retry.status).toBe("succeeded");
    expect(retry.imported + retry.duplicates).toBe(EVENTS);
    const [{ n, distinct }] = await client.$queryRaw<
      { n: bigint; distinct: bigint }[]
    >`select count(*) n, count(distinct external_id) "distinct" from activity_events`;
    expect(Number(n)).toBe(EVENTS);
    expect(Number(distinct)).toBe(EVENTS);
    expect(await client.member.count()).toBe(900);
  }, 240_000);

  it("a refused connection fails the import with a clear error and writes nothing", async () => {
    const before = await client.activityEvent.count();
    const dead = createPrisma(`postgresql://groundswell:groundswell@127.0.0.1:${await freePort()}/none`, 1);
    setDb(dead);
    await expect(runImport({ source: "jsonl", file })).rejects.toThrow(/ECONNREFUSED|connect|reach/i);
    setDb(client);
    expect(await client.activityEvent.count()).toBe(before);
  });

  it("a Stripe event whose processing died mid-transaction is applied once when Stripe retries", async () => {
    const customer = {
      id: "cus_fault",
      object: "customer",
      email: "fault@example.com",
      name: "Fault Tolerant",
      created: 1700000000,
      metadata: {},
    };
    const event = {
      id: "evt_fault_1",
      object: "event",
      type: "customer.created",
      created: 1700000000,
      data: { object: customer },
      api_version: "2025-01-01",
      livemode: false,
      pending_webhooks: 1,
      request: null,
    } as unknown as Stripe.Event;
    await expect(
      client.$transaction(async (tx) => {
        await applyStripeEvent(tx, event, new IdentityResolver());
        throw new Error("process killed");
      }),
    ).rejects.toThrow("process killed");
    expect(await client.processedEvent.count({ where: { id: "evt_fault_1" } })).toBe(0);
    const outcome = await client.$transaction((tx) => applyStripeEvent(tx, event, new IdentityResolver()));
    expect(outcome).toBe("applied");
    const again = await client.$transaction((tx) => applyStripeEvent(tx, event, new IdentityResolver()));
    expect(again).toBe("duplicate");
    expect(await client.identity.count({ where: { source: "stripe", externalId: "cus_fault" } })).toBe(1);
  });

  it("a process applying a Stripe webhook, killed mid-transaction, loses the event; Stripe's retry applies it once", async () => {
    const customer = {
      id: "cus_killed",
      object: "customer",
      email: "killed@example.com",
      name: "Killed Midway",
      created: 1700000000,
      metadata: {},
    };
    const event = {
      id: "evt_killed_1",
      object: "event",
      type: "customer.created",
      created: 1700000000,
      data: { object: customer },
      api_version: "2025-01-01",
      livemode: false,
      pending_webhooks: 1,
      request: null,
    };
    // Another session holds the event's processed_events row uncommitted, so the child applies the event and
    // then waits on that key at the very end of its transaction: the moment it is killed.
    const blocker = new pg.Client({ connectionString: cluster.url });
    await blocker.connect();
    await blocker.query("begin");
    await blocker.query("insert into processed_events (id, source, type) values ($1, 'stripe', $2)", [
      event.id,
      event.type,
    ]);
    // One process (tsx as a loader, not its CLI, which would run the script in a grandchild the kill misses).
    const child = spawn(
      process.execPath,
      ["--conditions=react-server", "--import", "tsx", "lib/test/receive-stripe-event.ts"],
      {
        env: { ...process.env, DATABASE_URL: cluster.url, STRIPE_EVENT: JSON.stringify(event) },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let output = "";
    for (const stream of [child.stdout!, child.stderr!])
      stream.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.once("exit", (_code, signal) => resolve(signal)),
    );
    // Polled from another session: inside the blocker's transaction pg_stat_activity is a frozen snapshot.
    const sessions = async (where: Prisma.Sql) =>
      (
        await client.$queryRaw<{ n: number }[]>`
          select count(*)::int as n from pg_stat_activity where datname = current_database() and ${where}`
      )[0].n;
    const waitingOnKey = async () => (await sessions(Prisma.sql`wait_event_type = 'Lock'`)) > 0;
    const until = Date.now() + 60_000;
    while (!(await waitingOnKey())) {
      if (Date.now() > until || child.exitCode !== null)
        throw new Error(`the child never reached the end of its transaction: ${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    // Applied but not committed: nothing of it is visible to anyone else.
    expect(await client.identity.count({ where: { source: "stripe", externalId: "cus_killed" } })).toBe(0);
    child.kill("SIGKILL");
    expect(await exited).toBe("SIGKILL");
    await blocker.query("rollback");
    // PostgreSQL notices the dead connection and rolls the child's transaction back.
    while (
      (await sessions(Prisma.sql`state in ('idle in transaction', 'active') and pid <> pg_backend_pid()`)) > 0
    ) {
      await new Promise((r) => setTimeout(r, 100));
    }
    await blocker.end();
    expect(await client.identity.count({ where: { source: "stripe", externalId: "cus_killed" } })).toBe(0);
    expect(await client.processedEvent.count({ where: { id: event.id } })).toBe(0);

    const retry = await receiveStripeEvent(event as unknown as Stripe.Event);
    expect(retry).toBe("applied");
    expect(await receiveStripeEvent(event as unknown as Stripe.Event)).toBe("duplicate");
    expect(await client.identity.count({ where: { source: "stripe", externalId: "cus_killed" } })).toBe(1);
  }, 120_000);

  it.runIf(canMountTmpfs())(
    "a full disk fails an import with a clear error; a re-run once space is freed ends with every event exactly once",
    async () => {
      // The events table moves to a tablespace on an 8 MB tmpfs, so writing events runs out of space mid-import.
      const tiny = path.join(dir, "tiny");
      await mkdir(tiny);
      execFileSync("mount", ["-t", "tmpfs", "-o", "size=8m", "tmpfs", tiny]);
      const owner = statSync(path.join(dir, "pg"));
      await chown(tiny, owner.uid, owner.gid);
      const FULL = 150_000;
      const fullFile = path.join(dir, "full.jsonl");
      await writeFile(fullFile, jsonlEvents("d", FULL));
      try {
        await client.$executeRaw`delete from activity_events`;
        // DDL takes no parameters: the location is this test's own temporary directory, quoted as a literal.
        await client.$executeRaw`create tablespace tiny location ${Prisma.raw(`'${tiny.replaceAll("'", "''")}'`)}`;
        await client.$executeRaw`alter table activity_events set tablespace tiny`;
        await expect(runImport({ source: "jsonl", file: fullFile })).rejects.toThrow(
          /no space left on device|could not extend/i,
        );
        const [failed] = await client.$queryRaw<
          { status: string; error: string }[]
        >`select status, error from import_runs order by id desc limit 1`;
        expect(failed.status).toBe("failed");
        expect(failed.error).toMatch(/no space left on device|could not extend/i);
        // All or nothing per file: nothing of the failed run is left, and nothing dangles.
        expect(await client.activityEvent.count()).toBe(0);
        const [{ orphans }] = await client.$queryRaw<{ orphans: number }[]>`
        select count(*)::int as orphans from activity_events e
         where not exists (select 1 from members m where m.id = e.member_id)
            or (e.identity_id is not null and not exists (select 1 from identities i where i.id = e.identity_id))`;
        expect(orphans).toBe(0);

        await client.$executeRaw`alter table activity_events set tablespace pg_default`;
        const retry = await runImport({ source: "jsonl", file: fullFile });
        expect(retry.status).toBe("succeeded");
        expect(retry.imported + retry.duplicates).toBe(FULL);
        expect(retry.duplicates).toBe(0);
        const [{ n, distinct }] = await client.$queryRaw<
          { n: bigint; distinct: bigint }[]
        >`select count(*) n, count(distinct external_id) "distinct" from activity_events`;
        expect(Number(n)).toBe(FULL);
        expect(Number(distinct)).toBe(FULL);
      } finally {
        await client.$executeRaw`alter table activity_events set tablespace pg_default`.catch(() => {});
        await client.$executeRaw`drop tablespace if exists tiny`.catch(() => {});
        execFileSync("umount", [tiny]);
      }
    },
    240_000,
  );
});
