// The Model page: for each ranking, how it was built (model or plain fallback), how it did on the
// community's own past cut-offs beside the baselines, its calibration, quality over time and top weights.
import type { Metadata } from "next";
import { requireUser } from "@/lib/auth/session";
import { latestModelSummaries, qualityOverTime, type MetricRow, type ModelSummary } from "@/lib/data/model";
import { formatDate, formatDateTime } from "@/lib/format/numbers";
import { BLEND_TREES, MIN_POSITIVES_FOR_TREES } from "@/lib/scoring";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { ModelCharts } from "./model-charts";

export const metadata: Metadata = { title: "Model" };
export const dynamic = "force-dynamic";

const RANKER_LABELS: Record<MetricRow["ranker"], string> = {
  model: "Model",
  random: "Random",
  recentActivity: "Most active, last 4 weeks",
  seedFormula: "Seed formula 2(A1−A2)/3 + (A2−A3)/3",
  activityDrop: "Largest activity change",
};
/** Keyed by string: runs stored by earlier versions ("gbm") still display. */
const METHOD_LABELS: Record<string, string> = {
  blend: "Learned model: logistic regression and boosted trees, averaged",
  logistic: "Learned model: logistic regression",
  gbm: "Learned model: boosted decision trees",
  fallback: "Transparent fallback",
};
const WEIGHT_UNITS: Record<string, string> = {
  blend: " on average across members",
  logistic: " per standard deviation",
  gbm: " on average, from the trees' splits",
  fallback: " per unit",
};
const TITLES = { candidates: "Upgrade candidates", "at-risk": "At-risk members" } as const;
const num = (v: number | null, digits = 3) => (v == null ? "—" : v.toFixed(digits));

