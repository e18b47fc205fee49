// Runs one import, all or nothing per file: the file is streamed through its parser and every batch
// is written inside one transaction, so a run either lands every good row (bad rows quarantined with
// line and reason) or, when the file turns out broken, empty or not what the importer reads, lands
// nothing and says where and why. A killed run leaves nothing behind; a re-run adds nothing twice.
import "server-only";
import path from "node:path";
import { db } from "@/lib/db/client";
import type { IngestRecord } from "@/lib/ingest/types";
import { newIdentityResolver } from "./resolver";
import type { IdentityResolver } from "@/lib/ingest/persist/identities";
import { prepareRecords, runPrepared, type PreparedRecords } from "@/lib/ingest/persist/records";
import { eventStageOf } from "@/lib/ingest/persist/event-copy";
import { recordAudit } from "@/lib/services/audit";
import { openSource, type SourceAdapter } from "./sources";
import { applyStripeEventRows } from "./stripe-events";
import { billingLinkReport, identityLinkSummary } from "./link-report";
import { analyzeAfterLargeImport } from "./planner-statistics";
import { analyzeTablesPlannedEmpty } from "@/lib/services/planner-statistics";
import { databaseTrouble, failureMessages } from "./import-messages";
import type { FileSetAside, ImportOptions, ImportProgress, ImportSummary } from "./import-run-types";
import { checkInput, fractionFor, refuseNonsense, withImporterHint } from "./input-checks";

const BATCH_RECORDS = 10_000;
/** Records known only at the end go in batches this size: the next is derived while one is written (below). */
const LATE_BATCH_RECORDS = 5_000;
/** A run's transaction may last as long as its file takes; nothing else waits on its rows. */
const RUN_TRANSACTION = { timeout: 24 * 3600_000, maxWait: 60_000 };
/**
 * Parsing a buffered megabyte of rows runs as one chain of microtasks, during which the answers to the
 * batch being written wait unread and PostgreSQL idles between its statements: handing the event loop back
 * every few hundred rows made a JSONL import 25 % faster at the same CPU (docs/benchmarks.md).
 */
const YIELD_EVERY_ROWS = 256;
const yieldToIo = () => new Promise<void>((resolve) => setImmediate(resolve));
/** Waits for a promise without taking on its failure (told where it is awaited for its result). */
const settled = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    () => undefined,
  );

/** Whether preparing these records asks the database nothing that could merge members: every actor is resolved already. */
const resolvesNothing = (resolver: IdentityResolver, records: IngestRecord[]) =>
  records.every((r) => r.kind !== "identity" && resolver.get(r.actor) !== undefined);

