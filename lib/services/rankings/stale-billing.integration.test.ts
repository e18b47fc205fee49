// A billing source whose data ended long before the as-of is stale: its subscriptions are not assumed active,
// and the ranking says so plainly (CLI log, API/page display). The default as-of is today, not the newest event.
import { beforeEach, describe, expect, it } from "vitest";
import { truncateAll, useTestDatabase } from "@/lib/test/db";
import { rebuildWeeklyActivity } from "@/lib/services/rollups";
import { rankingSnapshot } from "@/lib/data/rankings";
import { computeRankings } from "./snapshot";
import { isoDay } from "./dates";

const db = useTestDatabase();
beforeEach(() => truncateAll(db));

describe("a stale billing source", () => {
  it("is reported and its subscriptions are not treated as active", async () => {
    const today = isoDay(new Date());
    // 40 members active over the last 30 weeks (git), 10 of them paying through Open Collective until 2021.
    await db.$executeRaw`insert into members (display_name, updated_at) select 'M' || g, now() from generate_series(1, 40) g`;
    await db.$executeRaw`insert into identities (member_id, source, external_id) select id, 'git', 'git-' || id from members`;
    await db.$executeRaw`insert into activity_events (member_id, source, external_id, type, occurred_at, weight)
       select m.id, 'git', 'c-' || m.id || '-' || w, 'commit', now() - (w * 7 + 3) * interval '1 day', 1
         from members m cross join generate_series(1, 30) w`;
    await db.$executeRaw`insert into subscriptions (member_id, source, external_id, plan_key, tier_rank, status, started_at, updated_at)
       select id, 'opencollective', 'oc-' || id, 'backer', 1, 'active', '2021-01-10', now() from members where id <= 10`;
    await db.$executeRaw`insert into subscription_changes (subscription_id, member_id, source, external_id, kind, to_plan_key, from_tier, to_tier, occurred_at)
       select s.id, s.member_id, 'opencollective', 'new-' || s.id, 'new', 'backer', 0, 1, '2021-01-10' from subscriptions s`;
    await rebuildWeeklyActivity();
    const logged: string[] = [];
    const result = await computeRankings({ log: (line) => logged.push(line) });
    expect(result.asOf).toBe(today);
    expect(result.billing).toEqual([
      expect.objectContaining({ source: "opencollective", dataThrough: "2021-01-10", stale: true }),
    ]);
    expect(result.billingWarning).toMatch(
      /opencollective \(data through 2021-01-10.*no billing source is current/,
    );
    expect(logged.some((l) => l.includes("Stale billing source"))).toBe(true);
    expect(result.rankings.find((r) => r.kind === "at-risk")!.ranked).toBe(0);
    // The ten old backers are candidates again (nobody is known to pay), and the API/CLI read carries the warning.
    expect(result.rankings.find((r) => r.kind === "candidates")!.ranked).toBe(40);
    const read = await rankingSnapshot("at-risk");
    expect(read?.display.billingWarning).toMatch(/no billing source is current/);
  }, 300_000);
});
