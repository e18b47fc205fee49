// Stripe events files at an old API version (2019-12-03: plan on the items, period and `subscription` top-level, payments
// as invoice.payment_succeeded) and at today's (periods on the items, `invoice.parent`): the same story lands the same.
import { beforeEach, describe, expect, it } from "vitest";
import { writeFile } from "node:fs/promises";
import path from "node:path";
// Aliased: the hooks lint rule reads any "use…" call as a React hook.
import { truncateAll, useTestDatabase as openTestDatabase } from "@/lib/test/db";
import { tempDir } from "@/lib/ingest/__fixtures__/test-helpers";
import { billingStory, STORY_T0, type StripeShape } from "@/lib/billing/__fixtures__/stripe-versions";
import { runImport } from "./run-import";
import { importChecksum } from "./import-test-helpers";

const db = openTestDatabase();
beforeEach(() => truncateAll(db));

const storyState = async () => ({
  subscription: await db.subscription.findFirstOrThrow({
    select: { externalId: true, status: true, mrrCents: true, planKey: true, currentPeriodEnd: true },
  }),
  changes: (await db.subscriptionChange.findMany({ orderBy: { occurredAt: "asc" } })).map((c) => [
    c.kind,
    c.toPlanKey,
    c.mrrAfterCents,
  ]),
  payments: (await db.payment.findMany({ orderBy: { occurredAt: "asc" } })).map((p) => [
    p.externalId,
    p.status,
    p.amountCents,
    p.subscriptionExternalId,
  ]),
  member: await db.member.findFirstOrThrow({ select: { currentTier: true, currentMrrCents: true } }),
});

describe.each<[StripeShape, "ndjson" | "list"]>([
  ["2019-12-03", "ndjson"],
  ["2026-10-28.endive", "list"],
])("Stripe events at API %s (%s file)", (shape, layout) => {
  it("sign-up, upgrade, failed renewal and cancellation land; a non-event is quarantined; re-import adds nothing", async () => {
    const events = billingStory(shape, "v");
    const dir = await tempDir();
    const write = async (name: string, records: unknown[]) => {
      const file = path.join(dir, name);
      await writeFile(
        file,
        layout === "ndjson"
          ? records.map((r) => JSON.stringify(r)).join("\n")
          : JSON.stringify({ object: "list", data: records, has_more: false, url: "/v1/events" }, null, 2),
      );
      return file;
    };
    // Up to the upgrade: the member holds the higher tier and its MRR.
    const upgradeAt = events.findIndex((e) => e.created === STORY_T0 + 100);
    const early = await runImport({
      source: "stripe-events",
      file: await write("early.json", events.slice(0, upgradeAt + 1)),
    });
    expect(early).toMatchObject({ status: "succeeded", imported: upgradeAt + 1, quarantined: 0 });
    const upgraded = await db.member.findFirstOrThrow();
    expect(upgraded.currentMrrCents).toBe(3000);
    expect(upgraded.currentTier).toBe(
      (await db.plan.findFirstOrThrow({ where: { key: "price_pro" } })).tierRank,
    );
    expect(upgraded.currentTier).toBeGreaterThan(
      (await db.plan.findFirstOrThrow({ where: { key: "price_basic" } })).tierRank,
    );

    // The whole story (overlapping the first file) with a customer object where an event belongs.
    const stray = { id: "cus_stray", object: "customer" };
    const file = await write("all.json", [...events, stray]);
    const s = await runImport({ source: "stripe-events", file });
    expect(s).toMatchObject({
      status: "succeeded",
      read: events.length + 1,
      duplicates: upgradeAt + 1,
      quarantined: 1,
    });
    expect(await db.quarantinedRow.findFirstOrThrow()).toMatchObject({
      // its line (NDJSON) or its position in the list
      line: events.length + 1,
      reason: expect.stringMatching(/^not a Stripe event: object:/),
    });
    expect(await storyState()).toEqual({
      subscription: {
        externalId: "sub_v",
        status: "canceled",
        mrrCents: 0,
        planKey: "price_pro",
        currentPeriodEnd: new Date(1_702_592_000 * 1000),
      },
      changes: [
        ["new", "price_basic", 1000],
        ["upgrade", "price_pro", 3000],
        ["cancel", null, 0],
      ],
      payments: [
        ["in_v_1", "paid", 1000, "sub_v"],
        ["in_v_2:attempt:1", "failed", 3000, "sub_v"],
      ],
      member: { currentTier: 0, currentMrrCents: 0 },
    });

    const sum = await importChecksum(db);
    expect(await runImport({ source: "stripe-events", file })).toMatchObject({ imported: 0, quarantined: 1 });
    expect(await importChecksum(db)).toBe(sum);
  });
});
