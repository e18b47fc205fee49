// Fits kept across restarts: the fits a recompute made or reused (lib/scoring/fit-memo.ts) are written to
// ranking_fits under their memo key, and a process whose memo has room reads the most recently used back before it
// fits. Why: the memo alone lived in the process, so the first recompute after a restart (the CLI, a deploy, the
// nightly job in a new worker) made every fit again: 7.2 s against 2.4 s on the 6,000-member demo (docs/benchmarks.md).
//
// A fit is deterministic and its key digests every row, label, weight and option it read, so a stored fit is the
// fit. What the key does not hold is the fitting code itself: the rows are read back only under the same
// STORE_REVISION, which holds the model version; a change to how a fit is made that keeps MODEL_VERSION must bump
// FIT_CODE_REVISION below (or empty the table), or a restart would reuse fits the old code made.
import "server-only";
import { deserialize, serialize } from "node:v8";
import { db } from "@/lib/db/client";
import { MODEL_VERSION } from "@/lib/scoring/model";
import {
  adoptStoredFits,
  fitMemoEnabled,
  freeFitSlots,
  keptFitKeys,
  takeFitsToStore,
} from "@/lib/scoring/fit-memo";

/** Bump when fitting code changes what it returns without a new MODEL_VERSION. */
// 2: case-control rates in powers of 2, backtest cut-offs on the calendar (a kept ranking of 1 evaluated others).
// 3: a final model's importance on its training rows (a case-control sample's, weighted), not every stacked row.
// 4: the blend's trees 100 rounds at learning rate 0.1 (were 200 at 0.05); Newton stops at steps below 1e-4 (1e-7).
// 5: logistic fits by chord steps (a Cholesky factor reused, the first on every 4th row): the optimum within ~3e-7.
const FIT_CODE_REVISION = 5;
export const STORE_REVISION = `${MODEL_VERSION}|fits-${FIT_CODE_REVISION}`;
/** Rows kept: a few recomputes of both rankings (a process keeps at most 320 fits; see freeFitSlots). */
export const MAX_STORED_FITS = 960;
/** And bytes kept, newest first (the demo's days hold ~5 MB; a read-back must stay small beside a 100k recompute). */
export const MAX_STORED_BYTES = 64 * 1_048_576;

/**
 * Reads back the most recently used stored fits this process does not hold, as many as its memo has room for.
 * Returns how many it adopted.
 */
export async function restoreFits(): Promise<number> {
  const room = freeFitSlots();
  if (room === 0) return 0;
  const held = new Set(keptFitKeys());
  const recent = await db.$queryRaw<{ key: string }[]>`
    select key from ranking_fits where revision = ${STORE_REVISION} order by used_at desc, key limit ${room + held.size}`;
  const wanted = recent
    .map((r) => r.key)
    .filter((k) => !held.has(k))
    .slice(0, room);
  if (wanted.length === 0) return 0;
  const rows = await db.$queryRaw<{ key: string; fit: Uint8Array }[]>`
    select key, fit from ranking_fits where key = any(${wanted}::text[]) and revision = ${STORE_REVISION}`;
  const byKey = new Map(rows.map((r) => [r.key, r.fit]));
  // Oldest use first, so that the memo's own least-recently-used order holds for them too.
  return adoptStoredFits(
    [...wanted].reverse().flatMap((key) => {
      const fit = byKey.get(key);
      const value = fit && readFit(fit);
      return value === undefined ? [] : [[key, value] as const];
    }),
  );
}

/**
 * Whether this process holds fits or any are stored for this revision: when neither, every fit of the recompute is
 * made (a first run, or after an upgrade), so the fit worker is worth starting before the extraction (snapshot.ts).
 */
export async function fitsKept(): Promise<boolean> {
  if (fitMemoEnabled() && keptFitKeys().length > 0) return true;
  const [row] = await db.$queryRaw<{ kept: boolean }[]>`
    select exists (select 1 from ranking_fits where revision = ${STORE_REVISION}) as kept`;
  return row?.kept ?? false;
}

/** A stored fit, or undefined when its bytes cannot be read: a kept fit only saves time, so that fit is made again. */
function readFit(bytes: Uint8Array): unknown {
  try {
    return deserialize(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch {
    return undefined;
  }
}

/**
 * Writes the fits made since the last call, notes the use of those reused, and drops the least recently used rows
 * beyond MAX_STORED_FITS or MAX_STORED_BYTES (and every row of another revision). Returns the rows written and their bytes.
 */
export async function storeFits(): Promise<{ written: number; bytes: number }> {
  if (!fitMemoEnabled()) return { written: 0, bytes: 0 };
  const { made, used } = takeFitsToStore();
  const keys = made.map(([key]) => key);
  const fits = made.map(([, value]) => serialize(value).toString("base64"));
  const bytes = fits.reduce((sum, f) => sum + Math.floor((f.length * 3) / 4), 0);
  if (keys.length > 0)
    await db.$executeRaw`
      insert into ranking_fits (key, revision, fit, bytes, used_at)
      select k, ${STORE_REVISION}, decode(f, 'base64'), length(decode(f, 'base64')), now()
        from unnest(${keys}::text[], ${fits}::text[]) as u(k, f)
      on conflict (key) do update
        set revision = excluded.revision, fit = excluded.fit, bytes = excluded.bytes, used_at = excluded.used_at`;
  if (used.length > 0)
    await db.$executeRaw`update ranking_fits set used_at = now() where key = any(${used}::text[])`;
  await db.$executeRaw`
    delete from ranking_fits
     where revision <> ${STORE_REVISION}
        or key in (select key from (
             select key, row_number() over newest as n, sum(bytes) over newest as upto from ranking_fits
             window newest as (order by used_at desc, key)) r
           where n > ${MAX_STORED_FITS} or upto > ${MAX_STORED_BYTES})`;
  return { written: keys.length, bytes };
}
