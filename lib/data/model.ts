// Reads for the Model page: the newest model run per ranking (method, training, backtest, calibration,
// top feature weights) and backtest quality across stored runs. JSON from model_runs, shaped for charts.
import "server-only";
import { readDb as db } from "@/lib/db/client";
import { billingFreshnessMessage } from "@/lib/scoring/freshness";
import type { BacktestResult, RankingKind, RankingModel } from "@/lib/scoring";
import { FEATURES } from "@/lib/scoring/feature-registry";
import { RANKER_NAMES, type RankerName } from "@/lib/scoring/backtest";
import { storedRunExtrasSchema, type StoredDeployment } from "@/lib/validation/model-runs";
import { formatDate } from "@/lib/format/numbers";

/** Plain words for each feature, as the admin reads them: the registry's labels. */
const FEATURE_WORDS: Record<string, string> = Object.fromEntries(FEATURES.map((f) => [f.name, f.label]));

export interface MetricRow {
  ranker: RankerName;
  precisionAt10: number | null;
  precisionAt20: number | null;
  precisionAtCapacity: number | null;
  recallAt50: number | null;
  auc: number | null;
  topDecileLift: number | null;
  brier: number | null;
}

export interface ModelSummary {
  kind: RankingKind;
  runId: number;
  asOf: string;
  /** A RankingModel method, or "gbm" in runs stored by earlier versions. */
  method: string;
  note: string | null;
  createdAt: string;
  trainingCutoffs: string[];
  trainingRows: number;
  trainingPositives: number;
  contactCapacity: number;
  evaluated: { cutoff: string; positives: number; n: number }[];
  metrics: MetricRow[];
  calibration: { predicted: number; observed: number; count: number }[];
  topWeights: { feature: string; words: string; weight: number }[];
  /** The logistic penalty and the validation evidence it was chosen on (null for the fallback and older runs). */
  penalty: { chosen: number; candidates: { lambda: number; meanAuc: number | null; folds: number }[] } | null;
  /** Which ranker is live and why (null for runs before v5), with its out-of-time rates by place in the list. */
  live: StoredDeployment | null;
  billingWarning: string | null;
}

interface RunRow {
  id: number;
  kind: RankingKind;
  as_of: string;
  /** A RankingModel method, or "gbm" in runs stored by earlier versions. */
  method: string;
  note: string | null;
  created_at: Date;
  model: RankingModel;
  backtest: (BacktestResult & { source?: string }) | null;
}

function penaltyOf(model: RankingModel): ModelSummary["penalty"] {
  const selection = model.selection;
  if (model.lambda == null) return null;
  // Runs stored before v4 kept the evidence in another shape: show the penalty alone.
  const candidates = Array.isArray(selection?.candidates) ? selection.candidates : [];
  return {
    chosen: model.lambda,
    candidates: candidates.map((c) => ({ lambda: c.lambda, meanAuc: c.meanAuc, folds: c.folds })),
  };
}

function summarise(run: RunRow): ModelSummary {
  const bt = run.backtest;
  const extras = storedRunExtrasSchema.safeParse(run.model);
  const pooled = bt?.pooled;
  const order = (run.model.importance ?? run.model.weights)
    .map((w, i) => ({ feature: run.model.featureNames[i], weight: w }))
    .filter((w) => Math.abs(w.weight) > 1e-3);
  order.sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight));
  return {
    kind: run.kind,
    runId: run.id,
    asOf: run.as_of,
    method: run.method,
    note: run.note,
    createdAt: run.created_at.toISOString(),
    trainingCutoffs: run.model.trainedOn.cutoffs,
    trainingRows: run.model.trainedOn.rows,
    trainingPositives: run.model.trainedOn.positives,
    contactCapacity: bt?.contactCapacity ?? 0,
    evaluated: (bt?.cutoffs ?? []).map((c) => ({ cutoff: c.cutoff, positives: c.positives, n: c.n })),
    metrics: pooled
      ? RANKER_NAMES.map((ranker) => ({
          ranker,
          ...pooled.meanMetrics[ranker],
          brier: ranker === "model" ? pooled.modelBrier : null,
        }))
      : [],
    // The live ranker's scores are out-of-time rates by place in the list: chart those (score shown against the
    // raw rate observed in its band); runs before v5 chart the learned model's probabilities.
    calibration:
      extras.success && extras.data.deployment?.calibration
        ? extras.data.deployment.calibration.bins
            .filter((b) => b.rows > 0)
            .map((b) => ({ predicted: b.rate, observed: b.positives / b.rows, count: b.rows }))
        : (pooled?.modelCalibration ?? [])
            .filter((b) => b.count > 0 && b.meanPredicted != null && b.observedRate != null)
            .map((b) => ({ predicted: b.meanPredicted!, observed: b.observedRate!, count: b.count })),
    topWeights: order.slice(0, 8).map((w) => ({ ...w, words: FEATURE_WORDS[w.feature] ?? w.feature })),
    penalty: penaltyOf(run.model),
    live: extras.success ? (extras.data.deployment ?? null) : null,
    billingWarning:
      extras.success && extras.data.billing ? billingFreshnessMessage(extras.data.billing) : null,
  };
}

/** The newest run of each ranking (snapshot or backtest), candidates first. */
export async function latestModelSummaries(): Promise<ModelSummary[]> {
  const rows = await db.$queryRaw<RunRow[]>`
    select distinct on (kind) id, kind, to_char(as_of, 'YYYY-MM-DD') as as_of, method, note, created_at, model, backtest
      from model_runs where kind in ('candidates', 'at-risk') order by kind, created_at desc, id desc`;
  return rows.sort((a, b) => (a.kind === b.kind ? 0 : a.kind === "candidates" ? -1 : 1)).map(summarise);
}

/** Mean backtest AUC and precision@20 per stored run (oldest first), model beside each baseline. */
export async function qualityOverTime(kind: RankingKind, limit = 60) {
  const rows = await db.$queryRaw<
    { id: number; as_of: string; created_at: Date; means: BacktestResult["pooled"]["meanMetrics"] | null }[]
  >`
    select * from (
      select id, to_char(as_of, 'YYYY-MM-DD') as as_of, created_at, backtest->'pooled'->'meanMetrics' as means
        from model_runs where kind = ${kind} and backtest is not null order by created_at desc, id desc limit ${limit}
    ) x order by created_at, id`;
  const pick = (metric: "auc" | "precisionAt20") =>
    rows.map((r) => ({
      run: `${formatDate(r.as_of)} · run ${r.id}`,
      ...Object.fromEntries(RANKER_NAMES.map((name) => [name, r.means?.[name]?.[metric] ?? null])),
    }));
  return { auc: pick("auc"), precisionAt20: pick("precisionAt20") };
}
