// Plans no admin has named yet (created named by their key, such as "oc:month:1200") show a readable default
// on every page, against a real PostgreSQL: Members list and filters, Settings, the member page.
import { beforeEach, describe, expect, it } from "vitest";
import { truncateAll, useTestDatabase } from "@/lib/test/db";
import { memberFilterOptions, searchMembers } from "./members";
import { listPlans } from "./plans";
import { memberProfile } from "./member-detail";

const db = useTestDatabase();
beforeEach(() => truncateAll(db));

const page = { pageIndex: 0, pageSize: 25, sort: "name" as const, desc: false };

async function member(name: string, sub: { source: string; planKey: string; mrr: number; state?: object }) {
  const m = await db.member.create({ data: { displayName: name, currentTier: 1, currentMrrCents: sub.mrr } });
  const s = await db.subscription.create({
    data: {
      memberId: m.id,
      source: sub.source,
      externalId: `${sub.source}-${m.id}`,
      planKey: sub.planKey,
      tierRank: 1,
      mrrCents: sub.mrr,
      status: "active",
      startedAt: new Date("2025-01-01T00:00:00Z"),
      state: sub.state,
    },
  });
  await db.subscriptionChange.create({
    data: {
      subscriptionId: s.id,
      memberId: m.id,
      source: sub.source,
      externalId: `c-${s.id}`,
      kind: "new",
      toPlanKey: sub.planKey,
      toTier: 1,
      mrrAfterCents: sub.mrr,
      occurredAt: new Date("2025-01-01T00:00:00Z"),
    },
  });
  return m;
}

describe("plan names", () => {
  it("give unnamed plans a readable default from their key, and keep the names admins set", async () => {
    await db.plan.createMany({
      data: [
        // As lib/ingest creates them: named by their key.
        { key: "oc:month:1200", name: "oc:month:1200", tierRank: 1, monthlyAmountCents: 1200 },
        {
          key: "oc:year:12000",
          name: "oc:year:12000",
          tierRank: 1,
          monthlyAmountCents: 1000,
          currency: "eur",
        },
        { key: "price_1Abc", name: "price_1Abc", tierRank: 1, monthlyAmountCents: 2000 },
        // Renamed in Settings.
        { key: "oc:month:5000", name: "Gold backer", tierRank: 2, monthlyAmountCents: 5000 },
      ],
    });
    const oc = await member("A oc", { source: "opencollective", planKey: "oc:month:1200", mrr: 1200 });
    await member("B oc yearly", { source: "opencollective", planKey: "oc:year:12000", mrr: 1000 });
    await member("C stripe", { source: "stripe", planKey: "price_1Abc", mrr: 2000 });
    // No plans row; Stripe's own name for the price is in the subscription's state.
    const named = await member("D stripe named", {
      source: "stripe",
      planKey: "price_9Xyz",
      mrr: 900,
      state: { planKey: "price_9Xyz", planName: "Pro (monthly)" },
    });
    await member("E gold", { source: "opencollective", planKey: "oc:month:5000", mrr: 5000 });
    await member("F unknown", { source: "canonical", planKey: "community-plus", mrr: 300 });

    const plans = Object.fromEntries(
      (await searchMembers({}, page)).rows.map((r) => [r.displayName, r.planName]),
    );
    expect(plans).toEqual({
      "A oc": "Open Collective · $12.00/month",
      "B oc yearly": "Open Collective · €120.00/year",
      "C stripe": "Stripe · $20.00/month",
      "D stripe named": "Pro (monthly)",
      "E gold": "Gold backer",
      // A key that says nothing more is shown as it is.
      "F unknown": "community-plus",
    });

    expect((await memberFilterOptions()).tiers).toEqual([
      {
        value: "1",
        label: "Open Collective · $12.00/month / Open Collective · €120.00/year / Stripe · $20.00/month",
      },
      { value: "2", label: "Gold backer" },
    ]);
    expect((await listPlans()).map((p) => [p.key, p.name, p.named])).toEqual([
      ["oc:year:12000", "Open Collective · €120.00/year", false],
      ["oc:month:1200", "Open Collective · $12.00/month", false],
      ["price_1Abc", "Stripe · $20.00/month", false],
      ["oc:month:5000", "Gold backer", true],
    ]);
    expect((await memberProfile(oc.id))?.planNames).toEqual({
      "oc:month:1200": "Open Collective · $12.00/month",
    });
    expect((await memberProfile(named.id))?.planNames).toEqual({ price_9Xyz: "Pro (monthly)" });
  });
});
