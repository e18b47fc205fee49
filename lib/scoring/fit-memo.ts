// Fits already made in this process, keyed by a digest of everything they read (training rows and labels, cut-offs,
// settings), so a recompute reuses every fit whose training rows did not change. Fitting is deterministic, so a reused
// fit is the fit: the same models, backtests and snapshots. A changed row, label, weight or setting is a new key.
import { createHash } from "node:crypto";
import type { Pending } from "./fit-pool";

/** Fits kept (folds, trees, models): a few recomputes of both rankings, a few MB. Oldest use goes first. */
const MAX_ENTRIES = 320;

let enabled = true;
const entries = new Map<string, unknown>();
const stats = { hits: 0, misses: 0 };
/** Per matrix, the digest of its first k sets for every k (see prefixDigests). */
const prefixCache = new WeakMap<Float64Array, { names: string; prefix: string[]; sets: string[] }>();

/** Off: every fit is made afresh (for comparisons in scripts/bench-fit.ts and the memo's own test). */
export function setFitMemo(on: boolean): void {
  enabled = on;
  if (!on) entries.clear();
}

export function clearFitMemo(): void {
  entries.clear();
  stats.hits = 0;
  stats.misses = 0;
}

export function fitMemoStats(): Readonly<typeof stats> & { entries: number } {
  return { ...stats, entries: entries.size };
}

/** The kept result for `key`, or undefined (counted as a miss) when it must be fitted. */
export function recall<T>(key: string): T | undefined {
  if (!enabled) return undefined;
  const value = entries.get(key);
  if (value === undefined) {
    stats.misses++;
    return undefined;
  }
  stats.hits++;
  entries.delete(key);
  entries.set(key, value);
  return value as T;
}

/** True when `key` is kept (without counting a use). */
export function recalls(key: string): boolean {
  return enabled && entries.has(key);
}

/** Keeps `value` under `key`, frozen: callers share it, so none may change it. Returns it. */
export function keep<T>(key: string, value: T): T {
  if (!enabled) return value;
  deepFreeze(value);
  entries.set(key, value);
  while (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value!);
  return value;
}

/** A pending fit whose result is kept under `key` once collected; the kept result at once when there is one. */
export function keptOr<T>(key: string, start: () => Pending<T>): Pending<T> {
  const kept = recall<T>(key);
  if (kept !== undefined) return { result: () => kept };
  const pending = start();
  let value: { v: T } | undefined;
  return { result: () => (value ??= { v: keep(key, pending.result()) }).v };
}

function deepFreeze(value: unknown): void {
  if (value === null || typeof value !== "object" || Object.isFrozen(value)) return;
  if (ArrayBuffer.isView(value)) return; // typed arrays cannot be frozen; none are kept
  Object.freeze(value);
  for (const v of Object.values(value)) deepFreeze(v);
}

function bytes(view: ArrayBufferView): Uint8Array {
  return new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
}

/**
 * Digests of the first k sets of a matrix (rows offsets[k]..offsets[k+1], p values each) with their labels and
 * names, for k = 0..sets: `prefix[k]` covers sets 0..k−1 (chained, so each row is hashed once), `sets[k]` set k alone.
 * Kept per matrix: a stack's or a sample's rows never change after they are built.
 */
export function prefixDigests(
  data: Float64Array,
  labels: Uint8Array,
  offsets: readonly number[],
  p: number,
  names: readonly string[],
): { prefix: string[]; sets: string[] } {
  const named = names.join(",");
  const cached = prefixCache.get(data);
  if (cached && cached.names === named && cached.prefix.length === offsets.length) return cached;
  const prefix = [""];
  const sets: string[] = [];
  for (let k = 0; k < names.length; k++) {
    const from = offsets[k];
    const to = offsets[k + 1];
    const set = createHash("sha256")
      .update(`${names[k]}|${to - from}|${p}|`)
      .update(bytes(data.subarray(from * p, to * p)))
      .update(bytes(labels.subarray(from, to)))
      .digest("base64");
    sets.push(set);
    prefix.push(createHash("sha256").update(`${prefix[k]}|${set}`).digest("base64"));
  }
  const out = { names: named, prefix, sets };
  prefixCache.set(data, out);
  return out;
}
