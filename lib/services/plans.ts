// Renames, re-prices and re-ranks a billing plan from Settings, with an audit entry of what changed.
// The key (as billing sends it) stays: imports keep matching the plan.
import "server-only";
import { db } from "@/lib/db/client";
import type { SessionUser } from "@/lib/auth/roles";
import { recordAudit } from "./audit";
import { NotFoundError, UserFacingError } from "./errors";
import type { UpdatePlanInput } from "@/lib/validation/plans";

type Actor = Pick<SessionUser, "id" | "email">;

export async function updatePlan(actor: Actor, input: UpdatePlanInput) {
  const before = await db.plan.findUnique({ where: { id: input.id } });
  if (!before) throw new NotFoundError("Plan");
  const monthlyAmountCents = Math.round(input.monthlyPrice * 100);
  if (input.tierRank === 0 && monthlyAmountCents > 0)
    throw new UserFacingError("Tier 0 is the free tier: a paid plan needs tier 1 or higher.");
  if (input.tierRank > 0 && monthlyAmountCents === 0)
    throw new UserFacingError("A plan that costs nothing belongs on tier 0 (free).");
  const changes: Record<string, { from: string | number; to: string | number }> = {};
  if (before.name !== input.name) changes.name = { from: before.name, to: input.name };
  if (before.monthlyAmountCents !== monthlyAmountCents)
    changes.monthlyAmountCents = { from: before.monthlyAmountCents, to: monthlyAmountCents };
  if (before.tierRank !== input.tierRank) changes.tierRank = { from: before.tierRank, to: input.tierRank };
  if (Object.keys(changes).length === 0) return before;
  const updated = await db.plan.update({
    where: { id: input.id },
    data: { name: input.name, monthlyAmountCents, tierRank: input.tierRank },
  });
  await recordAudit(actor, "plan.update", "plan", input.id, { key: before.key, changes });
  return updated;
}
