// Server-only reads for Settings → Connectors and the Imports page: each connector's state, never
// its secrets (only whether they are set).
import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { nextCronRun } from "@/lib/connectors/schedule";
import { CONNECTOR_KINDS, type ConnectorKind } from "@/lib/connectors/types";
import { connectorSettingsSchema, type ConnectorSettings } from "@/lib/validation/connectors";
import { DAY_MS } from "@/lib/time";

export interface ConnectorRunView {
  id: number;
  trigger: string;
  status: string;
  startedAt: Date;
  finishedAt: Date | null;
  streamsTotal: number;
  streamsDone: number;
  fetched: number;
  imported: number;
  error: string | null;
}

export interface ConnectorView {
  kind: ConnectorKind;
  configured: boolean;
  connected: boolean;
  settings: ConnectorSettings;
  lastSyncAt: Date | null;
  lastError: string | null;
  eventsThisWeek: number;
  nextRunAt: Date | null;
  schedule: string;
  latestRun: ConnectorRunView | null;
}

/** The event sources a connector writes: GitHub commits are git events, on the connector's repositories. */
async function eventsThisWeek(kind: ConnectorKind, settings: ConnectorSettings): Promise<number> {
  const since = new Date(Date.now() - 7 * DAY_MS);
  const repos = settings.repositories ?? [];
  const rows = await db.$queryRaw<{ n: bigint }[]>`
    select count(*)::bigint as n from activity_events
     where occurred_at >= ${since}
       and (source = ${kind} ${kind === "github" && repos.length ? Prisma.sql`or (source = 'git' and channel = any(${repos}::text[]))` : Prisma.empty})`;
  return Number(rows[0]?.n ?? 0);
}

export async function listConnectors(): Promise<ConnectorView[]> {
  const rows = await db.connector.findMany({
    include: { runs: { orderBy: { startedAt: "desc" }, take: 1 } },
  });
  const schedule = env().CONNECTOR_SYNC_CRON;
  return Promise.all(
    CONNECTOR_KINDS.map(async (kind) => {
      const row = rows.find((r) => r.kind === kind);
      const settings = connectorSettingsSchema.parse(row?.settings ?? {});
      const connected = !!row?.secretsCiphertext;
      const run = row?.runs[0];
      return {
        kind,
        configured: !!row,
        connected,
        settings,
        lastSyncAt: row?.lastSyncAt ?? null,
        lastError: row?.lastError ?? null,
        eventsThisWeek: row ? await eventsThisWeek(kind, settings) : 0,
        nextRunAt: connected ? nextCronRun(schedule, new Date()) : null,
        schedule,
        latestRun: run
          ? {
              id: run.id,
              trigger: run.trigger,
              status: run.status,
              startedAt: run.startedAt,
              finishedAt: run.finishedAt,
              streamsTotal: run.streamsTotal,
              streamsDone: run.streamsDone,
              fetched: run.fetched,
              imported: run.imported,
              error: run.error,
            }
          : null,
      };
    }),
  );
}
