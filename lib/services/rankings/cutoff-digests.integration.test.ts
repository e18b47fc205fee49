// The cut-offs' digests from one pass over billing (feature-cache.ts cutoffDigests) against a real PostgreSQL: a
// cut-off's digest does not depend on which other cut-offs are digested with it, and a payment or billing change
// moves exactly the digests of the cut-offs whose day it falls before (the ones whose rows could read it).
import { beforeEach, describe, expect, it } from "vitest";
import { Prisma } from "@/lib/generated/prisma/client";
import { truncateAll, useTestDatabase } from "@/lib/test/db";
import { seedDemoCommunity } from "@/lib/services/demo";
import { cutoffDigests, highestMemberId } from "./feature-cache";

const db = useTestDatabase();
const NOW = new Date("2026-03-16T00:00:00Z");
const CUTOFFS = ["2025-12-07", "2026-01-04", "2026-02-01", "2026-03-01", "2026-03-15"];

beforeEach(() => truncateAll(db));

describe("cut-off digests in one pass", () => {
  it("are each cut-off's own, and change exactly for the cut-offs after a billing row's instant", async () => {
    await seedDemoCommunity(db, { members: 200, now: NOW });
    const upTo = await highestMemberId();
    const all = await cutoffDigests(CUTOFFS, upTo);
    expect(all.size).toBe(CUTOFFS.length);
    expect(new Set(all.values()).size).toBe(CUTOFFS.length); // the demo bills every month: no two cut-offs alike
    for (const cutoff of CUTOFFS)
      expect((await cutoffDigests([cutoff], upTo)).get(cutoff)).toBe(all.get(cutoff));
    expect(await cutoffDigests([...CUTOFFS].reverse(), upTo)).toEqual(all);

    const [member] = await db.$queryRaw<{ id: number }[]>(Prisma.sql`select min(id) as id from members`);
    // A payment on the last instant of 2026-02-01 (counts for that day's cut-off), then a change on 2026-03-02.
    await db.payment.create({
      data: {
        memberId: member.id,
        source: "stripe",
        externalId: "late-payment",
        amountCents: 500,
        currency: "usd",
        status: "failed",
        kind: "charge",
        occurredAt: new Date("2026-02-01T23:59:59.999Z"),
      },
    });
    const afterPayment = await cutoffDigests(CUTOFFS, upTo);
    for (const cutoff of CUTOFFS)
      expect(afterPayment.get(cutoff) === all.get(cutoff), cutoff).toBe(cutoff < "2026-02-01");

    const [sub] = await db.$queryRaw<{ id: number }[]>(Prisma.sql`select min(id) as id from subscriptions`);
    await db.subscriptionChange.create({
      data: {
        subscriptionId: sub.id,
        memberId: member.id,
        source: "stripe",
        externalId: "late-change",
        kind: "cancel",
        fromTier: 1,
        toTier: 0,
        occurredAt: new Date("2026-03-02T00:00:00Z"),
      },
    });
    const afterChange = await cutoffDigests(CUTOFFS, upTo);
    for (const cutoff of CUTOFFS)
      expect(afterChange.get(cutoff) === afterPayment.get(cutoff), cutoff).toBe(cutoff < "2026-03-02");
  });
});
