// Boosted trees fitted on a second thread while the calling thread fits the logistic parts, so a recompute uses
// both cores of a small server. Synchronous for its callers: a fit the worker has not claimed yet is done on the
// calling thread, so a busy machine, a slow start or a failed worker only lose the overlap, never a result.
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createRequire } from "node:module";
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from "node:worker_threads";
import { fitGbm, type GbmModel, type GbmOptions } from "./gbm";
import type { TreeJobMessage, TreeResultMessage } from "./tree-worker";

/** A job's state word, shared with the worker: whoever moves it off PENDING fits the trees. */
const PENDING = 0;
const CLAIMED_BY_WORKER = 1;
const CLAIMED_BY_CALLER = 2;
const DONE = 3;

/** Fits smaller than this (rows × rounds) run inline: shipping them costs more than they take. */
const MIN_WORK_FOR_WORKER = 1_000_000;
/** A worker that holds a claimed job this long is presumed dead; the caller fits the trees itself. */
const WORKER_TIMEOUT_MS = 120_000;

export interface PendingTrees {
  /** The fitted trees; blocks only while the worker is fitting them (and nothing else is left to do). */
  result(): GbmModel;
}

interface Job extends PendingTrees {
  id: number;
  state: Int32Array;
  fitHere(): GbmModel;
  model?: GbmModel;
}

let enabled = true;
let worker: Worker | null = null;
let results: MessagePort | null = null;
let broken = false;
let ready: Promise<boolean> = Promise.resolve(false);
let nextId = 1;
/** Jobs submitted and not yet collected, oldest first (the worker takes them from the front, callers from the back). */
const open: Job[] = [];
const arrived = new Map<number, TreeResultMessage>();
/** Training matrices copied once into shared memory, so each prefix fit the worker gets costs no copy. */
const sharedCopies = new WeakMap<Float64Array, Float64Array>();
/** What the pool did, for the fit bench: fits per thread and time the caller spent blocked. */
const stats = { byWorker: 0, byCaller: 0, inline: 0, waitedMs: 0 };

/** Fits run on the calling thread only when false (for comparisons in scripts/bench-fit.ts). */
export function setTreeWorker(on: boolean): void {
  enabled = on;
}

/** Starts the worker if it is not running; true once it has loaded and serves fits (for tests and benches). */
export function treeWorkerReady(): Promise<boolean> {
  if (!enabled || os.availableParallelism() < 2) return Promise.resolve(false);
  startWorker();
  return ready;
}

export function treePoolStats(): Readonly<typeof stats> {
  return { ...stats };
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
      path.join(path.dirname(fileURLToPath(import.meta.url)), "tree-worker.ts"),
    ).href;
    const channel = new MessageChannel();
    worker = new Worker(
      `const { workerData } = require("node:worker_threads");
       import(require("node:url").pathToFileURL(workerData.tsxApi).href)
         .then(({ tsImport }) => tsImport(workerData.entry, workerData.entry))
         .then((m) => m.serveTreeJobs(workerData.results));`,
      { eval: true, workerData: { tsxApi, entry, results: channel.port2 }, transferList: [channel.port2] },
    );
    const started = worker;
    ready = new Promise((resolve) => {
      started.once("online", () => started.once("message", () => resolve(true)));
      started.once("error", (error) => {
        console.warn(`Fitting on one thread: the tree worker failed (${String(error)})`);
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

function sharedCopy(x: Float64Array): Float64Array {
  let copy = sharedCopies.get(x);
  if (!copy) {
    copy = new Float64Array(new SharedArrayBuffer(x.byteLength));
    copy.set(x);
    sharedCopies.set(x, copy);
  }
  return copy;
}

function settle(job: Job, model: GbmModel): GbmModel {
  job.model = model;
  const at = open.indexOf(job);
  if (at >= 0) open.splice(at, 1);
  return model;
}

/** Claims and fits the newest job nobody has started; false when there is none. */
function fitAnotherHere(except: Job): boolean {
  for (let k = open.length - 1; k >= 0; k--) {
    const job = open[k];
    if (job === except || job.model) continue;
    if (Atomics.compareExchange(job.state, 0, PENDING, CLAIMED_BY_CALLER) === PENDING) {
      stats.byCaller++;
      settle(job, job.fitHere());
      return true;
    }
  }
  return false;
}

function collect(job: Job): GbmModel {
  if (job.model) return job.model;
  const started = Date.now();
  for (;;) {
    const state = Atomics.load(job.state, 0);
    if (state === PENDING && Atomics.compareExchange(job.state, 0, PENDING, CLAIMED_BY_CALLER) === PENDING) {
      stats.byCaller++;
      return settle(job, job.fitHere());
    }
    if (state === DONE) {
      for (let m = receiveMessageOnPort(results!); m; m = receiveMessageOnPort(results!)) {
        const message = m.message as TreeResultMessage;
        arrived.set(message.id, message);
      }
      const message = arrived.get(job.id);
      if (message) {
        arrived.delete(job.id);
        stats.byWorker++;
        // A fit that threw in the worker throws here too, from the same inputs.
        return settle(job, message.model ?? job.fitHere());
      }
    }
    if (state === CLAIMED_BY_WORKER && fitAnotherHere(job)) continue;
    if (Date.now() - started > WORKER_TIMEOUT_MS) {
      broken = true;
      return settle(job, job.fitHere());
    }
    const waiting = performance.now();
    Atomics.wait(job.state, 0, state, 20);
    stats.waitedMs += performance.now() - waiting;
  }
}

/**
 * Starts fitGbm on the worker thread when the machine has a second core and the fit is worth shipping; the same
 * inputs give the same trees on either thread.
 */
export function fitGbmSoon(
  x: Float64Array,
  n: number,
  p: number,
  y: Uint8Array,
  options: GbmOptions,
  negativeWeight: number,
): PendingTrees {
  const fitHere = () => fitGbm(x, n, p, y, options, negativeWeight);
  const work = n * (options.rounds ?? 100);
  if (!enabled || work < MIN_WORK_FOR_WORKER || os.availableParallelism() < 2 || !startWorker()) {
    let model: GbmModel | undefined;
    return {
      result: () => {
        if (!model) stats.inline++;
        return (model ??= fitHere());
      },
    };
  }
  const job: Job = {
    id: nextId++,
    state: new Int32Array(new SharedArrayBuffer(4)),
    fitHere,
    result: () => collect(job),
  };
  open.push(job);
  const message: TreeJobMessage = {
    id: job.id,
    state: job.state,
    x: sharedCopy(x),
    n,
    p,
    y: y.slice(0, n),
    options,
    negativeWeight,
  };
  worker!.postMessage(message);
  return job;
}
