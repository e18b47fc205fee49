// The fit pool's worker thread (lib/scoring/fit-pool.ts): runs each job it can claim (a tree fit, a validation
// fold or a deployment's bootstrap) and sends the result back on the results port. A job the calling thread
// claimed first is skipped.
import { parentPort, type MessagePort } from "node:worker_threads";
import type { EvaluatedCutoff } from "./compare";
import { chooseDeployment } from "./deploy";
import { scoreFoldRows, type FoldInputs } from "./fold-score";
import { fitGbm, type GbmOptions } from "./gbm";
import type { RankingKind } from "./types";

export interface TreeInputs {
  x: Float64Array;
  n: number;
  p: number;
  y: Uint8Array;
  options: GbmOptions;
  negativeWeight: number;
}

export interface DeploymentInputs {
  ranking: RankingKind;
  evaluated: readonly EvaluatedCutoff[];
}

export type FitJobMessage = {
  id: number;
  state: Int32Array;
  /** The pool's number for each shared array of the payload (by field), so that the worker uses one view of each. */
  shared?: Record<string, number>;
} & (
  | { kind: "trees"; trees: TreeInputs }
  | { kind: "fold"; fold: FoldInputs }
  | { kind: "deployment"; deployment: DeploymentInputs }
);

export interface FitResultMessage {
  id: number;
  value?: unknown;
  error?: string;
  /** How long the job took on the worker (for the pool's stats). */
  ms?: number;
  /** How many of the job's shared arrays the worker already held a view of (for the pool's stats). */
  reused?: number;
}

/** A job's state word, shared by the pool and this worker: whoever moves it off PENDING fits the job. */
export const PENDING = 0;
export const CLAIMED_BY_WORKER = 1;
export const CLAIMED_BY_CALLER = 2;
export const DONE = 3;

export function fitTrees(t: TreeInputs) {
  return fitGbm(t.x, t.n, t.p, t.y, t.options, t.negativeWeight);
}

/**
 * One view per shared array, by the pool's number. Every message brings a new view (and a new SharedArrayBuffer
 * object) of the same memory, and the fits' caches are keyed by the array object (nonZeroRows' compressed rows,
 * the column statistics): without this, each fold compressed the whole matrix again. Dropped when the pool's copy is.
 */
const views = new Map<number, unknown>();

let reused = 0;

function sameViews<T extends object>(payload: T, shared: Record<string, number> | undefined): T {
  reused = 0;
  for (const [field, id] of Object.entries(shared ?? {})) {
    const known = views.get(id);
    if (known) {
      (payload as Record<string, unknown>)[field] = known;
      reused++;
    } else views.set(id, (payload as Record<string, unknown>)[field]);
  }
  return payload;
}

function runJob(job: FitJobMessage): unknown {
  if (job.kind === "trees") return fitTrees(sameViews(job.trees, job.shared));
  if (job.kind === "fold") return scoreFoldRows(sameViews(job.fold, job.shared));
  return chooseDeployment(job.deployment.ranking, job.deployment.evaluated);
}

/** Called once the worker has loaded (the pool's bootstrap); tells the pool it serves jobs. */
export function serveFitJobs(results: MessagePort): void {
  parentPort!.postMessage("ready");
  parentPort!.on("message", (job: FitJobMessage | { forget: number }) => {
    if ("forget" in job) return void views.delete(job.forget);
    if (Atomics.compareExchange(job.state, 0, PENDING, CLAIMED_BY_WORKER) !== PENDING) return;
    let reply: FitResultMessage;
    const started = performance.now();
    reused = 0;
    try {
      reply = { id: job.id, value: runJob(job) };
    } catch (error) {
      reply = { id: job.id, error: String(error) };
    }
    reply.ms = performance.now() - started;
    reply.reused = reused;
    results.postMessage(reply);
    Atomics.store(job.state, 0, DONE);
    Atomics.notify(job.state, 0);
  });
}
