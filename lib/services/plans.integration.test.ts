// Plan edits against a real PostgreSQL: rename, re-price and re-rank with one audit entry each,
// and the free/paid rules that keep upgrades meaningful.
import { beforeEach, describe, expect, it } from "vitest";
import { truncateAll, useTestDatabase } from "@/lib/test/db";
import { updatePlan } from "./plans";
import { listPlans } from "@/lib/data/plans";

const db = useTestDatabase();
beforeEach(() => truncateAll(db));

describe("updatePlan", () => {
  it("renames, re-prices and re-ranks a plan with an audit entry of the changes", async () => {
    const admin = await db.adminUser.create({
      data: { email: "a@x.test", passwordHash: "x", role: "admin" },
    });
    const premium = await db.plan.create({
      data: { key: "premium", name: "Premium", tierRank: 1, monthlyAmountCents: 1500 },
    });
    await db.plan.create({ data: { key: "free", name: "Free", tierRank: 0 } });
    await db.member.create({ data: { displayName: "Payer", currentTier: 1 } });
    await updatePlan(admin, { id: premium.id, name: "Supporter", monthlyPrice: 19.5, tierRank: 2 });
    const plans = await listPlans();
    expect(plans.map((p) => [p.key, p.name, p.tierRank, p.monthlyAmountCents])).toEqual([
      ["free", "Free", 0, 0],
      ["premium", "Supporter", 2, 1950],
    ]);
    const audit = await db.auditLog.findMany({ where: { action: "plan.update" } });
    expect(audit).toHaveLength(1);
    expect(audit[0].details).toMatchObject({
      key: "premium",
      changes: {
        name: { from: "Premium", to: "Supporter" },
        monthlyAmountCents: { from: 1500, to: 1950 },
        tierRank: { from: 1, to: 2 },
      },
    });
    // Saving unchanged values writes nothing.
    await updatePlan(admin, { id: premium.id, name: "Supporter", monthlyPrice: 19.5, tierRank: 2 });
    expect(await db.auditLog.count({ where: { action: "plan.update" } })).toBe(1);
    await expect(
      updatePlan(admin, { id: premium.id, name: "Supporter", monthlyPrice: 19.5, tierRank: 0 }),
    ).rejects.toThrow(/free tier/);
  });
});
