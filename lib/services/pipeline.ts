// The recompute pipeline: every derived table, rebuilt after any change to the data, each step once the
// steps whose output it reads are done (declared beside it, so the order stays visible). Every entry point
// (CLI imports, stripe sync|reconcile, the worker's jobs for uploads, webhooks, the ingest API and the hourly
// schedule, `recompute`) ends here; nothing registers itself.
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

export interface PipelineStep {
  name: string;
  /** The steps whose output this one reads: it starts once they are done, beside any other step that may. */
  after: readonly string[];
  run: (opts: PipelineOptions, log: Log, run: PipelineRun) => Promise<void>;
}

/**
 * Order matters where a step reads another's output: rankings read the rollups; outreach outcomes and alerts
 * read the new snapshots and rollups; campaigns close on the same clock. Organisation credits and page
 * aggregates read the rollups, members and billing, never a snapshot, outreach or campaign, so they run beside
 * the rankings (PostgreSQL does most of both, on the other core) rather than after them.
 */
export const PIPELINE_STEPS: readonly PipelineStep[] = [
  {
    name: "rollups",
    after: [],
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
    after: ["rollups"],
    run: async (opts, log) => {
      const result = await computeRankings({ log, refit: opts.full ? "always" : "auto" });
      if (!result.asOf) log("rankings: no activity yet, nothing to rank");
    },
  },
  {
    name: "outreach outcomes",
    after: ["rankings"],
    run: async (_opts, log) => {
      const r = await resolveOutreachOutcomes();
      log(`outreach outcomes: ${r.upgraded} upgraded, ${r.renewed} renewed, ${r.declined} declined`);
    },
  },
  {
    name: "alerts",
    after: ["outreach outcomes"],
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
    after: ["alerts"],
    run: async (_opts, log) => {
      const closed = await closeExpiredCampaigns();
      log(`campaigns: ${closed.length} closed past their horizon`);
    },
  },
  {
    name: "organisation credits",
    after: ["rollups"],
    run: async (opts, log) => {
      const r = await refreshOrgDailyCredits({ full: opts.full });
      log(
        `organisation credits: ${r.from ? `${r.rows} org-days from ${r.from.toISOString().slice(0, 10)}` : "unchanged"}`,
      );
    },
  },
  {
    name: "page aggregates",
    after: ["organisation credits"],
    run: async (opts, log) => {
      // Only the months touched since the last refresh (their own mark, so a failed run is caught up).
      const a = await refreshPageAggregates({ full: opts.full });
      const r = a.refreshed;
      log(
        `page aggregates as of ${a.asOf.slice(0, 10)}: activity ${scopeText(r.activityFrom)}, retention ${scopeText(r.retentionFrom)}${r.changedCohorts.length ? ` + cohorts ${r.changedCohorts.join(", ")}` : ""}, decile scores ${r.decileScores} (${r.phases.map(([name, ms]) => `${name} ${(ms / 1000).toFixed(2)} s`).join(", ")})`,
      );
    },
  },
];

export const PIPELINE_STEP_NAMES = PIPELINE_STEPS.map((s) => s.name);

/** Completed steps in the list's order (steps side by side finish in any order). */
const inListOrder = (done: string[]) => PIPELINE_STEP_NAMES.filter((name) => done.includes(name));

/**
 * Runs every step once its inputs are ready (steps that do not read each other's output run side by side),
 * recording progress in the database (the dashboard's "preparing your data" state reads it). A failing step
 * stops the run: no later step starts (they would read half-built inputs); one already running beside it
 * finishes first.
 */
export async function runPipeline(opts: PipelineOptions): Promise<void> {
  const log = opts.log ?? (() => {});
  const startedAt = new Date();
  const done: string[] = [];
  const run: PipelineRun = { touchedFrom: null };
  const running = new Map<string, Promise<{ name: string; error?: unknown }>>();
  const status = (state: "running" | "failed", step: string, extra: { error?: string } = {}) =>
    writePipelineStatus({
      state,
      reason: opts.reason,
      startedAt: startedAt.toISOString(),
      ...(state === "failed" ? { finishedAt: new Date().toISOString() } : {}),
      step,
      stepIndex: done.length,
      stepCount: PIPELINE_STEPS.length,
      completedSteps: inListOrder(done),
      ...extra,
    });
  let failed: { step: string; error: unknown } | null = null;
  for (;;) {
    const ready = failed
      ? []
      : PIPELINE_STEPS.filter(
          (s) => !done.includes(s.name) && !running.has(s.name) && s.after.every((a) => done.includes(a)),
        );
    for (const step of ready) {
      const index = PIPELINE_STEPS.indexOf(step);
      const t = Date.now();
      running.set(
        step.name,
        step.run(opts, log, run).then(
          () => {
            log(`[${index + 1}/${PIPELINE_STEPS.length}] ${step.name}: ${Date.now() - t} ms`);
            return { name: step.name };
          },
          (error: unknown) => ({ name: step.name, error: error ?? new Error(`${step.name} failed`) }),
        ),
      );
    }
    if (running.size === 0) break;
    if (ready.length > 0) await status("running", [...running.keys()].join(" and "));
    const finished = await Promise.race(running.values());
    running.delete(finished.name);
    if ("error" in finished) failed ??= { step: finished.name, error: finished.error };
    else done.push(finished.name);
  }
  if (failed) {
    const message = failed.error instanceof Error ? failed.error.message : String(failed.error);
    await status("failed", failed.step, { error: message }).catch(() => {});
    throw failed.error;
  }
  await writePipelineStatus({
    state: "done",
    reason: opts.reason,
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    step: null,
    stepIndex: PIPELINE_STEPS.length,
    stepCount: PIPELINE_STEPS.length,
    completedSteps: inListOrder(done),
  });
}
