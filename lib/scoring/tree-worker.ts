// The tree pool's worker thread (lib/scoring/tree-pool.ts): fits each job it can claim and sends the trees back
// on the results port. A job the calling thread claimed first is skipped.
import { parentPort, type MessagePort } from "node:worker_threads";
import { fitGbm, type GbmModel, type GbmOptions } from "./gbm";

export interface TreeJobMessage {
  id: number;
  /** Shared state word: PENDING, CLAIMED_BY_WORKER, CLAIMED_BY_CALLER or DONE (tree-pool.ts). */
  state: Int32Array;
  x: Float64Array;
  n: number;
  p: number;
  y: Uint8Array;
  options: GbmOptions;
  negativeWeight: number;
}

export interface TreeResultMessage {
  id: number;
  model?: GbmModel;
  error?: string;
}

// The state values, repeated here so the worker does not load the pool (and its Worker) itself.
const PENDING = 0;
const CLAIMED_BY_WORKER = 1;
const DONE = 3;

/** Called once the worker has loaded (the pool's bootstrap); tells the pool it serves fits. */
export function serveTreeJobs(results: MessagePort): void {
  parentPort!.postMessage("ready");
  parentPort!.on("message", (job: TreeJobMessage) => {
    if (Atomics.compareExchange(job.state, 0, PENDING, CLAIMED_BY_WORKER) !== PENDING) return;
    let reply: TreeResultMessage;
    try {
      reply = { id: job.id, model: fitGbm(job.x, job.n, job.p, job.y, job.options, job.negativeWeight) };
    } catch (error) {
      reply = { id: job.id, error: String(error) };
    }
    results.postMessage(reply);
    Atomics.store(job.state, 0, DONE);
    Atomics.notify(job.state, 0);
  });
}
