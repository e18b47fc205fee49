// Fits already made in this process, keyed by a digest of everything they read (training rows and labels, cut-offs,
// settings), so a recompute reuses every fit whose training rows did not change. Fitting is deterministic, so a reused
// fit is the fit: the same models, backtests and snapshots. A changed row, label, weight or setting is a new key.
// The fits made or used since the last takeFitsToStore() are handed to a store outside the process
// (lib/services/rankings/recompute-fits.ts), and adoptStoredFits() takes them back in a fresh process.
import { createHash } from "node:crypto";
import type { Pending } from "./fit-pool";

/** Fits kept (folds, trees, models): a few recomputes of both rankings, a few MB. Oldest use goes first. */
const MAX_ENTRIES = 320;

let enabled = true;
const entries = new Map<string, unknown>();
const stats = { hits: 0, misses: 0 };
/** Keys kept (made here) and keys reused since the last takeFitsToStore(). */
const madeSince = new Set<string>();
const usedSince = new Set<string>();
/** Per matrix, the digest of its first k sets for every k (see prefixDigests). */
const prefixCache = new WeakMap<Float64Array, { names: string; prefix: string[]; sets: string[] }>();

/** Off: every fit is made afresh (for comparisons in scripts/bench-fit.ts and the memo's own test). */
export function setFitMemo(on: boolean): void {
  enabled = on;
  if (!on) forgetFits();
}

export function fitMemoEnabled(): boolean {
  return enabled;
}

function forgetFits(): void {
  entries.clear();
  madeSince.clear();
  usedSince.clear();
}

export function clearFitMemo(): void {
  forgetFits();
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
  usedSince.add(key);
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
  madeSince.add(key);
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

/** The keys kept now, most recently used last. */
export function keptFitKeys(): string[] {
  return [...entries.keys()];
}

/**
 * The fits made here since the last call (still kept) and the keys of those reused, then forgets both: what a store
 * outside the process must add, and whose use it must note, after a recompute.
 */
export function takeFitsToStore(): { made: [string, unknown][]; used: string[] } {
  const made = [...madeSince]
    .filter((k) => entries.has(k))
    .map((k): [string, unknown] => [k, entries.get(k)]);
  const used = [...usedSince].filter((k) => !madeSince.has(k));
  madeSince.clear();
  usedSince.clear();
  return { made, used };
}

/** Room for fits read back from a store: a long-lived process's own recent fits are not pushed out for them. */
export function freeFitSlots(): number {
  return enabled ? Math.max(0, MAX_ENTRIES - entries.size) : 0;
}

/**
 * Fits read back from a store, kept as if made here (but not handed back as made) while there is room: ones already
 * kept stay as they are. Returns how many were added.
 */
export function adoptStoredFits(found: Iterable<readonly [string, unknown]>): number {
  let added = 0;
  for (const [key, value] of found) {
    if (freeFitSlots() === 0) break;
    if (entries.has(key) || value === undefined) continue;
    deepFreeze(value);
    entries.set(key, value);
    added++;
  }
  return added;
}

function deepFreeze(value: unknown): void {
  if (value === null || typeof value !== "object" || Object.isFrozen(value)) return;
  if (ArrayBuffer.isView(value)) return; // typed arrays cannot be frozen (a kept backtest's scores): only read
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
