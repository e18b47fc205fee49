// The recompute pipeline is explicit: its steps run in one fixed order, and every entry point
// reaches it (in-process for the CLI and the worker; as a queued job from the web process).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import http from "node:http";
import type { AddressInfo } from "node:net";
import type Stripe from "stripe";
// Aliased: the hooks lint rule reads any "use…" call as a React hook.
import { truncateAll, useTestDatabase as openTestDatabase } from "@/lib/test/db";
import { stripeFixture, subscriptionFixture } from "@/lib/billing/__fixtures__/stripe-fixtures";
import { stripeClient } from "@/lib/services/billing/stripe-sync";
import { pipelineStatus } from "@/lib/data/pipeline-status";
import { runStripeCommand } from "@/scripts/commands/stripe";
import { ensureDefaultActivityTypes } from "./activity-types";
import { PIPELINE_STEP_NAMES, PIPELINE_STEPS, runPipeline } from "./pipeline";
import { resetEnvCache } from "@/lib/env";
import { eventFixture } from "@/lib/billing/__fixtures__/stripe-fixtures";
import { startWorker, stopWorker } from "@/lib/jobs/worker";
import { POST as stripeWebhook } from "@/app/api/stripe/webhook/route";
import StripeSdk from "stripe";

const db = openTestDatabase();

/** A small community with enough weeks of activity for rankings to write a snapshot. */
async function seedActivity(): Promise<void> {
  await ensureDefaultActivityTypes();
  const now = Date.now();
  for (let m = 1; m <= 12; m++) {
    const member = await db.member.create({ data: { displayName: `Member ${m}` } });
    const events = Array.from({ length: 3 * m }, (_, i) => ({
      memberId: member.id,
      source: "slack",
      externalId: `m${m}-e${i}`,
      type: "message",
      occurredAt: new Date(now - (i * 5 + 1) * 86_400_000),
    }));
    await db.activityEvent.createMany({ data: events });
  }
}

beforeEach(() => truncateAll(db));

describe("runPipeline", () => {
  it("runs rollups, rankings, outreach outcomes, alerts, campaign closing, organisation credits and page aggregates, each after its inputs", async () => {
    expect(PIPELINE_STEP_NAMES).toEqual([
      "rollups",
      "rankings",
      "outreach outcomes",
      "alerts",
      "campaign closing",
      "organisation credits",
      "page aggregates",
    ]);
    await seedActivity();
    const lines: string[] = [];
    await runPipeline({ reason: "test", log: (line) => lines.push(line) });
    const finished = lines
      .filter((l) => /^\[\d+\/\d+\]/.test(l))
      .map((l) => l.replace(/^\[\d+\/\d+\] (.*): \d+ ms$/, "$1"));
    // Every step ran once, each after the steps whose output it reads (the others may finish in any order).
    expect([...finished].sort()).toEqual([...PIPELINE_STEP_NAMES].sort());
    for (const step of PIPELINE_STEPS)
      for (const input of step.after)
        expect(finished.indexOf(input)).toBeLessThan(finished.indexOf(step.name));
    expect(PIPELINE_STEPS.find((s) => s.name === "page aggregates")?.after).toEqual(["organisation credits"]);
    expect(PIPELINE_STEPS.find((s) => s.name === "alerts")?.after).toEqual(["outreach outcomes"]);
    const status = await pipelineStatus();
    expect(status).toMatchObject({
      state: "done",
      reason: "test",
      completedSteps: PIPELINE_STEP_NAMES,
      step: null,
    });
    expect(await db.weeklyActivity.count()).toBeGreaterThan(0);
    expect(await db.setting.findUnique({ where: { key: "page-aggregates:v1" } })).not.toBeNull();
  });

  it("re-runs the alert rules only when the judged week or anything up to it changed", async () => {
    await seedActivity();
    const lines: string[] = [];
    const run = () => runPipeline({ reason: "test", log: (l) => lines.push(l) });
    const alertsLine = () => lines.filter((l) => l.startsWith("alerts:")).at(-1) ?? "";
    await run();
    expect(alertsLine()).toMatch(/subjects as of/);
    const member = await db.member.findFirstOrThrow();
    const add = (id: string, at: Date) =>
      db.activityEvent.create({
        data: { memberId: member.id, source: "slack", externalId: id, type: "message", occurredAt: at },
      });
    // Today's events fall after the last complete week: the rules would find what they found.
    await add("today", new Date());
    await run();
    expect(alertsLine()).toMatch(/rules not re-run/);
    // A back-dated event inside the judged window: judged again.
    await add("back", new Date(Date.now() - 20 * 86_400_000));
    await run();
    expect(alertsLine()).toMatch(/subjects as of/);
  });

  it("records the failing step and stops there", async () => {
    await db.$executeRaw`alter table weekly_activity rename to weekly_activity_gone`;
    try {
      await expect(runPipeline({ reason: "broken" })).rejects.toThrow();
      expect(await pipelineStatus()).toMatchObject({ state: "failed", step: "rollups", completedSteps: [] });
    } finally {
      await db.$executeRaw`alter table weekly_activity_gone rename to weekly_activity`;
    }
  });
});

