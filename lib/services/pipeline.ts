// The recompute pipeline: every derived table, rebuilt in one fixed, visible order after any change
// to the data. Every entry point (CLI imports, stripe sync|reconcile, the worker's jobs for uploads,
// webhooks, the ingest API and the hourly schedule, `recompute`) ends here; nothing registers itself.
import "server-only";
import { rebuildWeeklyActivity } from "./rollups";
import { computeRankings } from "./rankings/snapshot";
import { resolveOutreachOutcomes } from "./outreach";
import { evaluateAlerts } from "./alerts";
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
  /** Earliest rollup week rebuilt by this run: "all" after a full rebuild, null when no events arrived. */
  touchedFrom: Date | "all" | null;
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
      const { rows, from, rebuilt } = await rebuildWeeklyActivity({ full: opts.full });
      run.touchedFrom = rebuilt === "all" ? "all" : from;
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
    run: async (_opts, log) => {
      const r = await evaluateAlerts();
      log(
        `alerts: ${r.created} new of ${r.evaluated} subjects as of ${r.asOfWeek ?? "–"}${r.emailed ? " (e-mailed)" : ""}`,
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
        `page aggregates as of ${a.asOf.slice(0, 10)}: activity ${scopeText(r.activityFrom)}, retention ${scopeText(r.retentionFrom)}${r.changedCohorts.length ? ` + cohorts ${r.changedCohorts.join(", ")}` : ""}`,
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
