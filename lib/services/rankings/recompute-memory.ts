// Frees what the last recompute left behind before the next one allocates, so that a long-lived process (the job
// worker) does not stack one recompute's garbage under the next one's peak.
//
// Why: at 100k members almost nothing a recompute allocates outlives it (after a full collection the heap holds
// ~100–130 MB), but V8 sizes its old generation against a limit of several GB and collects it lazily, so the next
// recompute started on top of 400–780 MB of dead objects and its own peak came on top of that: 1,145–1,169 MB
// over repeated recomputes, against 730–800 MB for the first one in a fresh process (docs/benchmarks.md).
// One full collection before a recompute costs ~0.1–0.3 s against its 10–20 s.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

let collect: (() => void) | null | undefined;

/**
 * The engine's full collection: `gc` when the process was started with --expose-gc, otherwise exposed once the
 * way jest's leak detector does it (the flag set at run time, `gc` read from a fresh context). Null if refused.
 */
function fullCollection(): (() => void) | null {
  if (collect !== undefined) return collect;
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (typeof exposed === "function") return (collect = exposed);
  try {
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as unknown;
    collect = typeof gc === "function" ? (gc as () => void) : null;
  } catch {
    collect = null;
  }
  return collect;
}

/** Collects every dead object of this thread now; false when the engine refused to expose its collector. */
export function releaseRecomputeGarbage(): boolean {
  const gc = fullCollection();
  if (!gc) return false;
  gc();
  return true;
}

/**
 * releaseRecomputeGarbage once the caller's current work has returned: a recompute's own rows and scores stay
 * reachable from its frame until it returns, so a collection at its end would keep them.
 */
export function releaseRecomputeGarbageSoon(): void {
  setImmediate(releaseRecomputeGarbage);
}