describe("stripe sync and reconcile run the whole pipeline", () => {
  let server: http.Server;
  let stripe: Stripe;
  beforeAll(async () => {
    const remote: Record<string, { id: string }[]> = {
      customers: [
        stripeFixture<Stripe.Customer>("customer", {
          id: "cus_1",
          email: "payer1@example.org",
          name: "Payer 1",
        }),
      ],
      subscriptions: [
        subscriptionFixture({ id: "sub_1", customer: "cus_1", status: "active" }, [
          { unitAmount: 1000, interval: "month", lookupKey: "plan_1" },
        ]),
      ],
      invoices: [],
    };
    server = http.createServer((req, res) => {
      const name = new URL(req.url!, "http://127.0.0.1").pathname.replace(/^\/v1\//, "");
      res
        .writeHead(200, { "content-type": "application/json" })
        .end(
          JSON.stringify({ object: "list", url: `/v1/${name}`, has_more: false, data: remote[name] ?? [] }),
        );
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    stripe = stripeClient("sk_test_fake", {
      host: "127.0.0.1",
      port: (server.address() as AddressInfo).port,
      protocol: "http",
    });
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  for (const action of ["sync", "reconcile"] as const) {
    it(`stripe ${action} computes rankings (it used to rebuild only the rollups)`, async () => {
      await seedActivity();
      await runStripeCommand(action, stripe, () => {});
      expect(await pipelineStatus()).toMatchObject({
        state: "done",
        reason: `stripe ${action}`,
        completedSteps: PIPELINE_STEP_NAMES,
      });
      expect(await db.scoreSnapshot.count()).toBeGreaterThan(0);
    });
  }
});

describe("the web process only requests: a webhook's recompute runs in the worker", () => {
  const SECRET = "whsec_test_pipeline";
  beforeAll(() => {
    process.env.STRIPE_WEBHOOK_SECRET = SECRET;
    resetEnvCache();
  });
  afterAll(async () => {
    await stopWorker();
    delete process.env.STRIPE_WEBHOOK_SECRET;
    resetEnvCache();
  });

  it("an applied Stripe webhook event queues a recompute that the worker runs through the whole pipeline", async () => {
    // Earlier test files share the queue: a recompute they left queued would absorb this one (singleton key).
    await db.$executeRaw`delete from pgboss.job where name = 'recompute'`.catch(() => undefined);
    await seedActivity();
    const customer = stripeFixture<Stripe.Customer>("customer", { email: "payer@example.org" });
    const payload = JSON.stringify(eventFixture("customer.created", customer, 1_700_000_000, "evt_pipeline"));
    const header = new StripeSdk("sk_test_x").webhooks.generateTestHeaderString({ payload, secret: SECRET });
    const response = await stripeWebhook(
      new Request("http://localhost/api/stripe/webhook", {
        method: "POST",
        headers: { "stripe-signature": header },
        body: payload,
      }),
    );
    expect(response.status).toBe(200);
    // Nothing ran in the request itself.
    expect(await pipelineStatus()).toBeNull();
    expect(await db.scoreSnapshot.count()).toBe(0);
    await startWorker(() => {});
    const deadline = Date.now() + 90_000;
    let status = await pipelineStatus();
    while (status?.state !== "done" && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      status = await pipelineStatus();
    }
    expect(status).toMatchObject({
      state: "done",
      reason: "stripe webhook customer.created",
      completedSteps: PIPELINE_STEP_NAMES,
    });
    expect(await db.scoreSnapshot.count()).toBeGreaterThan(0);
  });
});
