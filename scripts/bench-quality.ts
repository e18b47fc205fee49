// `npm run bench:quality [-- --periods 3] [--only NAME] [--demo-members 1200] [--as-of-shift 0]`: ranking quality on communities the
// model was not tuned to. A larger demo (`--demo-members 6000 --only demo`) has training stacks big enough for
// the case-control sampling of lib/scoring/case-control.ts to engage, which the default communities mostly do not.
// Every community's data ends on a Sunday, so by default each as-of day knows its whole week; `--as-of-shift 3` moves
// every as-of day 3 days earlier (Thursdays: 4 days of the current week known), to measure partial current weeks.
// For each community it ranks as of several past days D (each from data known on D only, through the same
// code path as the live ranking: history → fit → deployment choice) and scores every ranker against what
// happened in the 8 weeks after D: the deployed ranker, the learned model and each baseline, with p@20, p@50,
// AUC and a 95% bootstrap interval (members × periods) of the difference to the best baseline. Wins only
// where that interval excludes zero; ties are reported as ties.
import os from "node:os";
import { parseArgs } from "node:util";
import { createPrisma, type Db } from "@/lib/db/prisma";
import { setDb } from "@/lib/db/client";
import { resetEnvCache } from "@/lib/env";
import { Prisma } from "@/lib/generated/prisma/client";
import { withBenchDatabase } from "./bench-database";
import type { RankingKind } from "@/lib/scoring/types";
import type { EvaluatedCutoff } from "@/lib/scoring/compare";

const { values: args } = parseArgs({
  options: {
    periods: { type: "string", default: "3" },
    only: { type: "string" },
    "demo-members": { type: "string", default: "1200" },
    "as-of-shift": { type: "string", default: "0" },
  },
});
const periods = Number(args.periods);
const demoMembers = Number(args["demo-members"]);
const only = args.only;
const asOfShift = Number(args["as-of-shift"]);
if (!Number.isInteger(asOfShift) || asOfShift < 0 || asOfShift > 6)
  throw new Error(`--as-of-shift must be a whole number of days from 0 to 6 (got ${args["as-of-shift"]})`);
const HORIZON = 8;

interface Community {
  name: string;
  /** Writes the community; returns its last day of data. */
  write: (db: Db) => Promise<string>;
}

const COMMUNITIES: Community[] = [
  {
    name: `demo (${demoMembers.toLocaleString("en")} members)`,
    write: async (db) => {
      const { seedDemoCommunity } = await import("@/lib/services/demo");
      await seedDemoCommunity(db, { members: demoMembers, now: new Date("2026-03-16T00:00:00Z") });
      return "2026-03-15";
    },
  },
  ...(["ramp", "steady", "seasonal"] as const).map((mechanism) => ({
    name: `synthetic ${mechanism} (2,000 members)`,
    write: async (db: Db) => {
      const { writeSyntheticCommunity } = await import("@/lib/services/rankings/synthetic-fixture");
      return (
        await writeSyntheticCommunity(db, {
          members: 2000,
          events: 2000 * 80,
          weeks: 78,
          seed: 11,
          mechanism,
        })
      ).asOf;
    },
  })),
];

/**
 * Each community is written into its own database, copied from the freshly migrated one. The generators draw from
 * PostgreSQL's seeded random(), whose sequence follows the order the planner visits rows in; written after another
 * community into truncated tables, the plans (hence the data) depended on whether autovacuum had analysed the previous
 * community's tables yet, so two runs could rank different "steady" and "seasonal" communities.
 */
async function communityDatabase(benchUrl: string, index: number): Promise<Db> {
  const server = new URL(benchUrl);
  const template = server.pathname.slice(1);
  const name = `${template}_community_${index}`;
  server.pathname = "/postgres";
  const admin = createPrisma(server.toString(), 1);
  try {
    // The migration step leaves a session open on the template (it is not used again): copying needs it gone.
    await admin.$queryRaw`select pg_terminate_backend(pid) from pg_stat_activity where datname = ${template} and pid <> pg_backend_pid()`;
    await admin.$executeRaw(Prisma.sql`create database ${Prisma.raw(name)} template ${Prisma.raw(template)}`);
  } finally {
    await admin.$disconnect();
  }
  const url = new URL(benchUrl);
  url.pathname = `/${name}`;
  process.env.DATABASE_URL = url.toString();
  resetEnvCache();
  const db = createPrisma(url.toString(), 4);
  setDb(db);
  return db;
}

