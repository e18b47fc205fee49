// Canonical CSV/JSONL, Open Collective and Stripe events files imported into a real database:
// exact counts, quarantined rows with reason and original line, links, and re-runs that add nothing.
import { beforeEach, describe, expect, it } from "vitest";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import type Stripe from "stripe";
// Aliased: the hooks lint rule reads any "use…" call as a React hook.
import { truncateAll, useTestDatabase as openTestDatabase } from "@/lib/test/db";
import { FIXTURES, tempDir } from "@/lib/ingest/__fixtures__/test-helpers";
import { eventFixture, stripeFixture, subscriptionFixture } from "@/lib/billing/__fixtures__/stripe-fixtures";
import { runImport } from "./run-import";
import { eventsByType, importChecksum, memberOf, tableCounts } from "./import-test-helpers";

const db = openTestDatabase();
beforeEach(() => truncateAll(db));
const CANONICAL = path.join(FIXTURES, "canonical");

const quarantine = () =>
  db.quarantinedRow.findMany({ orderBy: { line: "asc" }, select: { line: true, reason: true, raw: true } });

describe("canonical files", () => {
  it("members CSV then events CSV: flags, orgs, two bad rows each with line and text", async () => {
    const members = await runImport({ source: "csv", file: path.join(CANONICAL, "members.csv") });
    expect(members).toMatchObject({
      status: "succeeded",
      read: 5,
      imported: 3,
      quarantined: 2,
      membersCreated: 3,
    });
    expect((await quarantine()).map((q) => [q.line, q.reason, q.raw])).toEqual([
      [
        5,
        "joined_at: must be an ISO 8601 date",
        'm-004,"Dana ""D"" Diaz",dana@example.org,not-a-date,ES,Example Org,,false,false,false',
      ],
      [6, "member_key: is required", ",Nameless,nobody@example.org,2024-01-01,,,,,,"],
    ]);
    const alice = await db.member.findFirstOrThrow({ where: { displayName: "Alice Andersen" } });
    expect(alice).toMatchObject({ isStaff: true, country: "NO", primaryEmail: "alice@acme.io" });
    expect([...alice.tags].sort()).toEqual(["core", "speaker"]);
    expect(await db.member.findFirstOrThrow({ where: { displayName: "Bob Builder" } })).toMatchObject({
      doNotContact: true,
    });
    expect(await db.member.findFirstOrThrow({ where: { displayName: "Release Bot" } })).toMatchObject({
      isBot: true,
    });

    await db.quarantinedRow.deleteMany();
    const events = await runImport({ source: "csv", file: path.join(CANONICAL, "events.csv") });
    expect(events).toMatchObject({
      status: "succeeded",
      read: 5,
      imported: 3,
      quarantined: 2,
      membersCreated: 3,
    });
    expect(await eventsByType(db)).toEqual({ forum_post: 1, forum_reply: 1, meetup_rsvp: 1 });
    expect((await quarantine()).map((q) => [q.line, q.reason.split(":")[0]])).toEqual([
      [5, "occurred_at"],
      [6, "properties"],
    ]);
    expect((await db.activityEvent.findFirstOrThrow({ where: { externalId: "post-1002" } })).weight).toBe(
      0.5,
    );
    expect((await runImport({ source: "csv", file: path.join(CANONICAL, "events.csv") })).imported).toBe(0);
  });

  it("mixed JSONL: member, identity by member key, event, a subscription started and cancelled", async () => {
    const s = await runImport({ source: "jsonl", file: path.join(CANONICAL, "mixed.jsonl") });
    expect(s).toMatchObject({ status: "succeeded", read: 8, imported: 3, quarantined: 3, membersCreated: 1 });
    expect(await tableCounts(db)).toMatchObject({
      members: 1,
      identities: 2,
      events: 1,
      subscriptions: 1,
      changes: 2,
    });
    expect(await memberOf(db, "forum", "user-7")).toBe(await memberOf(db, "csv", "m-010"));
    expect(
      (await db.subscriptionChange.findMany({ orderBy: { occurredAt: "asc" } })).map((c) => c.kind),
    ).toEqual(["new", "cancel"]);
    expect(await db.subscription.findFirstOrThrow()).toMatchObject({ status: "canceled", mrrCents: 0 });
    expect((await quarantine()).map((q) => q.line)).toEqual([7, 8, 9]);
    expect((await quarantine())[1].reason).toBe('unknown or missing kind "invoice"');
    const sum = await importChecksum(db);
    expect(await runImport({ source: "jsonl", file: path.join(CANONICAL, "mixed.jsonl") })).toMatchObject({
      imported: 0,
    });
    expect(await importChecksum(db)).toBe(sum);
  });
});

