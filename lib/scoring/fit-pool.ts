// Independent fits (boosted trees, lambda-validation folds, deployment bootstraps) shared between the calling thread and a worker thread,
// so a recompute uses both cores of a small server. Synchronous for its callers: a job the worker has not claimed
// yet runs on the calling thread, so a busy machine, a slow start or a failed worker only lose the overlap, never
// a result, and either thread gives the same numbers from the same inputs.
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createRequire } from "node:module";
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from "node:worker_threads";
import { scoreFoldRows, type FoldInputs, type FoldScore } from "./fold-score";
import type { EvaluatedCutoff } from "./compare";
import { chooseDeployment, type Deployment } from "./deploy";
import type { GbmModel, GbmOptions } from "./gbm";
import type { RankingKind } from "./types";
import {
  CLAIMED_BY_CALLER,
  CLAIMED_BY_WORKER,
  DONE,
  fitTrees,
  PENDING,
  type FitJobMessage,
  type FitResultMessage,
  type TreeInputs,
} from "./fit-worker";

/**
 * Tree fits smaller than this (rows × rounds) run inline: shipping them costs more than they take. It was 1,000,000
 * at 200 rounds; at 100 (round 11) the at-risk refits' trees (7–9k rows) fell under it and ran on the calling thread
 * at the very end, the worker idle. The matrix is shared once per stack, so a job costs a message and its result.
 */
const MIN_TREE_WORK_FOR_WORKER = 200_000;
/** Validation folds training on fewer rows run inline. */
const MIN_FOLD_ROWS_FOR_WORKER = 2_000;
/** Deployment bootstraps over fewer evaluated rows run inline (400 replicates of each row). */
const MIN_DEPLOYMENT_ROWS_FOR_WORKER = 2_000;
/** A worker that holds a claimed job this long is presumed dead; the caller fits the trees itself. */
const WORKER_TIMEOUT_MS = 120_000;

export interface Pending<T> {
  /** The job's result; blocks only while the worker is running this job and no other job is left to take. */
  result(): T;
}
export type PendingTrees = Pending<GbmModel>;

interface Job extends Pending<unknown> {
  id: number;
  kind: JobKind;
  state: Int32Array;
  runHere(): unknown;
  done: boolean;
  value?: unknown;
}

let enabled = true;
let worker: Worker | null = null;
let results: MessagePort | null = null;
let broken = false;
let ready: Promise<boolean> = Promise.resolve(false);
let nextId = 1;
/** Jobs submitted and not yet collected, oldest first (the worker takes them from the front, callers from the back). */
const open: Job[] = [];
const arrived = new Map<number, FitResultMessage>();
/** Matrices and labels copied once into shared memory, so each prefix the worker fits on costs no copy. */
const sharedCopies = new WeakMap<ArrayBufferView, ArrayBufferView>();
/** Each shared copy's number: the worker keeps one view per number (fit-worker.ts), so its caches see one array. */
const sharedIds = new WeakMap<ArrayBufferView, number>();
let nextSharedId = 1;
/** A shared copy no job can name any more is dropped by the worker too. */
const sharedGone = new FinalizationRegistry<number>((id) => worker?.postMessage({ forget: id }));
type JobKind = FitJobMessage["kind"];
/**
 * What the pool did, for the fit bench: jobs per thread, time the caller spent blocked, and the time each kind of job
 * took on each thread (the calling thread's includes jobs run inline).
 */
const stats = {
  byWorker: 0,
  byCaller: 0,
  inline: 0,
  waitedMs: 0,
  /** Shared arrays a worker's job found it already held a view of (fit-worker.ts), summed over jobs. */
  reusedViews: 0,
  /** performance.now() when this process started the worker (null: not started). */
  workerStartedAt: null as number | null,
  busyMs: {
    trees: { caller: 0, worker: 0 },
    fold: { caller: 0, worker: 0 },
    deployment: { caller: 0, worker: 0 },
  } as Record<JobKind, { caller: number; worker: number }>,
};

/** Jobs run on the calling thread only when false (for comparisons in scripts/bench-fit.ts). */
export function setFitWorker(on: boolean): void {
  enabled = on;
}

/** Starts the worker if it is not running; true once it has loaded and serves fits (for tests and benches). */
export function fitWorkerReady(): Promise<boolean> {
  if (!enabled || os.availableParallelism() < 2) return Promise.resolve(false);
  startWorker();
  return ready;
}

