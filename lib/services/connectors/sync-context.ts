// The database half of a sync: each page's records and its stream's next cursor commit in one
// transaction (through the same persist entry points as the file importers), with the run's counters.
import "server-only";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { recordKey, writeRecords } from "@/lib/ingest/persist/records";
import { newIdentityResolver } from "@/lib/services/imports/resolver";
import type { StreamState, SyncContext } from "@/lib/connectors/types";

export function dbSyncContext(
  connectorId: number,
  runId: number,
  horizon: Date,
): SyncContext & { totals: { imported: number; duplicates: number; fetched: number } } {
  const resolver = newIdentityResolver();
  const totals = { imported: 0, duplicates: 0, fetched: 0 };
  // An account named on every page (a GitHub author, say) is written once per run, not once per page.
  const writtenIdentities = new Set<string>();
  return {
    horizon,
    totals,
    async state(streamKey) {
      const row = await db.connectorStream.findUnique({
        where: { connectorId_key: { connectorId, key: streamKey } },
      });
      return (row?.state as StreamState | undefined) ?? null;
    },
    async commit(streamKey, records, next, fetched) {
      const state = next as Prisma.InputJsonValue;
      records = records.filter(
        (r) => r.kind !== "identity" || !writtenIdentities.has(recordKey(r.source, r.externalId)),
      );
      const counts = await db.$transaction(
        async (tx) => {
          // As for bulk imports: a database crash can only lose whole recent pages, with their cursors.
          await tx.$executeRaw`set local synchronous_commit = off`;
          const written = records.length ? await writeRecords(tx, resolver, records) : null;
          // Counters are events: a page of profiles only (users.list) adds people, not activity.
          const c =
            written && records.some((r) => r.kind !== "identity") ? written : { imported: 0, duplicates: 0 };
          await tx.connectorStream.upsert({
            where: { connectorId_key: { connectorId, key: streamKey } },
            create: { connectorId, key: streamKey, state },
            update: { state },
          });
          await tx.$executeRaw`update connector_runs set fetched = fetched + ${fetched}::int, imported = imported + ${c.imported}::int,
            duplicates = duplicates + ${c.duplicates}::int where id = ${runId}::int`;
          return c;
        },
        { timeout: 120_000 },
      );
      for (const r of records)
        if (r.kind === "identity") writtenIdentities.add(recordKey(r.source, r.externalId));
      totals.imported += counts.imported;
      totals.duplicates += counts.duplicates;
      totals.fetched += fetched;
    },
    async planStreams(count) {
      await db.connectorRun.update({ where: { id: runId }, data: { streamsTotal: { increment: count } } });
    },
    async streamDone() {
      await db.connectorRun.update({ where: { id: runId }, data: { streamsDone: { increment: 1 } } });
    },
  };
}
