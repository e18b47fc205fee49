// Imports a file of Stripe Event objects: each event applied once, in file order, a few thousand at a
// time with a fixed number of statements each (applyStripeEvents), all in one transaction per file as
// every other importer does: a file that breaks half-way (or a killed run) leaves nothing behind.
// Unreadable lines and events that cannot be completed are quarantined with their reason.
import "server-only";
import { createReadStream } from "node:fs";
import path from "node:path";
import type Stripe from "stripe";
import { db } from "@/lib/db/client";
import { parseStripeEventsFile, type StripeEventRow } from "@/lib/billing/stripe/events";
import { newIdentityResolver } from "./resolver";
import { applyStripeEvents, ConcurrentDeliveryError } from "@/lib/services/billing/stripe-apply";
import type { ImportProgress } from "./import-run-types";

/** Events per applied batch: large enough that per-statement overhead vanishes, small enough to hold parsed in memory. */
const BATCH = 5_000;
/** The file's transaction may last as long as the file takes (as in run-import.ts). */
const FILE_TRANSACTION = { timeout: 24 * 3600_000, maxWait: 60_000 };

type Tx = Parameters<Parameters<typeof db.$transaction>[0]>[0];

export async function applyStripeEventRows(
  file: string,
  importRunId: number,
  onProgress: (p: Omit<ImportProgress, "fraction">) => void,
) {
  try {
    return await db.$transaction((tx) => applyFile(tx, file, importRunId, onProgress), FILE_TRANSACTION);
  } catch (error) {
    // A webhook delivered one of these events meanwhile: the file rolled back whole; once more, it is a duplicate here.
    if (!(error instanceof ConcurrentDeliveryError)) throw error;
    return db.$transaction((tx) => applyFile(tx, file, importRunId, onProgress), FILE_TRANSACTION);
  }
}

async function applyFile(
  tx: Tx,
  file: string,
  importRunId: number,
  onProgress: (p: Omit<ImportProgress, "fraction">) => void,
) {
  const resolver = newIdentityResolver();
  const progress = { read: 0, imported: 0, duplicates: 0, quarantined: 0 };
  const outcomes: Record<string, number> = {};
  const fileName = path.basename(file);
  // The parser takes text or a stream: a path string would be read as the events themselves.
  const rows = parseStripeEventsFile(createReadStream(file, { highWaterMark: 1 << 20 }), fileName);

  async function applyBatch(batch: StripeEventRow[]): Promise<void> {
    const good = batch.filter((r): r is StripeEventRow & { ok: true } => r.ok);
    const quarantine = batch
      .filter((r): r is StripeEventRow & { ok: false } => !r.ok)
      .map((r) => ({ line: r.line, reason: r.reason, raw: r.raw }));
    const counts = { imported: 0, duplicates: 0 };
    const batchOutcomes: Record<string, number> = {};
    const decisions = await applyStripeEvents(
      tx,
      good.map((r) => r.event as Stripe.Event),
      resolver,
    );
    decisions.forEach((d, i) => {
      batchOutcomes[d.outcome] = (batchOutcomes[d.outcome] ?? 0) + 1;
      if (d.outcome === "quarantined")
        quarantine.push({
          line: good[i].line,
          reason: d.detail ?? "incomplete event",
          raw: JSON.stringify(good[i].event).slice(0, 10_000),
        });
      else if (d.outcome === "duplicate") counts.duplicates += 1;
      else counts.imported += 1;
    });
    if (quarantine.length)
      await tx.quarantinedRow.createMany({
        data: quarantine.map((q) => ({
          importRunId,
          file: fileName,
          line: q.line,
          reason: q.reason,
          raw: q.raw.slice(0, 10_000),
        })),
      });
    for (const [outcome, n] of Object.entries(batchOutcomes))
      outcomes[outcome] = (outcomes[outcome] ?? 0) + n;
    progress.read += batch.length;
    progress.imported += counts.imported;
    progress.duplicates += counts.duplicates;
    progress.quarantined += quarantine.length;
    onProgress({ ...progress });
  }

  // Reads (parses) the next batch while the current one is written: JSON.parse of large objects costs as much CPU as
  // PostgreSQL spends writing them, and the two overlap on two cores.
  const iterator = rows[Symbol.asyncIterator]();
  async function nextBatch(): Promise<StripeEventRow[]> {
    const batch: StripeEventRow[] = [];
    while (batch.length < BATCH) {
      const next = await iterator.next();
      if (next.done) break;
      batch.push(next.value);
      // Parsing a buffered chunk is one chain of microtasks: let the written batch's answers in meanwhile.
      if (batch.length % 256 === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    }
    return batch;
  }
  let pending = nextBatch();
  for (let batch = await pending; batch.length; batch = await pending) {
    pending = nextBatch();
    // A parse failure of the next batch must not go unhandled while this one is written; it is rethrown when awaited.
    pending.catch(() => {});
    await applyBatch(batch);
  }
  return {
    progress,
    membersCreated: resolver.counts.membersCreated,
    identitiesLinked: resolver.counts.identitiesLinked,
    extra: {
      outcomes,
      membersCreated: resolver.counts.membersCreated,
      identitiesLinked: resolver.counts.identitiesLinked,
    },
  };
}
