import { it } from "vitest";
import { truncateAll, useTestDatabase } from "@/lib/test/db";
import { removeDemoCommunity, seedDemoCommunity } from "@/lib/services/demo";
it("probe timings", async () => {
  const db = useTestDatabase();
  await truncateAll(db);
  await seedDemoCommunity(db, {});
  const t0 = performance.now();
  const again = await seedDemoCommunity(db, {});
  const t1 = performance.now();
  const r = await removeDemoCommunity(db);
  const idx = await db.$queryRawUnsafe(`select indexname from pg_indexes where tablename = 'activity_events'`);
  console.log("reseed over existing", Math.round(t1 - t0), "remove", Math.round(performance.now() - t1), r, again.events, idx);
});
