// Server-only read of the plan catalogue for Settings, in tier order, with how many members are on each tier.
import "server-only";
import { db } from "@/lib/db/client";

export interface PlanRow {
  id: number;
  key: string;
  name: string;
  tierRank: number;
  monthlyAmountCents: number;
  currency: string;
  membersOnTier: number;
}

export async function listPlans(): Promise<PlanRow[]> {
  const [plans, tiers] = await Promise.all([
    db.plan.findMany({ orderBy: [{ tierRank: "asc" }, { monthlyAmountCents: "asc" }, { key: "asc" }] }),
    db.$queryRaw<
      { tier: number; n: bigint }[]
    >`select current_tier as tier, count(*) as n from members where not is_bot group by 1`,
  ]);
  const byTier = new Map(tiers.map((t) => [t.tier, Number(t.n)]));
  return plans.map((p) => ({
    id: p.id,
    key: p.key,
    name: p.name,
    tierRank: p.tierRank,
    monthlyAmountCents: p.monthlyAmountCents,
    currency: p.currency,
    membersOnTier: byTier.get(p.tierRank) ?? 0,
  }));
}
