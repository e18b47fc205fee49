// Rankings against a real PostgreSQL: snapshots are written and stable, later data never changes a past
// ranking (no leakage), and on two differently shaped communities the deployed ranker is the learned model
// only where it beat the best baseline beyond the noise, with that ranker's own reasons otherwise.
import { beforeEach, describe, expect, it } from "vitest";
import { truncateAll, useTestDatabase } from "@/lib/test/db";
import { seedDemoCommunity } from "@/lib/services/demo";
import { rebuildWeeklyActivity } from "@/lib/services/rollups";
import { BASELINE_NAMES, DEFAULT_LAMBDA_GRID, type BacktestResult } from "@/lib/scoring";
import { DEPLOYABLE_BASELINES, type Deployment } from "@/lib/scoring/deploy";
import { latestModelSummaries } from "@/lib/data/model";
import { computeRankings } from "./snapshot";
import { runRankingBacktest } from "./backtest";
import { addDays } from "./dates";
import { writeSyntheticCommunity } from "./synthetic-fixture";
import { rankingSnapshot } from "@/lib/data/rankings";

const db = useTestDatabase();
const NOW = new Date("2026-03-16T00:00:00Z");

beforeEach(() => truncateAll(db));

async function snapshotRows(kind: string, asOf: string) {
  return db.$queryRaw<{ member_id: number; score: number; rank: number; reasons: unknown }[]>`
    select member_id, score, rank, reasons from ranked_score_snapshots where kind = ${kind} and as_of = ${asOf}::date order by rank`;
}

