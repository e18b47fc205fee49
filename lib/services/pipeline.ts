// The recompute pipeline: every derived table, rebuilt in one fixed, visible order after any change
// to the data. Every entry point (CLI imports, stripe sync|reconcile, the worker's jobs for uploads,
// webhooks, the ingest API and the hourly schedule, `recompute`) ends here; nothing registers itself.
import "server-only";
import { rebuildWeeklyActivity } from "./rollups";
import { computeRankings } from "./rankings/snapshot";
import { resolveOutreachOutcomes } from "./outreach";
import { evaluateAlerts, evaluationWeek } from "./alerts";
import { db } from "@/lib/db/client";
import { closeExpiredCampaigns } from "./campaigns";
import { refreshOrgDailyCredits } from "./org-credits";
import { refreshPageAggregates } from "./page-aggregates";
import { writePipelineStatus } from "./pipeline-status";

export interface PipelineOptions {
  /** Why it runs (shown in the terminal and in the status the dashboard reads). */
  reason: string;
  /** Rebuild every rollup week instead of only the weeks touched since the last run. */
  full?: boolean;
  log?: (line: string) => void;
}

type Log = (line: string) => void;

/** What earlier steps of this run found, for the later ones. */
export interface PipelineRun {
  /** Monday (UTC) of the earliest week new events touched: "all" after a full rebuild, null when none arrived. */
  touchedFrom: Date | "all" | null;
}

const ALERTS_WEEK_KEY = "pipeline:alerts-week";
const mondayOf = (d: Date) =>
  new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - ((d.getUTCDay() + 6) % 7)));

/**
 * The alert rules judge one week from the rollups up to it. When this run's new events all fall after
 * that week and the judged week is still the one judged last time, the rules would find exactly what they
 * found then (at 100k members they take minutes): only the ingest failures are checked. Runs with nothing
 * new (hourly), full rebuilds (nightly) and a new week judge everything.
 */
async function alertsUnchanged(run: PipelineRun): Promise<{ unchanged: boolean; week: string | null }> {
  const week = await evaluationWeek(new Date());
  if (!(run.touchedFrom instanceof Date) || week === null) return { unchanged: false, week };
  const last = await db.setting.findUnique({ where: { key: ALERTS_WEEK_KEY } });
  const weekEnd = new Date(Date.parse(`${week}T00:00:00Z`) + 7 * 86_400_000);
  return { unchanged: last?.value === week && run.touchedFrom >= weekEnd, week };
}

const day = (d: Date) => d.toISOString().slice(0, 10);
const scopeText = (from: Date | "all" | null) =>
  from === "all" ? "all months" : from ? `from ${day(from).slice(0, 7)}` : "none";

/**
 * Order matters: rankings read the rollups; outreach outcomes and alerts read the new snapshots and
 * rollups; campaigns close on the same clock; page aggregates summarise everything above.
 */
export const PIPELINE_STEPS: readonly {
  name: string;
  run: (opts: PipelineOptions, log: Log, run: PipelineRun) => Promise<void>;
}[] = [
  {
    name: "rollups",
    run: async (opts, log, run) => {
      const { rows, from, firstEvent, rebuilt } = await rebuildWeeklyActivity({ full: opts.full });
      run.touchedFrom = rebuilt === "all" ? "all" : firstEvent && mondayOf(firstEvent);
      log(
        `weekly rollups: ${rows} rows ${rebuilt === "all" ? "(all weeks)" : from ? `from ${day(from)}` : "(nothing new)"}`,
      );
    },
  },
  {
    name: "rankings",
    run: async (opts, log) => {
      const result = await computeRankings({ log, refit: opts.full ? "always" : "auto" });
      if (!result.asOf) log("rankings: no activity yet, nothing to rank");
    },
  },
  {
    name: "outreach outcomes",
    run: async (_opts, log) => {
      const r = await resolveOutreachOutcomes();
      log(`outreach outcomes: ${r.upgraded} upgraded, ${r.renewed} renewed, ${r.declined} declined`);
    },
  },
  {
    name: "alerts",
    run: async (_opts, log, run) => {
      const { unchanged, week } = await alertsUnchanged(run);
      const r = await evaluateAlerts({ onlyIngestFailures: unchanged });
      if (!unchanged && week !== null)
        await db.setting.upsert({
          where: { key: ALERTS_WEEK_KEY },
          create: { key: ALERTS_WEEK_KEY, value: week },
          update: { value: week },
        });
      log(
        unchanged
          ? `alerts: week ${week} unchanged by this run's events (all later): rules not re-run; ${r.created} new (ingest failures)`
          : `alerts: ${r.created} new of ${r.evaluated} subjects as of ${r.asOfWeek ?? "–"}${r.emailed ? " (e-mailed)" : ""}`,
      );
    },
  },
  {
    name: "campaign closing",
    run: async (_opts, log) => {
      const closed = await closeExpiredCampaigns();
      log(`campaigns: ${closed.length} closed past their horizon`);
    },
  },
  {
    name: "organisation credits",
    run: async (opts, log) => {
      const r = await refreshOrgDailyCredits({ full: opts.full });
      log(
        `organisation credits: ${r.from ? `${r.rows} org-days from ${r.from.toISOString().slice(0, 10)}` : "unchanged"}`,
      );
    },
  },
  {
    name: "page aggregates",
    run: async (opts, log) => {
      // Only the months touched since the last refresh (their own mark, so a failed run is caught up).
      const a = await refreshPageAggregates({ full: opts.full });
      const r = a.refreshed;
      log(
        `page aggregates as of ${a.asOf.slice(0, 10)}: activity ${scopeText(r.activityFrom)}, retention ${scopeText(r.retentionFrom)}${r.changedCohorts.length ? ` + cohorts ${r.changedCohorts.join(", ")}` : ""}, decile scores ${r.decileScores}`,
      );
    },
  },
];

export const PIPELINE_STEP_NAMES = PIPELINE_STEPS.map((s) => s.name);

/**
 * Runs every step in order, recording progress in the database (the dashboard's "preparing your
 * data" state reads it). A failing step stops the run: later steps would read half-built inputs.
 */
export async function runPipeline(opts: PipelineOptions): Promise<void> {
  const log = opts.log ?? (() => {});
  const startedAt = new Date();
  const done: string[] = [];
  const run: PipelineRun = { touchedFrom: null };
  for (const [index, step] of PIPELINE_STEPS.entries()) {
    await writePipelineStatus({
      state: "running",
      reason: opts.reason,
      startedAt: startedAt.toISOString(),
      step: step.name,
      stepIndex: index,
      stepCount: PIPELINE_STEPS.length,
      completedSteps: done,
    });
    const t = Date.now();
    try {
      await step.run(opts, log, run);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await writePipelineStatus({
        state: "failed",
        reason: opts.reason,
        startedAt: startedAt.toISOString(),
        finishedAt: new Date().toISOString(),
        step: step.name,
        stepIndex: index,
        stepCount: PIPELINE_STEPS.length,
        completedSteps: done,
        error: message,
      }).catch(() => {});
      throw error;
    }
    done.push(step.name);
    log(`[${index + 1}/${PIPELINE_STEPS.length}] ${step.name}: ${Date.now() - t} ms`);
  }
  await writePipelineStatus({
    state: "done",
    reason: opts.reason,
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    step: null,
    stepIndex: PIPELINE_STEPS.length,
    stepCount: PIPELINE_STEPS.length,
    completedSteps: done,
  });
}
