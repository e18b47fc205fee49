// Runs one connector's sync: records the run, walks its streams through the connector's official
// client, and leaves the last error in plain words on the connector for the Settings page.
import "server-only";
import { subMonths } from "date-fns";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { ConnectorError, type ConnectorKind, type SyncContext } from "@/lib/connectors/types";
import { slackClient, slackErrorMessage, SLACK_RETRY } from "@/lib/connectors/slack/client";
import { syncSlack } from "@/lib/connectors/slack/sync";
import { githubClient, githubErrorMessage, type GithubClientOptions } from "@/lib/connectors/github/client";
import { syncGithub } from "@/lib/connectors/github/sync";
import { discourseClient, type DiscourseClientOptions } from "@/lib/connectors/discourse/client";
import { syncDiscourse } from "@/lib/connectors/discourse/sync";
import { loadConnector, type LoadedConnector } from "./connect";
import { dbSyncContext } from "./sync-context";

export interface SyncOptions {
  trigger: "schedule" | "manual" | "test" | "bench";
  /** Faster retry timings (tests); production uses each client's polite defaults. */
  retry?: { slack?: typeof SLACK_RETRY; github?: GithubClientOptions; discourse?: DiscourseClientOptions };
}

export interface SyncSummary {
  runId: number | null;
  status: "succeeded" | "failed" | "skipped";
  imported: number;
  duplicates: number;
  fetched: number;
  error: string | null;
}

/** Any failure as one sentence an admin can act on; never includes a token. */
export function plainError(error: unknown): string {
  if (error instanceof ConnectorError) return error.message;
  const known = slackErrorMessage(error) ?? githubErrorMessage(error);
  if (known) return known.message;
  const e = error as { code?: string; cause?: { code?: string }; message?: string };
  const code = e.code ?? e.cause?.code;
  if (code === "ECONNREFUSED" || code === "ENOTFOUND" || code === "ETIMEDOUT")
    return `Could not reach the service (${code}); it is retried on the next run`;
  return `Sync failed: ${(e.message ?? String(error)).slice(0, 300)}`;
}

async function runConnector(
  connector: LoadedConnector,
  ctx: SyncContext,
  options: SyncOptions,
): Promise<void> {
  const secrets = connector.secrets!;
  if (connector.kind === "slack") {
    return syncSlack(slackClient(secrets.token ?? "", env().SLACK_API_URL, options.retry?.slack), ctx);
  }
  if (connector.kind === "github") {
    const client = githubClient(secrets.token ?? "", env().GITHUB_API_URL, options.retry?.github);
    return syncGithub(client, ctx, {
      repositories: connector.settings.repositories ?? [],
      organization: connector.settings.organization,
    });
  }
  const { baseUrl, apiUsername } = connector.settings;
  if (!baseUrl || (secrets.apiKey && !apiUsername))
    throw new ConnectorError(
      "Discourse: the forum address or the API key's username is missing; connect Discourse again",
      "config",
    );
  // Without a stored key the forum is read as a public one.
  return syncDiscourse(
    discourseClient({ baseUrl, apiKey: secrets.apiKey, apiUsername, ...options.retry?.discourse }),
    ctx,
  );
}

export async function syncConnector(kind: ConnectorKind, options: SyncOptions): Promise<SyncSummary> {
  const connector = await loadConnector(kind);
  if (!connector)
    return { runId: null, status: "skipped", imported: 0, duplicates: 0, fetched: 0, error: null };
  // A run still marked running was killed with its process; its cursors are saved, so say so and go on.
  await db.connectorRun.updateMany({
    where: { connectorId: connector.id, status: "running" },
    data: {
      status: "failed",
      error: "Interrupted: the process stopped mid-run; the next run resumed from the saved cursors",
      finishedAt: new Date(),
    },
  });
  const run = await db.connectorRun.create({ data: { connectorId: connector.id, trigger: options.trigger } });
  const horizon = subMonths(new Date(), connector.settings.backfillMonths ?? env().CONNECTOR_BACKFILL_MONTHS);
  const ctx = dbSyncContext(connector.id, run.id, horizon);
  let error: string | null = null;
  try {
    if (!connector.secrets)
      throw new ConnectorError(
        `${kind} is not connected: its token was revoked; connect it again in Settings → Connectors`,
        "auth",
      );
    await runConnector(connector, ctx, options);
  } catch (caught) {
    error = plainError(caught);
    if (!(caught instanceof ConnectorError))
      console.error(`[connector ${kind}] run #${run.id} failed: ${error}`);
  }
  const finishedAt = new Date();
  await db.connectorRun.update({
    where: { id: run.id },
    data: { status: error ? "failed" : "succeeded", error, finishedAt },
  });
  await db.connector.update({
    where: { id: connector.id },
    data: error ? { lastError: error } : { lastError: null, lastSyncAt: finishedAt },
  });
  return { runId: run.id, status: error ? "failed" : "succeeded", ...ctx.totals, error };
}
