// A subscription's stored state follows from its changes alone, however an import's batches split them: a
// cancellation synced with its subscription's start (one batch) leaves the same row as one synced after it (two).
import { beforeEach, describe, expect, it } from "vitest";
import { truncateAll, useTestDatabase } from "@/lib/test/db";
import { syncSubscriptionsFromChanges } from "./billing";

const db = useTestDatabase();

async function subscriptionWithChanges(externalId: string) {
  const member = await db.member.create({ data: { displayName: `Backer ${externalId}` } });
  const subscription = await db.subscription.create({
    data: {
      memberId: member.id,
      source: "opencollective",
      externalId,
      status: "active",
      startedAt: new Date("2024-01-01T00:00:00Z"),
    },
  });
  const change = (kind: "new" | "cancel", at: string, toPlanKey: string | null) => ({
    subscriptionId: subscription.id,
    memberId: member.id,
    source: "opencollective",
    externalId: `${externalId}:${kind}`,
    kind,
    fromPlanKey: kind === "cancel" ? "backer-monthly" : null,
    toPlanKey,
    toTier: toPlanKey ? 1 : 0,
    mrrAfterCents: toPlanKey ? 500 : 0,
    occurredAt: new Date(at),
  });
  return {
    memberId: member.id,
    subscriptionId: subscription.id,
    start: change("new", "2024-01-01T00:00:00Z", "backer-monthly"),
    cancel: change("cancel", "2024-06-01T00:00:00Z", null),
  };
}

const stored = (id: number) =>
  db.subscription.findUniqueOrThrow({
    where: { id },
    select: { status: true, planKey: true, tierRank: true, mrrCents: true, canceledAt: true },
  });

describe("subscriptions synced from their changes", () => {
  beforeEach(async () => truncateAll(db));

  it("keep the plan a cancelled subscription left, whether its start was synced in the same batch or before", async () => {
    const oneBatch = await subscriptionWithChanges("one-batch");
    await db.subscriptionChange.createMany({ data: [oneBatch.start, oneBatch.cancel] });
    await db.$transaction((tx) => syncSubscriptionsFromChanges(tx, [oneBatch.memberId]));

    const twoBatches = await subscriptionWithChanges("two-batches");
    await db.subscriptionChange.create({ data: twoBatches.start });
    await db.$transaction((tx) => syncSubscriptionsFromChanges(tx, [twoBatches.memberId]));
    await db.subscriptionChange.create({ data: twoBatches.cancel });
    await db.$transaction((tx) => syncSubscriptionsFromChanges(tx, [twoBatches.memberId]));

    const expected = {
      status: "canceled",
      planKey: "backer-monthly",
      tierRank: 0,
      mrrCents: 0,
      canceledAt: new Date("2024-06-01T00:00:00Z"),
    };
    expect(await stored(oneBatch.subscriptionId)).toEqual(expected);
    expect(await stored(twoBatches.subscriptionId)).toEqual(expected);
  });
});
