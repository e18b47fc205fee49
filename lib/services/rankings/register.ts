// Registers ranking snapshots as a recompute step (after rollups). Import this module for its side
// effect from the process entry points that run recomputes (worker, CLI), not from recompute.ts itself.
import "server-only";
import { registerRecomputeStep } from "@/lib/services/recompute";
import { computeRankings } from "./snapshot";

registerRecomputeStep("rankings", async (log) => {
  const result = await computeRankings({ log });
  if (!result.asOf) log("rankings: no activity yet, nothing to rank");
});
