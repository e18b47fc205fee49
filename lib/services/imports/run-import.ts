// Runs one import: streams a file through its parser, writes batches in transactions (so a crash
// loses at most the batch in flight, and a re-run adds nothing twice), quarantines bad rows with
// their reason and original line, and keeps the import run's counts and progress up to date.
import "server-only";
import { stat } from "node:fs/promises";
import path from "node:path";
import { db } from "@/lib/db/client";
import { MalformedFileError, type IngestRecord, type ParsedRow } from "@/lib/ingest/types";
import { newIdentityResolver } from "./resolver";
import { resolveIdentities, writeRecords } from "@/lib/ingest/persist/records";
import { recordAudit } from "@/lib/services/audit";
import { openSource, type ImportSource } from "./sources";
import { applyStripeEventRows } from "./stripe-events";
import { billingLinkReport, identityLinkSummary, type BillingLinkReport, type IdentityLinkSummary } from "./link-report";

const BATCH_RECORDS = 10_000;
/** Batches whose events are written at once (PostgreSQL uses one core per connection). */
const WRITERS = 2;

export interface ImportOptions {
  source: ImportSource;
  file: string;
  /** Name shown in the history (the uploaded file's name); defaults to the path's base name. */
  displayName?: string;
  kind?: string;
  repository?: string;
  actor?: { id: number; email: string } | null;
  importRunId?: number;
  onProgress?: (progress: ImportProgress) => void;
}

export interface ImportProgress {
  read: number;
  imported: number;
  duplicates: number;
  quarantined: number;
  fraction: number | null;
}

export interface ImportSummary extends ImportProgress {
  importRunId: number;
  status: "succeeded" | "failed";
  error: string | null;
  membersCreated: number;
  identitiesLinked: number;
  billing: BillingLinkReport | null;
  /** How well the sources are joined after this import (members across sources, unlinked customers, suggestions). */
  identities?: IdentityLinkSummary;
  extra?: Record<string, unknown>;
}

/** Rough progress from the line number: the file's size over the mean bytes per line seen so far is not known, so use size/120. */
function fractionFor(line: number, totalBytes: number | null, isDirectory: boolean): number | null {
  if (!totalBytes || isDirectory) return null;
  return Math.min(0.99, (line * 120) / totalBytes);
}

