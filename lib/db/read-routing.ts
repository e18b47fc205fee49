// Chooses where a page read goes when DATABASE_READ_URL names a streaming replica: the replica while
// it is fresh enough, else the primary. "Fresh enough" means two things, both from WAL positions:
//  - read-your-writes: this process wrote at time W; the replica serves reads only once it has
//    replayed everything the primary had at some moment after W;
//  - bounded lag: the replica has replayed everything the primary had at most `maxLagMs` ago.
// The primary's position is sampled with the replica's (at most every `sampleEveryMs`, never on the
// read's path: a read uses the last verdict and triggers the next sample), so a stale verdict can
// only send reads to the primary, except for the sample interval itself.
import "server-only";

export interface WalPositions {
  /** pg_current_wal_lsn() on the primary, as a number of bytes. */
  primary: bigint;
  /** pg_last_wal_replay_lsn() on the replica (null when it is not a standby). */
  replayed: bigint | null;
}

export type ReadTarget =
  | { target: "replica" }
  | {
      target: "primary";
      reason: "no replica" | "pinned" | "own write not replayed" | "replica lagging" | "replica unreachable";
    };

/** `0/16B3748` → bytes. */
export function lsnToBytes(lsn: string): bigint {
  const [high, low] = lsn.split("/");
  return (BigInt(`0x${high}`) << 32n) + BigInt(`0x${low}`);
}

export interface ReadRouterOptions {
  maxLagMs: number;
  sampleEveryMs: number;
  now?: () => number;
}

/** Pure bookkeeping of samples and writes; the caller supplies positions and the clock. */
export class ReadRouter {
  private lastWriteAt = -Infinity;
  /** (time, primary position) samples, oldest first, trimmed to what `maxLagMs` can still use. */
  private primarySamples: { at: number; position: bigint }[] = [];
  /** The latest moment whose primary state the replica is known to hold in full. */
  private coveredUntil = -Infinity;
  private unreachable = false;
  private lastSampleAt = -Infinity;
  private readonly now: () => number;

  constructor(private readonly options: ReadRouterOptions) {
    this.now = options.now ?? Date.now;
  }

  noteWrite(): void {
    this.lastWriteAt = this.now();
  }

  /** True when a new sample is due (the caller then measures and calls `record`). */
  sampleDue(): boolean {
    return this.now() - this.lastSampleAt >= this.options.sampleEveryMs;
  }

  markSampling(): void {
    this.lastSampleAt = this.now();
  }

  /** Records positions read at `at` (the primary's read first, then the replica's, both after `at`). */
  record(at: number, positions: WalPositions | null): void {
    if (!positions || positions.replayed === null) {
      this.unreachable = true;
      return;
    }
    this.unreachable = false;
    this.primarySamples.push({ at, position: positions.primary });
    // The replica holds the primary's state of every sample at or below its replayed position.
    for (const sample of this.primarySamples)
      if (sample.position <= positions.replayed) this.coveredUntil = Math.max(this.coveredUntil, sample.at);
    const keepFrom = this.now() - this.options.maxLagMs * 2;
    this.primarySamples = this.primarySamples.filter(
      (s, i) => s.at >= keepFrom || i === this.primarySamples.length - 1,
    );
  }

  choose(): ReadTarget {
    if (this.unreachable) return { target: "primary", reason: "replica unreachable" };
    if (this.coveredUntil < this.lastWriteAt) return { target: "primary", reason: "own write not replayed" };
    if (this.now() - this.coveredUntil > this.options.maxLagMs)
      return { target: "primary", reason: "replica lagging" };
    return { target: "replica" };
  }
}