function MetricsTable({ summary }: { summary: ModelSummary }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200">
      <table className="w-full text-sm" data-testid={`metrics-${summary.kind}`}>
        <caption className="sr-only">Backtest metrics, model against baselines</caption>
        <thead className="bg-slate-50 text-left text-xs text-slate-500 uppercase">
          <tr>
            <th scope="col" className="px-3 py-2">
              Ranker
            </th>
            <th scope="col" className="px-3 py-2 text-right">
              P@10
            </th>
            <th scope="col" className="px-3 py-2 text-right">
              P@20
            </th>
            <th scope="col" className="px-3 py-2 text-right">
              P@{summary.contactCapacity}
            </th>
            <th scope="col" className="px-3 py-2 text-right">
              Recall@50
            </th>
            <th scope="col" className="px-3 py-2 text-right">
              AUC
            </th>
            <th scope="col" className="px-3 py-2 text-right">
              Top-decile lift
            </th>
            <th scope="col" className="px-3 py-2 text-right">
              Brier
            </th>
          </tr>
        </thead>
        <tbody>
          {summary.metrics.map((m) => (
            <tr
              key={m.ranker}
              className={
                m.ranker === "model"
                  ? "border-t border-slate-100 font-medium"
                  : "border-t border-slate-100 text-slate-600"
              }
            >
              <th scope="row" className="px-3 py-2 text-left font-normal">
                {RANKER_LABELS[m.ranker]}
              </th>
              <td className="px-3 py-2 text-right tabular-nums">{num(m.precisionAt10)}</td>
              <td className="px-3 py-2 text-right tabular-nums">{num(m.precisionAt20)}</td>
              <td className="px-3 py-2 text-right tabular-nums">{num(m.precisionAtCapacity)}</td>
              <td className="px-3 py-2 text-right tabular-nums">{num(m.recallAt50)}</td>
              <td className="px-3 py-2 text-right tabular-nums">{num(m.auc)}</td>
              <td className="px-3 py-2 text-right tabular-nums">{num(m.topDecileLift, 2)}</td>
              <td className="px-3 py-2 text-right tabular-nums">{num(m.brier)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The learned model's shape in one sentence: the penalty and its evidence, and whether the trees joined. */
function HowItLearned({ summary }: { summary: ModelSummary }) {
  if (!summary.penalty || summary.method === "fallback") return null;
  const { chosen, candidates } = summary.penalty;
  const evidence = candidates
    .filter((c) => c.meanAuc != null)
    .map((c) => `λ ${c.lambda}: AUC ${c.meanAuc!.toFixed(3)}`)
    .join(", ");
  const folds = candidates[0]?.folds ?? 0;
  return (
    <p>
      Logistic regression with penalty λ {chosen}
      {evidence
        ? ` (chosen on ${folds} later cut-off${folds === 1 ? "" : "s"} trained on earlier ones: ${evidence})`
        : ""}
      {summary.method === "blend"
        ? `, averaged with boosted trees (depth ${BLEND_TREES.depth} × ${BLEND_TREES.rounds} rounds), which join once training holds ${MIN_POSITIVES_FOR_TREES} positives.`
        : `; boosted trees join once training holds ${MIN_POSITIVES_FOR_TREES} positives (${summary.trainingPositives} now).`}
    </p>
  );
}

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
const signed = (v: number | null) => (v == null ? "—" : `${v >= 0 ? "+" : "−"}${Math.abs(v).toFixed(3)}`);

/** The live ranker's out-of-time hit rate by place in the list: the calibration lists are scored with. */
function LiveCalibration({ live }: { live: NonNullable<ModelSummary["live"]> }) {
  const c = live.calibration;
  if (!c) return null;
  return (
    <div className="space-y-2">
      <h3 className="font-semibold">Calibration of the live ranker (out of time)</h3>
      <p>
        Base rate {pct(c.baseRate)}. Lists show{" "}
        {c.display === "percent" ? "these rates as percentages" : "High/Medium/Low bands"}: {c.why}.
      </p>
      <table className="text-sm" data-testid="live-calibration">
        <caption className="sr-only">Hit rate by place in the list</caption>
        <thead className="text-left text-xs text-slate-500 uppercase">
          <tr>
            <th scope="col" className="pr-4">
              Place in list
            </th>
            <th scope="col" className="pr-4 text-right">
              Members
            </th>
            <th scope="col" className="pr-4 text-right">
              Happened
            </th>
            <th scope="col" className="pr-4 text-right">
              Rate (monotone)
            </th>
            <th scope="col">Band</th>
          </tr>
        </thead>
        <tbody>
          {c.bins.map((b, i) => {
            const label = `${Math.round((c.bins[i - 1]?.upTo ?? 0) * 100)}–${Math.round(b.upTo * 100)}%`;
            return (
              <tr key={b.upTo}>
                <th scope="row" className="pr-4 text-left font-normal">
                  {label}
                </th>
                <td className="pr-4 text-right tabular-nums">{b.rows.toLocaleString("en")}</td>
                <td className="pr-4 text-right tabular-nums">{b.positives.toLocaleString("en")}</td>
                <td className="pr-4 text-right tabular-nums">{pct(b.rate)}</td>
                <td>{b.band}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p className="text-slate-500">
        Learned model minus best baseline over {live.periods} past periods (95% bootstrap interval over
        members and periods): AUC {signed(live.modelVsBest.auc.estimate)} ({signed(live.modelVsBest.auc.low)}{" "}
        to {signed(live.modelVsBest.auc.high)}), P@20 {signed(live.modelVsBest.precisionAt20.estimate)} (
        {signed(live.modelVsBest.precisionAt20.low)} to {signed(live.modelVsBest.precisionAt20.high)}), P@50{" "}
        {signed(live.modelVsBest.precisionAt50.estimate)} ({signed(live.modelVsBest.precisionAt50.low)} to{" "}
        {signed(live.modelVsBest.precisionAt50.high)}).
      </p>
    </div>
  );
}

async function RankingSection({ summary, timeZone }: { summary: ModelSummary; timeZone: string }) {
  const quality = await qualityOverTime(summary.kind);
  const title = TITLES[summary.kind];
  const positives = summary.evaluated.reduce((a, c) => a + c.positives, 0);
  const rows = summary.evaluated.reduce((a, c) => a + c.n, 0);
  return (
    <section aria-labelledby={`${summary.kind}-heading`} className="space-y-4">
      <Card>
        <CardHeader>
          <CardTitle id={`${summary.kind}-heading`} className="flex items-center gap-2 text-base">
            {title}
            <Badge tone={summary.live && summary.live.ranker !== "model" ? "warning" : "success"}>
              {summary.live
                ? summary.live.ranker === "model"
                  ? "Live: learned model"
                  : "Live: simple rule"
                : METHOD_LABELS[summary.method]}
            </Badge>
          </CardTitle>
          <CardDescription>
            As of {formatDate(summary.asOf)} · run {summary.runId} computed{" "}
            {formatDateTime(summary.createdAt, timeZone)}
          </CardDescription>
        </CardHeader>
        <CardContent className="space-y-4 text-sm">
          {summary.live && (
            <p className="text-base" data-testid={`live-${summary.kind}`}>
              {summary.live.sentence}
            </p>
          )}
          {summary.billingWarning && summary.kind === "at-risk" && (
            <p role="status" className="rounded-md bg-amber-50 p-3 text-amber-900">
              {summary.billingWarning}
            </p>
          )}
          <details className="space-y-4">
            <summary className="cursor-pointer text-slate-600">
              Statistics: training, backtest beside the baselines, calibration
            </summary>
            <div className="mt-3 space-y-4">
              {summary.method === "fallback" ? (
                <p role="note" className="rounded-md bg-amber-50 p-3 text-amber-900">
                  Too few past {summary.kind === "candidates" ? "upgrades" : "downgrades or cancellations"} to
                  learn from, so this list uses a documented hand-weighted score instead of a fitted model.{" "}
                  {summary.note}
                </p>
              ) : (
                summary.note && <p className="text-slate-500">{summary.note}</p>
              )}
              <p>
                Trained on {summary.trainingCutoffs.length} past cut-offs ({summary.trainingCutoffs[0] ?? "—"}{" "}
                to {summary.trainingCutoffs.at(-1) ?? "—"}), {summary.trainingRows.toLocaleString("en")}{" "}
                member rows with {summary.trainingPositives.toLocaleString("en")} positives. Backtest:{" "}
                {summary.evaluated.length} cut-offs, {positives} positives among {rows.toLocaleString("en")}{" "}
                rows (
                {summary.evaluated.map((c) => `${c.cutoff}: ${c.positives}/${c.n}`).join(", ") || "none"}).
              </p>
              <HowItLearned summary={summary} />
              {summary.metrics.length > 0 ? (
                <MetricsTable summary={summary} />
              ) : (
                <p className="text-slate-500">No cut-off had enough history for a backtest yet.</p>
              )}
              {summary.live && <LiveCalibration live={summary.live} />}
              <div>
                <h3 className="mb-2 font-semibold">What moves the learned model&apos;s score most</h3>
                <ul className="list-inside list-disc space-y-1">
                  {summary.topWeights.map((w) => (
                    <li key={w.feature}>
                      More {w.words} {w.weight > 0 ? "raises" : "lowers"} the score (
                      {w.weight > 0 ? "+" : "−"}
                      {Math.abs(w.weight).toFixed(2)} log-odds
                      {WEIGHT_UNITS[summary.method]})
                    </li>
                  ))}
                </ul>
              </div>
            </div>
          </details>
        </CardContent>
      </Card>
      <ModelCharts
        label={title}
        calibration={summary.calibration}
        auc={quality.auc}
        precisionAt20={quality.precisionAt20}
      />
    </section>
  );
}

export default async function ModelPage() {
  const user = await requireUser();
  const summaries = await latestModelSummaries();
  return (
    <div className="space-y-10">
      <PageHeader
        title="Model"
        description="How each ranking is built and how it did on this community's own history, beside simple baselines."
      />
      {summaries.length === 0 ? (
        <EmptyState
          title="No rankings computed yet"
          description="Rankings are computed after each import and hourly, or with `npm run cli -- recompute`."
        />
      ) : (
        summaries.map((s) => <RankingSection key={s.kind} summary={s} timeZone={user.timeZone} />)
      )}
    </div>
  );
}