export async function runImport(options: ImportOptions): Promise<ImportSummary> {
  const displayName = options.displayName ?? path.basename(options.file);
  const input = await checkInput(options).then(
    (ok) => ({ ok, error: null }),
    (error: unknown) => ({ ok: null, error }),
  );
  const totalBytes = input.ok?.isFile ? input.ok.size : null;
  const run =
    options.importRunId !== undefined
      ? await db.importRun.update({
          where: { id: options.importRunId },
          data: { status: "running", startedAt: new Date() },
        })
      : await db.importRun.create({
          data: {
            source: options.source,
            fileName: displayName,
            status: "running",
            totalBytes: totalBytes === null ? null : BigInt(totalBytes),
            createdById: options.actor?.id ?? null,
          },
        });
  const resolver = newIdentityResolver();
  const progress: ImportProgress = { read: 0, imported: 0, duplicates: 0, quarantined: 0, fraction: 0 };
  const filesSetAside: FileSetAside[] = [];
  let firstBad: { line: number; reason: string } | null = null;
  let membersCreated = 0;
  let identitiesLinked = 0;
  let extra: Record<string, unknown> | undefined;

  // Progress outside the run's transaction (its rows are invisible until it commits): how far the
  // reading got, so the Imports page can show it; the counts land with the rows at the end.
  let lastProgressWrite = 0;
  const reportProgress = async (line: number) => {
    progress.fraction = fractionFor(line, totalBytes);
    options.onProgress?.({ ...progress });
    if (Date.now() - lastProgressWrite < 1000) return;
    lastProgressWrite = Date.now();
    const processed = BigInt(Math.round((progress.fraction ?? 0) * (totalBytes ?? 0)));
    await db.importRun.update({
      where: { id: run.id },
      data: { read: progress.read, processedBytes: processed },
    });
  };

  const importRows = ({ rows, finish, firstBatchRecords }: SourceAdapter) =>
    db.$transaction(async (tx) => {
      // The events go by COPY through a staging table of this transaction (event-copy.ts): less work for PostgreSQL.
      const stage = await eventStageOf(tx);
      let pending: IngestRecord[] = [];
      let bad: { file: string; line: number; reason: string; raw: string }[] = [];
      let lastLine = 0;
      // Batch N+1 is parsed, resolved and built while PostgreSQL inserts batch N (prepareRecords), so Node and
      // the database each keep a core busy. Batches are resolved one after another and written one after another;
      // queries of one transaction run in order, so whatever batch N+1 asks the database (new actors) waits behind
      // N's insert while the reader goes on, and identities are never created twice.
      let written: Promise<void> = Promise.resolve();
      let resolved: Promise<PreparedRecords | null> = Promise.resolve(null);
      // Resolves once a batch's statements are handed to the transaction's connection, true when they are inserts that
      // read nothing earlier batches wrote (events, payments). The next such batch is handed over right after it, not after it is written: Prisma's
      // work on a multi-megabyte statement (tens of ms) then runs while PostgreSQL still inserts the batch before, and
      // the statement waits in the connection's queue instead of PostgreSQL waiting for Node (docs/benchmarks.md).
      let issued: Promise<boolean> = Promise.resolve(true);
      const writeBatch = async (
        prepared: Promise<PreparedRecords>,
        before: Promise<void>,
        issuedBefore: Promise<boolean>,
        markIssued: (alone: boolean) => void,
        quarantine: typeof bad,
        line: number,
      ) => {
        let ran: Promise<{ counts: Awaited<ReturnType<typeof runPrepared>> } | { error: unknown }>;
        try {
          const batch = await prepared;
          // Subscription changes are classified against what the batches before them wrote: they wait for those to land.
          const alone = !batch.changes;
          const previousAlone = await issuedBefore;
          if (!alone || !previousAlone) await settled(before);
          ran = runPrepared(tx, resolver, batch).then(
            (counts) => ({ counts }),
            (error: unknown) => ({ error }),
          );
          markIssued(alone);
        } catch (error) {
          markIssued(false);
          throw error;
        }
        const outcome = await ran;
        // A failed statement aborts the transaction and with it the later batches' statements: the first error is the one told.
        await before;
        if ("error" in outcome) throw outcome.error;
        if (quarantine.length)
          await tx.quarantinedRow.createMany({
            data: quarantine.map((q) => ({ ...q, importRunId: run.id, raw: q.raw.slice(0, 10_000) })),
          });
        progress.imported += outcome.counts.imported;
        progress.duplicates += outcome.counts.duplicates;
        progress.quarantined += quarantine.length;
        await reportProgress(line);
      };
      const flush = async () => {
        if (!pending.length && !bad.length) return;
        const records = pending;
        const quarantine = bad;
        const line = lastLine;
        pending = [];
        bad = [];
        const before = written;
        const issuedBefore = issued;
        const prepared = resolved.then(async (previous) => {
          // Subscription changes read the resolver as they are written: this batch may not merge members under them.
          // A batch that can merge nobody (no identity records, every actor resolved: a file's late changes) is
          // prepared meanwhile, so Node derives and sorts the next changes while PostgreSQL writes these.
          if (previous?.changes && !resolvesNothing(resolver, records)) await before;
          // A merge that new evidence calls for moves events by id: those of the batch before must be in first.
          resolver.beforeMerge = () => before;
          return prepareRecords(tx, resolver, records, { stage });
        });
        let markIssued: (alone: boolean) => void = () => {};
        issued = new Promise((resolve) => (markIssued = resolve));
        written = writeBatch(prepared, before, issuedBefore, markIssued, quarantine, line);
        resolved = prepared;
        // Both are awaited at the next flush or the end; only silence the early warning.
        prepared.catch(() => {});
        written.catch(() => {});
        // Back-pressure: the reader goes on while this batch is resolved and written, once the one before is written.
        await before;
      };
      let batchRecords = firstBatchRecords ?? BATCH_RECORDS;
      try {
        for await (const row of rows) {
          progress.read += 1;
          lastLine = row.line;
          if (row.ok) pending.push(...row.records);
          else {
            const file = row.file ?? displayName;
            firstBad ??= { line: row.line, reason: row.reason };
            bad.push({ file, line: row.line, reason: row.reason, raw: row.raw });
            if (row.wholeFile) filesSetAside.push({ file, line: row.line, reason: row.reason });
          }
          if (pending.length >= batchRecords || bad.length >= 1000) {
            batchRecords = BATCH_RECORDS;
            await flush();
          } else if (progress.read % YIELD_EVERY_ROWS === 0) await yieldToIo();
        }
        // Records known only at the end (Open Collective's subscription changes) can be hundreds of thousands
        // (spreading them into one push overflows the stack). The file's last rows go first, on their own, so they are
        // written while these are derived and prepared; then these in batches of LATE_BATCH_RECORDS, taken as the source
        // derives them: PostgreSQL writes one batch (plans, subscriptions, histories, changes, the sync of subscriptions
        // and members) while Node derives and prepares the next. One batch per file (round 9) left one side idle
        // through the whole end phase (docs/benchmarks.md, Import, round 10, oc11).
        const flushed = flush();
        const late = finish?.() ?? [];
        await flushed;
        for (const record of late) {
          pending.push(record);
          if (pending.length >= LATE_BATCH_RECORDS) await flush();
          // Deriving is Node's work: the batch before waits for its turn between statements.
          else if (pending.length % YIELD_EVERY_ROWS === 0) await yieldToIo();
        }
        await flush();
        await written;
      } catch (error) {
        await Promise.allSettled([resolved, written]);
        throw error;
      }
      await refuseNonsense(options, progress, firstBad);
    }, RUN_TRANSACTION);

  try {
    if (input.error) throw input.error;
    if (options.source === "stripe-events") {
      const result = await applyStripeEventRows(options.file, run.id, (p) => {
        Object.assign(progress, p, { fraction: null });
        options.onProgress?.({ ...progress });
        // Outside the file's transaction, as for the other importers: how far the reading got.
        if (Date.now() - lastProgressWrite < 1000) return;
        lastProgressWrite = Date.now();
        void db.importRun.update({ where: { id: run.id }, data: { read: progress.read } }).catch(() => {});
      });
      Object.assign(progress, result.progress);
      extra = result.extra;
      membersCreated = (extra?.membersCreated as number) ?? 0;
      identitiesLinked = (extra?.identitiesLinked as number) ?? 0;
    } else {
      const adapter = openSource(options.source, options.file, {
        kind: options.kind,
        repository: options.repository,
        encoding: options.encoding,
        strict: options.strict,
      });
      await importRows(adapter);
      extra = adapter.stats?.();
      membersCreated = resolver.counts.membersCreated;
      identitiesLinked = resolver.counts.identitiesLinked;
    }
    progress.fraction = 1;
    options.onProgress?.({ ...progress });
    await analyzeAfterLargeImport(membersCreated);
    await analyzeTablesPlannedEmpty();
    const billing = ["stripe-events", "opencollective"].includes(options.source)
      ? await billingLinkReport(options.source === "stripe-events" ? "stripe" : "opencollective")
      : null;
    const summary: ImportSummary = {
      importRunId: run.id,
      status: "succeeded",
      error: null,
      ...progress,
      membersCreated,
      identitiesLinked,
      billing,
      identities: await identityLinkSummary(),
      filesSetAside,
      extra,
    };
    await db.importRun.update({
      where: { id: run.id },
      data: {
        status: "succeeded",
        finishedAt: new Date(),
        read: progress.read,
        imported: progress.imported,
        duplicates: progress.duplicates,
        quarantined: progress.quarantined,
        membersCreated,
        identitiesLinked,
        processedBytes: totalBytes ? BigInt(totalBytes) : 0n,
        summary: JSON.parse(
          JSON.stringify({ billing, identities: summary.identities, filesSetAside, extra: extra ?? null }),
        ),
      },
    });
    await recordAudit(options.actor ?? null, "import.run", "import_run", run.id, {
      source: options.source,
      file: run.fileName,
      imported: summary.imported,
      quarantined: summary.quarantined,
    });
    return summary;
  } catch (caught) {
    const error = await withImporterHint(caught, options);
    const messages = failureMessages(error, options.file, displayName);
    // Nothing of the run landed (its transaction rolled back): the stored run and the summary both say so.
    // (Stripe events are applied in their own batches, owned by the billing code: their counts stand.)
    const allOrNothing = options.source !== "stripe-events";
    const failed = allOrNothing
      ? {
          read: progress.read,
          imported: 0,
          duplicates: 0,
          quarantined: 0,
          membersCreated: 0,
          identitiesLinked: 0,
        }
      : {
          read: progress.read,
          imported: progress.imported,
          duplicates: progress.duplicates,
          quarantined: progress.quarantined,
          membersCreated,
          identitiesLinked,
        };
    const stored =
      messages?.web ??
      `The import stopped on ${databaseTrouble(error) ?? "an unexpected error"}; nothing from this file was saved.`;
    await db.importRun
      .update({
        where: { id: run.id },
        data: { status: "failed", finishedAt: new Date(), error: stored, ...failed },
      })
      .catch(() => {});
    if (!messages) throw error;
    return {
      importRunId: run.id,
      status: "failed",
      error: messages.cli,
      ...failed,
      fraction: progress.fraction,
      billing: null,
      filesSetAside: [],
    };
  }
}