export function fitPoolStats(): Readonly<typeof stats> {
  return { ...stats, busyMs: structuredClone(stats.busyMs) };
}

/** Runs a job on this thread, counting its time. */
function timed<T>(kind: JobKind, run: () => T): T {
  const started = performance.now();
  try {
    return run();
  } finally {
    stats.busyMs[kind].caller += performance.now() - started;
  }
}

function startWorker(): Worker | null {
  if (worker || broken) return worker;
  try {
    // The worker is TypeScript; tsx (a dependency: `npm start` runs on it) loads it in any host, vitest included.
    // tsx's ESM entry, as its package exports give it to `import` (the CommonJS one cannot register in a worker).
    const require = createRequire(import.meta.url);
    const tsxPackage = require.resolve("tsx/package.json");
    const { exports } = require(tsxPackage) as { exports: Record<string, { import: { default: string } }> };
    const tsxApi = path.join(path.dirname(tsxPackage), exports["./esm/api"].import.default);
    const entry = pathToFileURL(
      path.join(path.dirname(fileURLToPath(import.meta.url)), "fit-worker.ts"),
    ).href;
    const channel = new MessageChannel();
    stats.workerStartedAt = performance.now();
    worker = new Worker(
      `const { workerData } = require("node:worker_threads");
       import(require("node:url").pathToFileURL(workerData.tsxApi).href)
         .then(({ tsImport }) => tsImport(workerData.entry, workerData.entry))
         .then((m) => m.serveFitJobs(workerData.results));`,
      { eval: true, workerData: { tsxApi, entry, results: channel.port2 }, transferList: [channel.port2] },
    );
    const started = worker;
    ready = new Promise((resolve) => {
      started.once("online", () => started.once("message", () => resolve(true)));
      started.once("error", (error) => {
        console.warn(`Fitting on one thread: the fit worker failed (${String(error)})`);
        broken = true;
        resolve(false);
      });
    });
    worker.unref();
    results = channel.port1;
    results.unref();
  } catch {
    broken = true;
    worker = null;
  }
  return worker;
}

/**
 * Zeroed arrays in shared memory, for the matrices and labels fits are shipped (stacks, case-control samples): the
 * worker reads them as they are, where an ordinary array is copied into shared memory first (sharedCopy).
 */
export const sharedFloat64Array = (length: number) =>
  new Float64Array(new SharedArrayBuffer(length * Float64Array.BYTES_PER_ELEMENT));
export const sharedUint8Array = (length: number) => new Uint8Array(new SharedArrayBuffer(length));

function sharedCopy<T extends Float64Array | Uint8Array>(x: T): T {
  let copy = sharedCopies.get(x) as T | undefined;
  if (!copy) {
    // An array already in shared memory is sent as it is: its rows never change once built.
    if (x.buffer instanceof SharedArrayBuffer) copy = x;
    else {
      const bytes = new SharedArrayBuffer(x.byteLength);
      copy = (x instanceof Float64Array ? new Float64Array(bytes) : new Uint8Array(bytes)) as T;
      copy.set(x as never);
    }
    sharedCopies.set(x, copy);
    const id = nextSharedId++;
    sharedIds.set(copy, id);
    sharedGone.register(copy, id);
  }
  return copy;
}

/** The shared copies of a job's arrays, and their numbers for the worker (FitJobMessage.shared). */
function shareArrays<T extends object, K extends keyof T & string>(
  payload: T,
  fields: readonly K[],
): { payload: T; shared: Record<string, number> } {
  const out = { ...payload };
  const shared: Record<string, number> = {};
  for (const field of fields) {
    const copy = sharedCopy(payload[field] as Float64Array | Uint8Array);
    out[field] = copy as T[K];
    shared[field] = sharedIds.get(copy)!;
  }
  return { payload: out, shared };
}

function settle(job: Job, value: unknown): unknown {
  job.done = true;
  job.value = value;
  const at = open.indexOf(job);
  if (at >= 0) open.splice(at, 1);
  return value;
}

/** Claims and runs the newest job nobody has started; false when there is none. */
function runAnotherHere(except: Job): boolean {
  for (let k = open.length - 1; k >= 0; k--) {
    const job = open[k];
    if (job === except || job.done) continue;
    if (Atomics.compareExchange(job.state, 0, PENDING, CLAIMED_BY_CALLER) === PENDING) {
      stats.byCaller++;
      settle(job, timed(job.kind, job.runHere));
      return true;
    }
  }
  return false;
}

