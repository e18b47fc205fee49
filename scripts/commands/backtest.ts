// `backtest [--horizon 8w] [--cutoffs 6] [--as-of YYYY-MM-DD]`: rolling-origin backtest of both rankings on the
// community's own history, model beside every baseline; each run is stored in model_runs.
import { parseArgs } from "node:util";
import { RANKER_NAMES } from "@/lib/scoring/backtest";
import { runRankingBacktest } from "@/lib/services/rankings";

const USAGE = "usage: backtest [--horizon 8w] [--cutoffs 6] [--as-of YYYY-MM-DD]";

const fmt = (v: number | null | undefined, digits = 3) => (v == null ? "—" : v.toFixed(digits));

export async function run(args: string[]): Promise<number> {
  let values: { horizon?: string; cutoffs?: string; "as-of"?: string };
  try {
    values = parseArgs({
      args: args.slice(1),
      strict: true,
      options: { horizon: { type: "string" }, cutoffs: { type: "string" }, "as-of": { type: "string" } },
    }).values;
  } catch {
    console.error(USAGE);
    return 2;
  }
  const horizon = Number((values.horizon ?? "8w").replace(/w$/, ""));
  const cutoffs = Number(values.cutoffs ?? 6);
  const asOf = values["as-of"];
  if (
    !Number.isInteger(horizon) ||
    horizon < 1 ||
    !Number.isInteger(cutoffs) ||
    cutoffs < 1 ||
    (asOf && !/^\d{4}-\d{2}-\d{2}$/.test(asOf))
  ) {
    console.error(USAGE);
    return 2;
  }
  const { asOf: at, runs } = await runRankingBacktest({ asOf, horizonWeeks: horizon, cutoffs });
  if (!at) {
    console.error("No activity yet: nothing to backtest.");
    return 1;
  }
  for (const { kind, model, backtest, modelRunId, deployment } of runs) {
    const { pooled } = backtest;
    console.log(
      `\n${kind} as of ${at} — learned model: ${model.method}${model.reasonForFallback ? ` (${model.reasonForFallback})` : ""}; run #${modelRunId}`,
    );
    console.log(`  ${deployment.sentence}`);
    console.log(
      `  ${pooled.cutoffs} cut-offs evaluated (${backtest.cutoffs.map((c) => c.cutoff).join(", ") || "none"}), ${pooled.positives} positives in ${pooled.rows} rows, capacity ${backtest.contactCapacity}, horizon ${backtest.horizonWeeks}w`,
    );
    const header = ["ranker", "p@10", "p@20", "p@50", "p@cap", "recall@50", "AUC", "lift@10%", "Brier"];
    console.log("  " + header.map((h, i) => (i === 0 ? h.padEnd(16) : h.padStart(9))).join(""));
    for (const name of RANKER_NAMES) {
      const m = pooled.meanMetrics[name];
      const brier = name === "model" ? pooled.modelBrier : null;
      const cells = [
        m.precisionAt10,
        m.precisionAt20,
        m.precisionAt50,
        m.precisionAtCapacity,
        m.recallAt50,
        m.auc,
        m.topDecileLift,
        brier,
      ];
      console.log("  " + name.padEnd(16) + cells.map((v) => fmt(v).padStart(9)).join(""));
    }
    console.log(
      `  per cut-off (positives/n): ${backtest.cutoffs.map((c) => `${c.cutoff} ${c.positives}/${c.n}`).join(", ")}`,
    );
    if (pooled.referenceBrier != null)
      console.log(`  Brier of the base rate alone: ${fmt(pooled.referenceBrier)}`);
  }
  return 0;
}