await withBenchDatabase("quality", async ({ url }) => {
  const { rebuildWeeklyActivity } = await import("@/lib/services/rollups");
  const { loadRankingHistory, contactCapacity } = await import("@/lib/services/rankings/history");
  const { fitRanking } = await import("@/lib/services/rankings/fit-rankings");
  const { loadOutcomes } = await import("@/lib/services/rankings/inputs");
  const { addDays } = await import("@/lib/services/rankings/dates");
  const { rankDeployed } = await import("@/lib/scoring/ranked");
  const { baselineScores } = await import("@/lib/scoring/baselines");
  const { scoreProbabilities } = await import("@/lib/scoring/model");
  const { compareRankers, verdictOf } = await import("@/lib/scoring/compare");
  const { DEPLOYABLE_BASELINES } = await import("@/lib/scoring/deploy");

  const lines: string[] = [];
  const out = (line: string) => {
    console.log(line);
    lines.push(line);
  };
  out(
    `bench:quality — ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} cores; ${periods} as-of days 8 weeks apart per community${asOfShift ? `, each ${asOfShift} days earlier than the default (a partial current week)` : ""}, 8-week outcomes`,
  );
  out("");
  out(
    "| community | ranking | ranker | p@20 | p@50 | AUC | Δ AUC vs best baseline (95% CI) | Δ p@50 (95% CI) | verdict |",
  );
  out("|---|---|---|---|---|---|---|---|---|");
  for (const [index, community] of COMMUNITIES.entries()) {
    if (only && !community.name.includes(only)) continue;
    const db = await communityDatabase(url, index);
    const t0 = performance.now();
    const last = await community.write(db);
    await rebuildWeeklyActivity();
    const capacity = await contactCapacity();
    const evaluated: Record<RankingKind, EvaluatedCutoff[]> = { candidates: [], "at-risk": [] };
    const deployedAs: Record<RankingKind, string[]> = { candidates: [], "at-risk": [] };
    for (let k = periods; k >= 1; k--) {
      const asOf = addDays(last, -7 * HORIZON * k - asOfShift);
      const history = await loadRankingHistory({ asOf, horizonWeeks: HORIZON, includeCurrent: true });
      const outcomes = await loadOutcomes(asOf, HORIZON);
      for (const kind of ["candidates", "at-risk"] as const) {
        const fitted = fitRanking(kind, history.sets[kind], {
          horizonWeeks: HORIZON,
          contactCapacity: capacity,
        });
        const current = history.current!.rows.filter((r) =>
          kind === "candidates" ? r.inCandidates : r.inAtRisk,
        );
        if (current.length === 0) continue;
        const labels = Uint8Array.from(current, (r) => {
          const o = outcomes.get(r.memberId);
          return (kind === "candidates" ? o?.upTo != null && o.upTo > r.tierRank : o?.down === true) ? 1 : 0;
        });
        const ids = Float64Array.from(current, (r) => r.memberId);
        const deployed = rankDeployed(
          kind,
          fitted.deployment,
          fitted.model,
          current,
          history.current!.community,
        );
        const place = new Map(deployed.map((m, i) => [m.memberId, i]));
        const scores: Record<string, Float64Array> = {
          deployed: Float64Array.from(current, (r) => -(place.get(r.memberId) ?? 0)),
          model: scoreProbabilities(fitted.model, current, history.current!.community),
        };
        for (const b of DEPLOYABLE_BASELINES)
          scores[b] = baselineScores(b, kind, current, history.current!.community);
        evaluated[kind].push({ cutoff: asOf, labels, ids, scores });
        deployedAs[kind].push(fitted.deployment.ranker);
      }
    }
    for (const kind of ["candidates", "at-risk"] as const) {
      const cutoffs = evaluated[kind];
      if (cutoffs.length === 0) continue;
      const names = ["deployed", "model", ...DEPLOYABLE_BASELINES];
      const first = compareRankers(cutoffs, names, "recentActivity", { replicates: 0 });
      let best = DEPLOYABLE_BASELINES[0] as string;
      for (const b of DEPLOYABLE_BASELINES)
        if ((first.rankers[b].means.auc ?? -1) > (first.rankers[best].means.auc ?? -1)) best = b;
      const cmp = compareRankers(cutoffs, names, best, { replicates: 400 });
      const positives = cutoffs.reduce((a, c) => a + c.labels.reduce((x, y) => x + y, 0), 0);
      const n = cutoffs.reduce((a, c) => a + c.labels.length, 0);
      const f = (v: number | null) => (v == null ? "–" : v.toFixed(3));
      const ci = (d: { estimate: number | null; low: number | null; high: number | null }) =>
        `${d.estimate == null ? "–" : (d.estimate >= 0 ? "+" : "") + d.estimate.toFixed(3)} (${f(d.low)} to ${f(d.high)})`;
      for (const name of names) {
        const m = cmp.rankers[name].means;
        const label =
          name === "deployed"
            ? `**deployed** (${deployedAs[kind].join(", ")})`
            : name === best
              ? `${name} (best baseline)`
              : name;
        const d = cmp.differences[name];
        const verdict =
          name === best
            ? "reference"
            : verdictOf(d.auc) === "win"
              ? "win"
              : verdictOf(d.auc) === "loss"
                ? "loss"
                : "tie";
        out(
          `| ${community.name} | ${kind} (${positives}/${n}) | ${label} | ${f(m.precisionAt20)} | ${f(m.precisionAt50)} | ${f(m.auc)} | ${name === best ? "–" : ci(d.auc)} | ${name === best ? "–" : ci(d.precisionAt50)} | ${verdict} |`,
        );
      }
    }
    console.error(`  ${community.name}: ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    await db.$disconnect();
  }
});
