// Server-only read of the plan catalogue for Settings, in tier order, with how many members are on each tier.
import "server-only";
import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { planName } from "./sql";

export interface PlanRow {
  id: number;
  key: string;
  /** The name pages show (`planName`): the admin's, else a readable default from the key. */
  name: string;
  /** Whether an admin named it (a plan is created named by its key). */
  named: boolean;
  tierRank: number;
  monthlyAmountCents: number;
  currency: string;
  membersOnTier: number;
}

export async function listPlans(): Promise<PlanRow[]> {
  const [plans, tiers] = await Promise.all([
    db.$queryRaw<
      {
        id: number;
        key: string;
        name: string;
        named: boolean;
        tier_rank: number;
        monthly_amount_cents: number;
        currency: string;
      }[]
    >`select p.id, p.key, ${planName("p", Prisma.sql`p.key`)} as name, p.name <> p.key as named, p.tier_rank,
             p.monthly_amount_cents, p.currency
        from plans p order by p.tier_rank, p.monthly_amount_cents, p.key`,
    db.$queryRaw<
      { tier: number; n: bigint }[]
    >`select current_tier as tier, count(*) as n from members where not is_bot group by 1`,
  ]);
  const byTier = new Map(tiers.map((t) => [t.tier, Number(t.n)]));
  return plans.map((p) => ({
    id: p.id,
    key: p.key,
    name: p.name,
    named: p.named,
    tierRank: p.tier_rank,
    monthlyAmountCents: p.monthly_amount_cents,
    currency: p.currency,
    membersOnTier: byTier.get(p.tier_rank) ?? 0,
  }));
}
