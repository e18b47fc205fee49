// Live sync and reconcile through a real HTTP boundary: a local fake Stripe API on 127.0.0.1 serves
// paginated lists built from Stripe's own example objects; the SDK auto-paginates against it.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import http from "node:http";
import type { AddressInfo } from "node:net";
import type Stripe from "stripe";
// Aliased: the hooks lint rule reads any "use…" call as a React hook.
import { truncateAll, useTestDatabase as openTestDatabase } from "@/lib/test/db";
import { emailHash } from "@/lib/ingest/persist/identities";
import { stripeFixture, subscriptionFixture } from "@/lib/billing/__fixtures__/stripe-fixtures";
import { resetEnvCache } from "@/lib/env";
import { reconcileWithStripe, stripeClient, stripeClientFromEnv, syncFromStripe } from "./stripe-sync";

const db = openTestDatabase();
const PAGE = 2;
const remote: Record<string, { id: string }[]> = {};
const requests: string[] = [];
let server: http.Server;
let stripe: Stripe;

function resetRemote() {
  remote.customers = [1, 2, 3].map((n) =>
    stripeFixture<Stripe.Customer>("customer", {
      id: `cus_${n}`,
      email: `payer${n}@example.org`,
      name: `Payer ${n}`,
    }),
  );
  const sub = (n: number, status: string, extra: Record<string, unknown> = {}) =>
    subscriptionFixture({ id: `sub_${n}`, customer: `cus_${n}`, status, ...extra }, [
      { unitAmount: 1000 * n, interval: "month", lookupKey: `plan_${n}` },
    ]);
  remote.subscriptions = [
    sub(1, "active"),
    sub(2, "canceled", { canceled_at: 1_695_000_000, ended_at: 1_695_000_000 }),
    sub(3, "active"),
  ];
  remote.invoices = [
    stripeFixture<Stripe.Invoice>("invoice", {
      id: "in_1",
      customer: "cus_1",
      status: "paid",
      amount_paid: 1000,
      total: 1000,
      currency: "usd",
    }),
  ];
}

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const url = new URL(req.url!, "http://127.0.0.1");
    requests.push(`${req.method} ${url.pathname}${url.search}`);
    const name = url.pathname.replace(/^\/v1\//, "");
    const all = remote[name];
    if (!all || req.headers.authorization !== "Bearer sk_test_fake") {
      res
        .writeHead(404, { "content-type": "application/json" })
        .end(JSON.stringify({ error: { type: "invalid_request_error", message: "not found" } }));
      return;
    }
    const after = url.searchParams.get("starting_after");
    const start = after ? all.findIndex((o) => o.id === after) + 1 : 0;
    const data = all.slice(start, start + PAGE);
    res
      .writeHead(200, { "content-type": "application/json" })
      .end(JSON.stringify({ object: "list", url: url.pathname, has_more: start + PAGE < all.length, data }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  stripe = stripeClient("sk_test_fake", {
    host: "127.0.0.1",
    port: (server.address() as AddressInfo).port,
    protocol: "http",
  });
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(async () => {
  await truncateAll(db);
  resetRemote();
  requests.length = 0;
});

describe("stripe sync and reconcile", () => {
  it("sync pages through everything and joins a customer to the community member with the same email", async () => {
    const m = await db.member.create({ data: { displayName: "Payer One" } });
    await db.identity.create({
      data: {
        memberId: m.id,
        source: "git",
        externalId: "payer1@example.org",
        email: "payer1@example.org",
        emailHash: emailHash("payer1@example.org", "groundswell"),
      },
    });
    const summary = await syncFromStripe(stripe);
    expect(summary).toEqual({ customers: 3, subscriptions: 3, invoices: 1, payments: 1 });
    expect(requests.filter((r) => r.startsWith("GET /v1/customers"))).toHaveLength(2);
    expect(requests.some((r) => r.includes("starting_after=cus_2"))).toBe(true);
    expect(requests.some((r) => r.startsWith("GET /v1/subscriptions") && r.includes("status=all"))).toBe(
      true,
    );
    const statuses = Object.fromEntries(
      (await db.subscription.findMany()).map((s) => [s.externalId, s.status]),
    );
    expect(statuses).toEqual({ sub_1: "active", sub_2: "canceled", sub_3: "active" });
    expect(
      (
        await db.identity.findUniqueOrThrow({
          where: { source_externalId: { source: "stripe", externalId: "cus_1" } },
        })
      ).memberId,
    ).toBe(m.id);
    expect(await db.member.findUniqueOrThrow({ where: { id: m.id } })).toMatchObject({
      currentMrrCents: 1000,
    });
    expect(await db.payment.count()).toBe(1);
    // A second sync changes nothing.
    await syncFromStripe(stripe);
    expect(await db.subscription.count()).toBe(3);
    expect(await db.subscriptionChange.count()).toBe(2);
    expect(await db.payment.count()).toBe(1);
  });

  it("reconcile repairs a cancellation whose webhook was missed, and then finds nothing", async () => {
    await syncFromStripe(stripe);
    const member3 = (
      await db.identity.findUniqueOrThrow({
        where: { source_externalId: { source: "stripe", externalId: "cus_3" } },
      })
    ).memberId;
    expect((await db.member.findUniqueOrThrow({ where: { id: member3 } })).currentTier).toBeGreaterThan(0);
    remote.subscriptions[2] = subscriptionFixture(
      {
        id: "sub_3",
        customer: "cus_3",
        status: "canceled",
        canceled_at: 1_700_100_000,
        ended_at: 1_700_100_000,
      },
      [{ unitAmount: 3000, interval: "month", lookupKey: "plan_3" }],
    );
    remote.subscriptions.push(
      subscriptionFixture({ id: "sub_4", customer: "cus_1", status: "active" }, [
        { unitAmount: 500, interval: "month", lookupKey: "plan_1" },
      ]),
    );
    const lines: string[] = [];
    const repairs = await reconcileWithStripe(stripe, (l) => lines.push(l));
    expect(repairs.map((r) => [r.externalId, r.kind])).toEqual([
      ["sub_3", "stored_active_remote_canceled"],
      ["sub_4", "missing_locally"],
    ]);
    expect(lines[0]).toMatch(/^repaired sub_3 \(cus_3\): stored_active_remote_canceled .*active → canceled/);
    expect((await db.subscription.findFirstOrThrow({ where: { externalId: "sub_3" } })).status).toBe(
      "canceled",
    );
    expect(await db.member.findUniqueOrThrow({ where: { id: member3 } })).toMatchObject({
      currentTier: 0,
      currentMrrCents: 0,
    });
    expect(
      await db.subscriptionChange.findFirst({ where: { externalId: { startsWith: "sync:sub_3:cancel" } } }),
    ).toMatchObject({ kind: "cancel", mrrBeforeCents: 3000 });
    expect(await reconcileWithStripe(stripe)).toEqual([]);
  });

  it("STRIPE_API_BASE points the CLI's client at another endpoint (here the local fake); an unusable value is refused by name", async () => {
    process.env.STRIPE_API_BASE = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    resetEnvCache();
    try {
      expect(await syncFromStripe(stripeClientFromEnv("sk_test_fake"))).toEqual({
        customers: 3,
        subscriptions: 3,
        invoices: 1,
        payments: 1,
      });
      expect(requests.some((r) => r.startsWith("GET /v1/subscriptions"))).toBe(true);
      process.env.STRIPE_API_BASE = "http://127.0.0.1:1/stripe";
      resetEnvCache();
      expect(() => stripeClientFromEnv("sk_test_fake")).toThrow(/^STRIPE_API_BASE: /);
    } finally {
      delete process.env.STRIPE_API_BASE;
      resetEnvCache();
    }
  });
});