/** The deployed ranker is the model exactly when its AUC interval over the best baseline excludes zero. */
function expectHonestDeployment(result: BacktestResult, deployment: Deployment) {
  const means = result.pooled.meanMetrics;
  const summary = Object.fromEntries(
    Object.entries(means).map(([name, m]) => [
      name,
      { p20: m.precisionAt20?.toFixed(3), auc: m.auc?.toFixed(3) },
    ]),
  );
  console.info(
    result.kind,
    `${result.cutoffs.length} cut-offs, ${result.pooled.positives} positives`,
    JSON.stringify(summary),
    deployment.sentence,
  );
  expect(result.cutoffs.length).toBeGreaterThanOrEqual(3);
  expect(deployment.periods).toBe(result.cutoffs.length);
  const low = deployment.modelVsBest.auc.low!;
  expect(low).not.toBeNull();
  expect(deployment.ranker).toBe(low > 0 ? "model" : deployment.bestBaseline);
  expect(deployment.sentence).toMatch(deployment.ranker === "model" ? /^Learned model: AUC/ : /^Ranked by "/);
  // The best baseline is the best of the deployable ones by mean AUC.
  for (const name of DEPLOYABLE_BASELINES)
    expect(means[deployment.bestBaseline].auc!).toBeGreaterThanOrEqual(means[name].auc!);
}

describe("computeRankings on the demo community", () => {
  it("writes explained snapshots and a model run, deployed honestly", async () => {
    await seedDemoCommunity(db, { members: 1200, now: NOW });
    await rebuildWeeklyActivity();
    const result = await computeRankings({ asOf: "2026-03-15" });
    console.info("demo timings", JSON.stringify(result.timings));
    expect(result.asOf).toBe("2026-03-15");
    expect(result.billingWarning).toBeNull();
    const candidates = result.rankings.find((r) => r.kind === "candidates")!;
    expect(["logistic", "blend"]).toContain(candidates.method);
    expect(candidates.ranked).toBeGreaterThan(100);

    const rows = await snapshotRows("candidates", result.asOf!);
    expect(rows.length).toBe(candidates.ranked);
    expect(rows.map((r) => r.rank)).toEqual(rows.map((_, i) => i + 1));
    for (let i = 1; i < rows.length; i++) expect(rows[i - 1].score).toBeGreaterThanOrEqual(rows[i].score);
    expect((rows[0].reasons as unknown[]).length).toBeGreaterThan(0);

    const excluded = await db.$queryRaw<{ n: number }[]>`
      select count(*)::int as n from score_snapshots s join members m on m.id = s.member_id
        where m.is_staff or m.is_bot or m.do_not_contact
           or exists (select 1 from affiliations a join organizations o on o.id = a.org_id where a.member_id = m.id and o.is_staff_org)`;
    expect(excluded[0].n).toBe(0);
    // The read the CLI, API and pages share returns the same snapshot rows, with identities.
    const read = await rankingSnapshot("candidates", { limit: 5, filters: { outreach: "show" } });
    expect(read?.asOf).toBe(result.asOf);
    expect(read?.total).toBe(rows.length);
    expect(read?.display.sentence).toBe(candidates.deploymentSentence);
    // By default members with open outreach are left out, and counted.
    const byDefault = await rankingSnapshot("candidates", { limit: 5 });
    expect(byDefault!.total + byDefault!.hiddenOpenOutreach).toBe(rows.length);
    expect(read?.members.map((m) => [m.memberId, m.rank])).toEqual(
      rows.slice(0, 5).map((r) => [r.member_id, r.rank]),
    );
    expect(read?.members[0].identities.length).toBeGreaterThan(0);
    expect(read?.members[0].activity12w).toHaveLength(12);
    expect(await rankingSnapshot("candidates", { asOf: "2020-01-01" })).toBeNull();
    const runs = await db.$queryRaw<
      { kind: string; backtest: BacktestResult; model: { deployment: Deployment } }[]
    >`select kind, backtest, model from model_runs order by id`;
    expect(runs.map((r) => r.kind)).toEqual(["candidates", "at-risk"]);
    for (const run of runs) expectHonestDeployment(run.backtest, run.model.deployment);
    // A baseline ranks with its own single reason; no ranking ever gives our own outreach as a reason.
    const reasons = rows.flatMap((r) => (r.reasons as { text: string }[]).map((x) => x.text));
    expect(reasons.filter((t) => /contacted/.test(t))).toEqual([]);
    if (candidates.deployed !== "model") expect((rows[0].reasons as unknown[]).length).toBe(1);
    // The Model page's read: the penalty with the validation evidence it was chosen on, and the backtest.
    const [summary] = await latestModelSummaries();
    expect(summary.kind).toBe("candidates");
    expect(summary.penalty?.candidates.map((c) => c.lambda)).toEqual(DEFAULT_LAMBDA_GRID);
    expect(summary.penalty?.candidates.some((c) => c.lambda === summary.penalty?.chosen)).toBe(true);
    expect(summary.metrics.map((m) => m.ranker)).toEqual(["model", ...BASELINE_NAMES]);

    // Recomputing later keeps the old snapshot and records previous ranks.
    const later = await computeRankings({ asOf: addDays(result.asOf!, 7) });
    const withPrev = await db.$queryRaw<{ n: number }[]>`
      select count(prev_rank)::int as n from score_snapshots where kind = 'candidates' and as_of = ${later.asOf}::date`;
    expect(withPrev[0].n).toBeGreaterThan(0);
  }, 900_000);
});

describe("no leakage", () => {
  it("gives identical ranks and scores as of D after later events, changes and outreach are added", async () => {
    await seedDemoCommunity(db, { members: 400, months: 12, now: NOW });
    const asOf = "2026-01-20";
    const after = "2026-01-21T10:00:00Z";
    const [lastMember] = await db.$queryRaw<{ id: number }[]>`
      select min(id) as id from members where not is_staff and not is_bot`;
    await rebuildWeeklyActivity();
    const first = await computeRankings({ asOf });
    const before = { c: await snapshotRows("candidates", asOf), r: await snapshotRows("at-risk", asOf) };
    expect(before.c.length).toBeGreaterThan(20);

    await db.$executeRaw`
      insert into activity_events (member_id, source, external_id, type, occurred_at, channel, weight)
      select m.id, 'slack', 'leak-' || m.id || '-' || g, 'message', ${after}::timestamptz + g * interval '1 hour', '#leak', 5
        from members m cross join generate_series(1, 20) g`;
    await db.$executeRaw`
      insert into subscription_changes (subscription_id, member_id, source, external_id, kind, from_tier, to_tier, occurred_at)
      select s.id, s.member_id, 'test', 'leak-' || s.id, 'cancel', s.tier_rank, 0, (${asOf}::date)::timestamp at time zone 'UTC' + interval '1 hour'
        from subscriptions s`;
    await db.$executeRaw`
      insert into outreach (member_id, kind, created_at, updated_at) values (${lastMember.id}, 'upgrade', ${after}::timestamptz, now())`;
    await rebuildWeeklyActivity();
    const second = await computeRankings({ asOf });
    expect(second.rankings.map((r) => r.method)).toEqual(first.rankings.map((r) => r.method));
    const again = { c: await snapshotRows("candidates", asOf), r: await snapshotRows("at-risk", asOf) };
    expect(again.c).toEqual(before.c);
    expect(again.r).toEqual(before.r);
  }, 600_000);
});

describe("a differently shaped community", () => {
  it("learns from a synthetic community written to the database and is deployed honestly", async () => {
    const { asOf } = await writeSyntheticCommunity(db, { members: 3000, events: 3000 * 150, seed: 7 });
    await rebuildWeeklyActivity();
    const { runs } = await runRankingBacktest({ asOf, cutoffs: 6 });
    for (const run of runs) expectHonestDeployment(run.backtest, run.deployment);
    const stored = await db.$queryRaw<{ n: number }[]>`
      select count(*)::int as n from model_runs where backtest->>'source' = 'backtest'`;
    expect(stored[0].n).toBe(2);
  }, 900_000);
});