describe("subscription changes classified against the stored history", () => {
  const change = (id: string, plan: string | null, at: string, mrr: number) =>
    JSON.stringify({
      kind: "subscription_change",
      source: "billing",
      external_id: id,
      actor_source: "forum",
      actor_external_id: "user-9",
      subscription_id: "sub-9",
      to_plan: plan,
      occurred_at: at,
      mrr_cents: mrr,
      currency: "usd",
    });
  const changes = () =>
    db.subscriptionChange.findMany({
      orderBy: [{ occurredAt: "asc" }, { id: "asc" }],
      select: { externalId: true, kind: true, fromPlanKey: true, mrrBeforeCents: true, mrrAfterCents: true },
    });

  it("a later file's changes fit between stored ones, repeats and no-change rows add nothing", async () => {
    const dir = await tempDir();
    const first = path.join(dir, "first.jsonl");
    await writeFile(
      first,
      [
        change("c1", "basic", "2024-01-01T00:00:00Z", 1000),
        change("c3", null, "2024-05-01T00:00:00Z", 0),
      ].join("\n"),
    );
    expect(await runImport({ source: "jsonl", file: first })).toMatchObject({
      status: "succeeded",
      imported: 2,
    });
    // Out of order within the file and against the stored history: c2 (an upgrade) lands between c1 and c3;
    // c1 again is a repeat; c2b states the plan c2 set (no change); c4 reactivates after the cancellation.
    const second = path.join(dir, "second.jsonl");
    await writeFile(
      second,
      [
        change("c4", "pro", "2024-07-01T00:00:00Z", 3000),
        change("c1", "basic", "2024-01-01T00:00:00Z", 1000),
        change("c2b", "pro", "2024-03-15T00:00:00Z", 3000),
        change("c2", "pro", "2024-03-01T00:00:00Z", 3000),
      ].join("\n"),
    );
    expect(await runImport({ source: "jsonl", file: second })).toMatchObject({
      status: "succeeded",
      imported: 2,
      duplicates: 2,
    });
    expect(await changes()).toEqual([
      { externalId: "c1", kind: "new", fromPlanKey: null, mrrBeforeCents: 0, mrrAfterCents: 1000 },
      { externalId: "c2", kind: "upgrade", fromPlanKey: "basic", mrrBeforeCents: 1000, mrrAfterCents: 3000 },
      { externalId: "c3", kind: "cancel", fromPlanKey: "basic", mrrBeforeCents: 1000, mrrAfterCents: 0 },
      { externalId: "c4", kind: "reactivate", fromPlanKey: null, mrrBeforeCents: 0, mrrAfterCents: 3000 },
    ]);
    expect(await db.subscription.findFirstOrThrow()).toMatchObject({
      status: "active",
      mrrCents: 3000,
      planKey: "pro",
    });
    const sum = await importChecksum(db);
    expect(await runImport({ source: "jsonl", file: second })).toMatchObject({ imported: 0 });
    expect(await importChecksum(db)).toBe(sum);
  });
  it("a subscription moved by a merge in a later batch keeps its latest change's state, and the surviving member its MRR", async () => {
    const dir = await tempDir();
    const file = path.join(dir, "merge-later.jsonl");
    const filler = Array.from({ length: 10_000 }, (_, n) =>
      JSON.stringify({
        kind: "event",
        source: "forum",
        external_id: `post-${n}`,
        actor_source: "forum",
        actor_external_id: "user-9",
        type: "forum_post",
        occurred_at: "2024-02-01T00:00:00Z",
      }),
    );
    await writeFile(
      file,
      [
        JSON.stringify({ kind: "member", member_key: "m-9", name: "Nine", joined_at: "2024-01-01" }),
        change("c1", "basic", "2024-01-01T00:00:00Z", 1000),
        change("c2", "pro", "2024-03-01T00:00:00Z", 3000),
        ...filler,
        // Batch 2: user-9 turns out to be member m-9; its member (holding sub-9) is merged into m-9's.
        JSON.stringify({ kind: "identity", source: "forum", external_id: "user-9", member_key: "m-9" }),
      ].join("\n"),
    );
    expect(await runImport({ source: "jsonl", file })).toMatchObject({
      status: "succeeded",
      imported: 10_002,
    });
    expect(await tableCounts(db)).toMatchObject({ members: 1, subscriptions: 1, changes: 2 });
    const member = await db.member.findFirstOrThrow();
    expect(await db.subscription.findFirstOrThrow()).toMatchObject({
      memberId: member.id,
      status: "active",
      planKey: "pro",
      mrrCents: 3000,
    });
    expect(member.currentMrrCents).toBe(3000);
    expect(member.currentTier).toBeGreaterThan(0);
  });
});

