// Faults, for real: the database stopped in the middle of an import (retried, ends exactly once),
// a refused connection (clear error, nothing half-written), and a Stripe delivery whose processing
// died mid-transaction (the retry is applied once).
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Stripe from "stripe";
import { setDb } from "@/lib/db/client";
import { createPrisma, type Db } from "@/lib/db/prisma";
import { freePort, startEmbeddedPostgres, type EmbeddedDatabase } from "@/lib/db/embedded";
import { applyMigrations } from "@/lib/db/migrate";
import { resetEnvCache } from "@/lib/env";
import { runImport } from "@/lib/services/imports/run-import";
import { IdentityResolver } from "@/lib/ingest/persist/identities";
import { applyStripeEvent } from "@/lib/services/billing/stripe-apply";

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

describe("faults", () => {
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "gs-faults-"));
    port = await freePort();
    await start();
    process.env.DATABASE_URL = cluster.url;
    resetEnvCache();
    await applyMigrations(cluster.url);
    const lines: string[] = [];
    for (let i = 0; i < EVENTS; i++) {
      lines.push(JSON.stringify({ kind: "event", source: "forum", external_id: `p${i}`, actor_source: "forum", actor_external_id: `u${i % 900}`, type: "post", occurred_at: new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString() }));
    }
    file = path.join(dir, "events.jsonl");
    await writeFile(file, lines.join("\n"));
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
    const partial = await client.activityEvent.count();
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(EVENTS);

    const retry = await runImport({ source: "jsonl", file });
    expect(retry.status).toBe("succeeded");
    expect(retry.imported + retry.duplicates).toBe(EVENTS);
    const [{ n, distinct }] = await client.$queryRaw<{ n: bigint; distinct: bigint }[]>`select count(*) n, count(distinct external_id) "distinct" from activity_events`;
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
    const customer = { id: "cus_fault", object: "customer", email: "fault@example.com", name: "Fault Tolerant", created: 1700000000, metadata: {} };
    const event = { id: "evt_fault_1", object: "event", type: "customer.created", created: 1700000000, data: { object: customer }, api_version: "2025-01-01", livemode: false, pending_webhooks: 1, request: null } as unknown as Stripe.Event;
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
});
