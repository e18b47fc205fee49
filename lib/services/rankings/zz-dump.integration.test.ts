// TEMPORARY: dumps labelled sets for offline model iteration. Delete before reporting.
import { beforeEach, it } from "vitest";
import { writeFileSync } from "node:fs";
import { truncateAll, useTestDatabase } from "@/lib/test/db";
import { seedDemoCommunity } from "@/lib/services/demo";
import { rebuildWeeklyActivity } from "@/lib/services/rollups";
import { defaultAsOf, loadRankingHistory } from "./history";
import { writeSyntheticCommunity } from "./synthetic-fixture";

const db = useTestDatabase();
beforeEach(() => truncateAll(db));

it("dumps demo", async () => {
  await seedDemoCommunity(db, { members: 1200, now: new Date("2026-03-16T00:00:00Z") });
  await rebuildWeeklyActivity();
  const asOf = (await defaultAsOf())!;
  const h = await loadRankingHistory({ asOf, horizonWeeks: 8, includeCurrent: false });
  writeFileSync("/tmp/gs-demo-sets.json", JSON.stringify(h.sets));
}, 600_000);

it("dumps synthetic", async () => {
  const { asOf } = await writeSyntheticCommunity(db, { members: 3000, events: 3000 * 150, seed: 7 });
  await rebuildWeeklyActivity();
  const h = await loadRankingHistory({ asOf, horizonWeeks: 8, includeCurrent: false });
  writeFileSync("/tmp/gs-syn-sets.json", JSON.stringify(h.sets));
}, 600_000);
