// Round 13's extraction against a real PostgreSQL: the rollups keep each week's last event, on the full and the
// incremental path (events added to a week already rolled up, later and earlier than its last), and a Sunday cut-off's
// own week read from its rollups gives the same lines as round 12's statement, which read every own week from events.
import { beforeAll, describe, expect, it } from "vitest";
import { Prisma } from "@/lib/generated/prisma/client";
import { truncateAll, useTestDatabase } from "@/lib/test/db";
import { seedDemoCommunity } from "@/lib/services/demo";
import { rebuildWeeklyActivity } from "@/lib/services/rollups";
import { addDays } from "./dates";
import { cutoffFeaturesSql, cutoffSetupSql, type FeatureCutoff } from "./features-sql";

const db = useTestDatabase();
const NOW = new Date("2026-03-16T00:00:00Z");
// Sundays two weeks apart (a cold recompute's group), and a Wednesday (a partial own week, read from events).
const CUTOFFS = [...Array.from({ length: 9 }, (_, i) => addDays("2025-11-09", 14 * i)), "2026-03-11"];

/** Each cut-off's lines, by the current statement or by round 12's (every own week from its events). */
async function lines(cutoffs: readonly FeatureCutoff[], round12: boolean) {
  const statement = cutoffFeaturesSql(cutoffs, []);
  // Round 12's: the rollups' branch never taken, the events' always (same statement otherwise).
  const asRound12 = new Prisma.Sql(
    statement.strings.map((s) =>
      s.replace("where p.d = p.wk + 6", "where false").replace("p.d <> p.wk + 6", "true"),
    ),
    statement.values,
  );
  expect(asRound12.sql).not.toEqual(statement.sql);
  return db.$transaction(async (tx) => {
    for (const s of cutoffSetupSql(cutoffs, [])) await tx.$executeRaw(s);
    const rows = await tx.$queryRaw<{ cutoff: string; lines: string }[]>(round12 ? asRound12 : statement);
    return new Map(rows.map((r) => [r.cutoff, r.lines]));
  });
}

async function expectRound12Lines() {
  const cutoffs = CUTOFFS.map((asOf) => ({ asOf, sampleCap: Infinity }));
  const [now, round12] = await Promise.all([lines(cutoffs, false), lines(cutoffs, true)]);
  expect([...now.keys()].sort()).toEqual([...CUTOFFS].sort());
  expect(now).toEqual(round12);
}

/** Rollup rows whose last event is not their events' latest (none when the rollups are right). */
const wrongLastEvents = () =>
  db.$queryRaw<{ n: number }[]>`
    select count(*)::int as n from weekly_activity w
      left join (select member_id, date_trunc('week', occurred_at at time zone 'UTC')::date as week_start, source,
                        max(occurred_at) as last_at
                   from activity_events group by 1, 2, 3) x
        on x.member_id = w.member_id and x.week_start = w.week_start and x.source = w.source
     where w.last_at is distinct from x.last_at`.then(([r]) => r.n);

describe("round 13's extraction", () => {
  beforeAll(async () => {
    await truncateAll(db);
    await seedDemoCommunity(db, { members: 300, now: NOW });
    await db.$executeRaw`update activity_events set channel = null where id % 17 = 0`;
    await rebuildWeeklyActivity();
  }, 300_000);

  it("keeps each rollup week's last event, and reads a Sunday's own week from the rollups as from its events", async () => {
    expect(await wrongLastEvents()).toBe(0);
    expect(await db.weeklyActivity.count({ where: { lastAt: null } })).toBe(0);
    await expectRound12Lines();
  }, 300_000);

  it("keeps them on the incremental path: a rolled-up week gains later and earlier events", async () => {
    // Members active in the own weeks of three Sunday cut-offs: one event after their week's last, one before it,
    // in a new source (one more source, channel) too; the rollups rebuilt incrementally (their added events only).
    const weeks = [CUTOFFS[2], CUTOFFS[5], CUTOFFS[8]];
    const before = await rebuildWeeklyActivity();
    expect(before.rebuilt).toBe("none");
    for (const [i, sunday] of weeks.entries()) {
      const added = await db.$executeRaw`
        insert into activity_events (member_id, source, external_id, type, occurred_at, weight, channel)
        select w.member_id, s.source, 'r13-' || ${i}::int || '-' || s.source || '-' || w.member_id, 'message',
               case when s.source = 'slack' then w.last_at + interval '1 second' else ${sunday}::date - 6 + interval '1 minute' end,
               0.2, 'r13-' || ${i}::int
          from (select member_id, max(last_at) as last_at from weekly_activity
                 where week_start = ${sunday}::date - 6 group by 1 order by 1 limit 40) w
          cross join (values ('slack'), ('r13-source')) as s(source)
         where w.last_at < ${sunday}::date + 1 - interval '1 second'`;
      expect(added).toBeGreaterThan(40);
    }
    const run = await rebuildWeeklyActivity();
    expect(run.rebuilt).toBe("from");
    expect(await wrongLastEvents()).toBe(0);
    await expectRound12Lines();
  }, 300_000);
});