function collect(job: Job): unknown {
  if (job.done) return job.value;
  const started = Date.now();
  for (;;) {
    const state = Atomics.load(job.state, 0);
    if (state === PENDING && Atomics.compareExchange(job.state, 0, PENDING, CLAIMED_BY_CALLER) === PENDING) {
      stats.byCaller++;
      return settle(job, timed(job.kind, job.runHere));
    }
    if (state === DONE) {
      for (let m = receiveMessageOnPort(results!); m; m = receiveMessageOnPort(results!)) {
        const message = m.message as FitResultMessage;
        arrived.set(message.id, message);
      }
      const message = arrived.get(job.id);
      if (message) {
        arrived.delete(job.id);
        stats.byWorker++;
        stats.busyMs[job.kind].worker += message.ms ?? 0;
        stats.reusedViews += message.reused ?? 0;
        // A job that threw in the worker throws here too, from the same inputs.
        return settle(job, message.error === undefined ? message.value : job.runHere());
      }
    }
    if (state === CLAIMED_BY_WORKER && runAnotherHere(job)) continue;
    if (Date.now() - started > WORKER_TIMEOUT_MS) {
      broken = true;
      return settle(job, job.runHere());
    }
    const waiting = performance.now();
    Atomics.wait(job.state, 0, state, 20);
    stats.waitedMs += performance.now() - waiting;
  }
}

/** Queues a job for the worker (when it is worth shipping and a second core exists), or defers it to result(). */
function submit<T>(
  kind: JobKind,
  runHere: () => T,
  worthShipping: boolean,
  message: () => Omit<FitJobMessage, "id" | "state">,
): Pending<T> {
  if (!enabled || !worthShipping || os.availableParallelism() < 2 || !startWorker()) {
    let value: { v: T } | undefined;
    return {
      result: () => {
        if (!value) stats.inline++;
        return (value ??= { v: timed(kind, runHere) }).v;
      },
    };
  }
  const job: Job = {
    id: nextId++,
    kind,
    state: new Int32Array(new SharedArrayBuffer(4)),
    runHere,
    done: false,
    result: () => collect(job),
  };
  open.push(job);
  worker!.postMessage({ ...message(), id: job.id, state: job.state } as FitJobMessage);
  return job as Pending<T>;
}

/** fitGbm, on whichever thread gets to it first. */
export function fitGbmSoon(
  x: Float64Array,
  n: number,
  p: number,
  y: Uint8Array,
  options: GbmOptions,
  negativeWeight: number,
): PendingTrees {
  const trees: TreeInputs = { x, n, p, y, options, negativeWeight };
  return submit(
    "trees",
    () => fitTrees(trees),
    n * (options.rounds ?? 100) >= MIN_TREE_WORK_FOR_WORKER,
    () => {
      const { payload, shared } = shareArrays(trees, ["x", "y"]);
      return { kind: "trees", trees: payload, shared };
    },
  );
}

/** One validation fold's scores (lib/scoring/fold-score.ts), on whichever thread gets to it first. */
export function scoreFoldSoon(fold: FoldInputs): Pending<FoldScore[]> {
  return submit(
    "fold",
    () => scoreFoldRows(fold),
    fold.trainRows >= MIN_FOLD_ROWS_FOR_WORKER,
    () => {
      const { payload, shared } = shareArrays(fold, ["trainX", "trainY", "valX", "valY"]);
      return { kind: "fold", fold: payload, shared };
    },
  );
}

/**
 * chooseDeployment (its 400-replicate bootstrap: 0.2–0.6 s on the 6,000-member demo), on whichever thread gets to it
 * first: queued once a ranking's fits are made, it runs beside the next ranking's fits. The cut-offs' arrays are
 * copied to the worker (structured clone), which gives the same numbers; the result comes back the same way.
 */
export function chooseDeploymentSoon(
  ranking: RankingKind,
  evaluated: readonly EvaluatedCutoff[],
): Pending<Deployment> {
  const rows = evaluated.reduce((sum, c) => sum + c.labels.length, 0);
  return submit(
    "deployment",
    () => chooseDeployment(ranking, evaluated),
    rows >= MIN_DEPLOYMENT_ROWS_FOR_WORKER,
    () => ({ kind: "deployment", deployment: { ranking, evaluated } }),
  );
}
