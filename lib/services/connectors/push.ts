// Pushed deliveries (GitHub webhooks, Slack's Events API): each delivery is applied once, by its id,
// in the same transaction as its events, through the file importers' persist entry points.
import "server-only";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { resolveIdentities, writeRecords } from "@/lib/ingest/persist/records";
import type { IngestRecord } from "@/lib/ingest/types";
import { newIdentityResolver } from "@/lib/services/imports/resolver";
import { loadConnector } from "./connect";

export type PushSource = "github-webhook" | "slack-events";

export interface PushOutcome {
  duplicate: boolean;
  imported: number;
}

export async function receivePushedRecords(
  source: PushSource,
  deliveryId: string,
  type: string,
  records: IngestRecord[],
): Promise<PushOutcome> {
  const resolver = newIdentityResolver();
  return db.$transaction(async (tx) => {
    const claimed =
      await tx.$executeRaw`insert into processed_events (id, source, type) values (${`${source}:${deliveryId}`}, ${source}, ${type}) on conflict (id) do nothing`;
    if (claimed === 0) return { duplicate: true, imported: 0 };
    if (records.length === 0) return { duplicate: false, imported: 0 };
    await resolveIdentities(tx, resolver, records);
    const counts = await writeRecords(tx, resolver, records, { identitiesResolved: true });
    return { duplicate: false, imported: records.some((r) => r.kind === "event") ? counts.imported : 0 };
  });
}

/** The secret that signs a kind of delivery: the environment's, else the one saved with the connector. */
export async function pushSecret(kind: "github" | "slack"): Promise<string | null> {
  const fromEnv = kind === "github" ? env().GITHUB_WEBHOOK_SECRET : env().SLACK_SIGNING_SECRET;
  if (fromEnv) return fromEnv;
  const connector = await loadConnector(kind);
  return (kind === "github" ? connector?.secrets?.webhookSecret : connector?.secrets?.signingSecret) ?? null;
}

/** Channel names the Slack sync saw, so pushed messages carry the same channel as synced ones. */
export async function slackChannelNames(ids: string[]): Promise<Map<string, string>> {
  const rows = await db.connectorStream.findMany({
    where: { key: { in: ids.map((id) => `channel:${id}`) }, connector: { kind: "slack" } },
    select: { key: true, state: true },
  });
  return new Map(
    rows.flatMap((r) => {
      const name = (r.state as { name?: unknown } | null)?.name;
      return typeof name === "string" ? [[r.key.slice("channel:".length), name] as [string, string]] : [];
    }),
  );
}