export async function runImport(options: ImportOptions): Promise<ImportSummary> {
  const info = await stat(options.file).catch(() => null);
  if (!info) throw new MalformedFileError(options.file, 0, "no such file or folder");
  const run =
    options.importRunId !== undefined
      ? await db.importRun.update({ where: { id: options.importRunId }, data: { status: "running", startedAt: new Date() } })
      : await db.importRun.create({
          data: {
            source: options.source,
            fileName: options.displayName ?? path.basename(options.file),
            status: "running",
            totalBytes: info.isFile() ? BigInt(info.size) : null,
            createdById: options.actor?.id ?? null,
          },
        });
  const resolver = newIdentityResolver();
  const progress: ImportProgress = { read: 0, imported: 0, duplicates: 0, quarantined: 0, fraction: 0 };
  const totalBytes = info.isFile() ? info.size : null;
  let pending: IngestRecord[] = [];
  let bad: { file: string; line: number; reason: string; raw: string }[] = [];
  let lastLine = 0;

  // Identities are resolved batch by batch, in order (so two batches never create one person
  // twice); the events of up to WRITERS batches are then written concurrently, each batch in one
  // transaction with its quarantined rows and the run's counters, so a crash loses whole batches only.
  const inFlight = new Set<Promise<void>>();
  let writeFailure: unknown = null;
  const rethrow = () => {
    if (writeFailure) throw writeFailure;
  };
  const drain = async () => {
    await Promise.allSettled([...inFlight]);
    rethrow();
  };
  // A batch whose evidence merges members waits for the earlier batches' event writes first.
  resolver.beforeMerge = async () => {
    await Promise.allSettled([...inFlight]);
  };

  const writeBatch = async (records: IngestRecord[], quarantine: typeof bad, identitiesResolved: boolean, read: number, line: number) => {
    const processed = Math.round((fractionFor(line, totalBytes, !info.isFile()) ?? 0) * (totalBytes ?? 0));
    const counts = await db.$transaction(
      async (tx) => {
        // Bulk batches need not wait for their WAL flush: a database crash can only lose whole recent
        // batches (with their counters), which a re-run then imports again.
        await tx.$executeRawUnsafe("set local synchronous_commit = off");
        const c = await writeRecords(tx, resolver, records, { identitiesResolved });
        if (quarantine.length) {
          await tx.quarantinedRow.createMany({ data: quarantine.map((q) => ({ ...q, importRunId: run.id, raw: q.raw.slice(0, 10_000) })) });
        }
        await tx.$executeRaw`
          update import_runs set read = greatest(read, ${read}::int), imported = imported + ${c.imported}::int, duplicates = duplicates + ${c.duplicates}::int,
                 quarantined = quarantined + ${quarantine.length}::int, members_created = ${resolver.counts.membersCreated}::int,
                 identities_linked = ${resolver.counts.identitiesLinked}::int, processed_bytes = greatest(processed_bytes, ${processed}::bigint)
           where id = ${run.id}::int`;
        return c;
      },
      { timeout: 300_000 },
    );
    progress.imported += counts.imported;
    progress.duplicates += counts.duplicates;
    progress.quarantined += quarantine.length;
    progress.fraction = fractionFor(lastLine, totalBytes, !info.isFile());
    options.onProgress?.({ ...progress });
  };

  const flush = async () => {
    if (!pending.length && !bad.length) return;
    const records = pending;
    const quarantine = bad;
    pending = [];
    bad = [];
    rethrow();
    const concurrentSafe = records.every((r) => r.kind === "event" || r.kind === "identity");
    if (!concurrentSafe) {
      // Subscription changes are classified against earlier ones: keep those batches strictly in order.
      await drain();
      await writeBatch(records, quarantine, false, progress.read, lastLine);
      return;
    }
    await db.$transaction((tx) => resolveIdentities(tx, resolver, records), { timeout: 300_000 });
    const write: Promise<void> = writeBatch(records, quarantine, true, progress.read, lastLine)
      .catch((error: unknown) => {
        writeFailure ??= error;
      })
      .finally(() => inFlight.delete(write));
    inFlight.add(write);
    while (inFlight.size >= WRITERS) await Promise.race(inFlight);
    rethrow();
  };

  const consume = async (rows: AsyncIterable<ParsedRow>) => {
    for await (const row of rows) {
      progress.read += 1;
      lastLine = row.line;
      if (row.ok) pending.push(...row.records);
      else bad.push({ file: row.file ?? path.basename(options.file), line: row.line, reason: row.reason, raw: row.raw });
      if (pending.length >= BATCH_RECORDS || bad.length >= 1000) await flush();
    }
  };

  try {
    let extra: Record<string, unknown> | undefined;
    if (options.source === "stripe-events") {
      const result = await applyStripeEventRows(options.file, run.id, (p) => {
        Object.assign(progress, p, { fraction: null });
        options.onProgress?.({ ...progress });
      });
      Object.assign(progress, result.progress);
      extra = result.extra;
      await db.importRun.update({ where: { id: run.id }, data: { read: progress.read, imported: progress.imported, duplicates: progress.duplicates, quarantined: progress.quarantined, membersCreated: result.membersCreated, identitiesLinked: result.identitiesLinked } });
    } else {
      const adapter = openSource(options.source, options.file, { kind: options.kind, repository: options.repository });
      await consume(adapter.rows);
      if (adapter.finish) pending.push(...adapter.finish());
      await flush();
      await drain();
      extra = adapter.stats?.();
    }
    const billing = ["stripe-events", "opencollective"].includes(options.source) ? await billingLinkReport(options.source === "stripe-events" ? "stripe" : "opencollective") : null;
    const summary: ImportSummary = {
      importRunId: run.id,
      status: "succeeded",
      error: null,
      ...progress,
      fraction: 1,
      membersCreated: options.source === "stripe-events" ? (extra?.membersCreated as number) ?? 0 : resolver.counts.membersCreated,
      identitiesLinked: options.source === "stripe-events" ? (extra?.identitiesLinked as number) ?? 0 : resolver.counts.identitiesLinked,
      billing,
      identities: await identityLinkSummary(),
      extra,
    };
    await db.importRun.update({
      where: { id: run.id },
      data: { status: "succeeded", finishedAt: new Date(), processedBytes: totalBytes ? BigInt(totalBytes) : 0n, summary: JSON.parse(JSON.stringify({ billing, identities: summary.identities, extra: extra ?? null })) },
    });
    await recordAudit(options.actor ?? null, "import.run", "import_run", run.id, { source: options.source, file: run.fileName, imported: summary.imported, quarantined: summary.quarantined });
    return summary;
  } catch (error) {
    await Promise.allSettled([...inFlight]);
    const message = error instanceof Error ? error.message : String(error);
    await db.importRun.update({ where: { id: run.id }, data: { status: "failed", finishedAt: new Date(), error: message } }).catch(() => {});
    if (error instanceof MalformedFileError) {
      return { importRunId: run.id, status: "failed", error: message, ...progress, membersCreated: resolver.counts.membersCreated, identitiesLinked: resolver.counts.identitiesLinked, billing: null };
    }
    throw error;
  }
}