describe("Open Collective", () => {
  it("imports the OBS export: contributors, recurring subscriptions, payments, re-run adds nothing", async () => {
    const file = path.resolve(process.cwd(), "../shared/data/opencollective-obs-transactions.csv");
    const s = await runImport({ source: "opencollective", file });
    expect(s).toMatchObject({
      status: "succeeded",
      read: 2699,
      imported: 2950,
      quarantined: 0,
      membersCreated: 1089,
    });
    expect(s.extra).toMatchObject({
      contributions: 2633,
      recurring: 1711,
      oneTime: 922,
      subscriptions: 194,
      skipped: { refund: 3, expense: 62, transfer: 1 },
    });
    expect(await tableCounts(db)).toMatchObject({
      members: 1089,
      identities: 1089,
      subscriptions: 194,
      changes: 317,
      payments: 2633,
    });
    expect(s.billing).toMatchObject({ customers: 1089, linked: 0, unlinked: 1089 });
    const sum = await importChecksum(db);
    const again = await runImport({ source: "opencollective", file });
    expect(again).toMatchObject({ status: "succeeded", imported: 0 });
    expect(await importChecksum(db)).toBe(sum);
  });
});

describe("Stripe events file", () => {
  it("applies customers, subscriptions and invoices once; bad lines quarantined", async () => {
    const customer = stripeFixture<Stripe.Customer>("customer", { id: "cus_a", email: "a@example.org" });
    const sub = (status: string, extra: Record<string, unknown> = {}) =>
      subscriptionFixture({ id: "sub_a", customer: "cus_a", status, ...extra }, [
        { unitAmount: 2000, interval: "month", lookupKey: "premium" },
      ]);
    const invoice = stripeFixture<Stripe.Invoice>("invoice", {
      id: "in_a",
      customer: "cus_a",
      amount_paid: 2000,
      total: 2000,
      currency: "usd",
    });
    const events = [
      eventFixture("customer.created", customer, 1_700_000_000, "evt_1"),
      eventFixture("customer.subscription.created", sub("active"), 1_700_000_010, "evt_2"),
      eventFixture("invoice.paid", invoice, 1_700_000_020, "evt_3"),
      eventFixture(
        "customer.subscription.deleted",
        sub("canceled", { canceled_at: 1_700_000_500, ended_at: 1_700_000_500 }),
        1_700_000_500,
        "evt_4",
      ),
      eventFixture("customer.subscription.updated", sub("active"), 1_700_000_300, "evt_5"),
    ];
    const file = path.join(await tempDir(), "events.jsonl");
    await writeFile(file, [...events.map((e) => JSON.stringify(e)), JSON.stringify(customer)].join("\n"));
    const s = await runImport({ source: "stripe-events", file });
    expect(s).toMatchObject({ status: "succeeded", read: 6, imported: 5, quarantined: 1, membersCreated: 1 });
    expect((s.extra as { outcomes: Record<string, number> }).outcomes).toMatchObject({
      applied: 4,
      stale: 1,
    });
    expect(await db.subscription.findFirstOrThrow()).toMatchObject({ status: "canceled" });
    expect(await db.member.findFirstOrThrow()).toMatchObject({ currentTier: 0, currentMrrCents: 0 });
    expect(await db.payment.count()).toBe(1);
    expect((await quarantine())[0]).toMatchObject({ line: 6 });
    expect(await runImport({ source: "stripe-events", file })).toMatchObject({
      imported: 0,
      duplicates: 5,
      quarantined: 1,
    });
  });

  it("a subscription event lacking created/start_date is completed from an earlier event or quarantined with its reason; the rest lands", async () => {
    const sub = (id: string, extra: Record<string, unknown> = {}) =>
      subscriptionFixture({ id, customer: "cus_b", ...extra }, [
        { unitAmount: 3000, interval: "month", lookupKey: "pro" },
      ]);
    const undated = (id: string) => {
      const object = sub(id, {
        status: "canceled",
        canceled_at: 1_700_000_400,
        ended_at: 1_700_000_400,
      }) as unknown as Record<string, unknown>;
      delete object.created;
      delete object.start_date;
      return object;
    };
    const events = [
      eventFixture("customer.subscription.deleted", undated("sub_unknown"), 1_700_000_050, "evt_u"),
      eventFixture("customer.subscription.created", sub("sub_b"), 1_700_000_100, "evt_b1"),
      eventFixture("customer.subscription.deleted", undated("sub_b"), 1_700_000_400, "evt_b2"),
    ];
    const file = path.join(await tempDir(), "partial.jsonl");
    await writeFile(file, events.map((e) => JSON.stringify(e)).join("\n"));
    const s = await runImport({ source: "stripe-events", file });
    expect(s).toMatchObject({ status: "succeeded", read: 3, imported: 2, quarantined: 1 });
    expect((await quarantine())[0]).toMatchObject({
      line: 1,
      reason: expect.stringMatching(
        /evt_u: subscription sub_unknown lacks created\/start_date, and no stored state/,
      ),
    });
    expect(await db.subscription.findFirstOrThrow({ where: { externalId: "sub_b" } })).toMatchObject({
      status: "canceled",
      startedAt: new Date(1_690_000_000 * 1000),
    });
    expect(await db.subscription.count({ where: { externalId: "sub_unknown" } })).toBe(0);
    // Re-running: the applied events are duplicates; the quarantined one is quarantined again, never half-applied.
    expect(await runImport({ source: "stripe-events", file })).toMatchObject({
      imported: 0,
      duplicates: 2,
      quarantined: 1,
    });
  });
});
