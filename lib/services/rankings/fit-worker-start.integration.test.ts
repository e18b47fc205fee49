// The fit pool's worker thread is started before the extraction when a recompute will make every fit (no fit kept in
// the process or stored), so that it has loaded (tsx compiles the fitting modules in it: ~0.3 s) by the first fit.
import { expect, it } from "vitest";
import { truncateAll, useTestDatabase } from "@/lib/test/db";
import { fitPoolStats } from "@/lib/scoring/fit-pool";
import { seedDemoCommunity } from "@/lib/services/demo";
import { rebuildWeeklyActivity } from "@/lib/services/rollups";
import { computeRankings } from "./snapshot";

const db = useTestDatabase();

it("starts the fit worker while a first recompute's inputs are extracted, not once the fits begin", async () => {
  await truncateAll(db);
  await seedDemoCommunity(db, { members: 300, now: new Date("2026-03-16T00:00:00Z") });
  await rebuildWeeklyActivity();
  expect(fitPoolStats().workerStartedAt).toBeNull();
  const started = performance.now();
  const result = await computeRankings({ asOf: "2026-03-15" });
  const workerStartedAt = fitPoolStats().workerStartedAt;
  expect(workerStartedAt).not.toBeNull();
  // timings.extract runs from computeRankings' start to the end of the extraction (a refit: no re-score before it).
  expect(workerStartedAt! - started).toBeLessThan(result.timings.extract);
}, 120_000);
