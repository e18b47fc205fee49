// The current week's normalisation against a real PostgreSQL: an import on the as-of day changes the feature rows,
// sparklines and reasons of the members it brought events for, and of no one else. The definition before model 6
// (each week divided by its own community total, the as-of's partial week included) is kept here, copied from
// lib/scoring/weeks.ts as it was, to show what this test guards: under it most of the pool moved.
import { beforeEach, describe, expect, it } from "vitest";
import { truncateAll, useTestDatabase } from "@/lib/test/db";
import { seedDemoCommunity } from "@/lib/services/demo";
import { rebuildWeeklyActivity } from "@/lib/services/rollups";
import { FEATURE_COUNT, communityScale, writeFeatures, type CommunityScale } from "@/lib/scoring/features";
import type { CommunityContext } from "@/lib/scoring";
import { addDays, mondayOf } from "./dates";
import { extractCutoffs, loadCommunityWeeks, type CutoffInputs } from "./inputs";
import { computeRankings } from "./snapshot";

const db = useTestDatabase();
const NOW = new Date("2026-03-16T00:00:00Z");
const D = "2026-03-13"; // a Friday: five days of its week known

beforeEach(() => truncateAll(db));

/** Model 5's scale: the partial week divided by its own (live) community total. */
function liveTotalScale(community: CommunityContext): CommunityScale {
  const totals = community.weeklyTotal;
  const weekScale = new Float64Array(totals.length).fill(1);
  const positive = totals.filter((t) => t > 0);
  const meanTotal = positive.reduce((a, b) => a + b, 0) / positive.length;
  for (let w = 0; w < totals.length; w++) if (totals[w] > 0) weekScale[w] = meanTotal / totals[w];
  const active = community.activeMembers.filter((a) => a > 0);
  const meanActive = active.reduce((a, b) => a + b, 0) / active.length;
  return { weeks: totals.length, weekScale, typicalWeek: meanTotal / meanActive };
}

/**
 * `inputs` with its own week's community total and active count counted from the events, as model 5 read them
 * (since model 6 the extraction no longer counts them: the scale never reads them).
 */
async function withLivePartialWeek(inputs: CutoffInputs): Promise<CutoffInputs> {
  const [week] = await db.$queryRaw<{ total: number; active: number }[]>`
    select coalesce(sum(e.weight::float8), 0)::float8 as total, count(distinct e.member_id)::int as active
      from activity_events e join members m on m.id = e.member_id and not m.is_bot
     where e.occurred_at >= (${mondayOf(D)}::date)::timestamp at time zone 'UTC'
       and e.occurred_at < (${D}::date + 1)::timestamp at time zone 'UTC'`;
  const { weeklyTotal, activeMembers } = inputs.community;
  return {
    ...inputs,
    community: {
      ...inputs.community,
      weeklyTotal: [...weeklyTotal.slice(0, -1), week.total],
      activeMembers: [...activeMembers.slice(0, -1), week.active],
    },
  };
}

async function extractEveryone(): Promise<CutoffInputs> {
  const monday = mondayOf(D);
  const weeks = await loadCommunityWeeks(addDays(monday, -7 * 26), monday);
  const [current] = await extractCutoffs([{ asOf: D, sampleCap: Number.POSITIVE_INFINITY }], weeks, []);
  return current;
}

/** Each member's feature row as text, under `scaleOf`. */
function featureRows(inputs: CutoffInputs, scaleOf: (c: CommunityContext) => CommunityScale) {
  const scale = scaleOf(inputs.community);
  const out = new Float64Array(FEATURE_COUNT);
  const norm = new Float64Array(scale.weeks);
  return new Map(
    inputs.rows.map((row) => {
      writeFeatures(row, scale, out, 0, norm);
      return [row.memberId, out.join(",")];
    }),
  );
}

const changed = (a: Map<number, string>, b: Map<number, string>) =>
  [...b.keys()].filter((id) => a.get(id) !== b.get(id)).sort((x, y) => x - y);

async function snapshotRows() {
  const rows = await db.$queryRaw<{ kind: string; member_id: number; line: string }[]>`
    select kind, member_id, concat_ws('|', reasons::text, activity_12w::text) as line
      from score_snapshots where as_of = ${D}::date`;
  return new Map(rows.map((r) => [`${r.kind}:${r.member_id}`, r.line]));
}

describe("an import on the as-of day", () => {
  it("changes the feature rows, sparklines and reasons of its own members only", async () => {
    await seedDemoCommunity(db, { members: 600, now: NOW });
    await rebuildWeeklyActivity();
    await computeRankings({ asOf: D });
    const before = await extractEveryone();
    const beforeLive = await withLivePartialWeek(before);
    expect(before.community.currentWeekDays).toBe(5); // Monday to Friday
    const snapshotBefore = await snapshotRows();

    // 20 members in the pool get three events each on the day (an import), then the pipeline's rollups.
    const touched = before.rows
      .slice(0, 400)
      .filter((_, i) => i % 20 === 0)
      .map((r) => r.memberId);
    await db.$executeRaw`
      insert into activity_events (member_id, source, external_id, type, occurred_at, weight, channel)
      select id, 'slack', 'same-day-' || id || '-' || k, 'message', ${`${D}T09:00:00Z`}::timestamptz + k * interval '1 hour', 1, 'ch' || k
        from unnest(${touched}::int[]) as id cross join generate_series(0, 2) as k`;
    await rebuildWeeklyActivity();
    const after = await extractEveryone();
    const afterLive = await withLivePartialWeek(after);
    expect(afterLive.community.weeklyTotal.at(-1)).toBeGreaterThan(beforeLive.community.weeklyTotal.at(-1)!);
    expect(after.rows.map((r) => r.memberId)).toEqual(before.rows.map((r) => r.memberId));

    const nowChanged = changed(featureRows(before, communityScale), featureRows(after, communityScale));
    const oldChanged = changed(
      featureRows(beforeLive, liveTotalScale),
      featureRows(afterLive, liveTotalScale),
    );
    console.log(
      `as-of-day import for ${touched.length} of ${before.rows.length} members: feature rows changed ` +
        `${oldChanged.length} under model 5's live-total scale, ${nowChanged.length} under model 6's`,
    );
    expect(nowChanged).toEqual([...touched].sort((x, y) => x - y));
    // The old definition moved every member active this week: the test above would fail under it.
    expect(oldChanged.length).toBeGreaterThan(5 * touched.length);

    // Through the pipeline: a re-score with the stored model leaves every other member's reasons and sparkline.
    const logged: string[] = [];
    await computeRankings({ asOf: D, refit: "auto", log: (l) => logged.push(l) });
    expect(logged).toContain(`rankings: inputs of ${touched.length} members extracted, the others kept`);
    const snapshotAfter = await snapshotRows();
    const touchedSet = new Set(touched);
    const movedOthers = [...snapshotAfter].filter(
      ([key, line]) => !touchedSet.has(Number(key.split(":")[1])) && snapshotBefore.get(key) !== line,
    );
    expect(snapshotAfter.size).toBe(snapshotBefore.size);
    expect(movedOthers).toEqual([]);
    const movedTouched = [...snapshotAfter].filter(([key, line]) => snapshotBefore.get(key) !== line);
    expect(movedTouched.length).toBeGreaterThan(0);
  }, 600_000);
});
