// The worker's connector job: sync one connector (or every connected one on the schedule), then ask
// for a recompute when anything new arrived, by sync or by push since the last scheduled run.
import "server-only";
import { z } from "zod";
import { db } from "@/lib/db/client";
import { requestRecompute } from "@/lib/jobs/queue";
import { CONNECTOR_KINDS } from "@/lib/connectors/types";
import { syncConnector } from "./run-sync";

const connectorJobSchema = z.object({
  kind: z.enum(["slack", "github", "discourse", "all"]),
  trigger: z.enum(["schedule", "manual"]).default("schedule"),
});
export type ConnectorJob = z.input<typeof connectorJobSchema>;

let lastScheduledAt = new Date();

export async function runConnectorJob(data: ConnectorJob, log: (line: string) => void): Promise<void> {
  const job = connectorJobSchema.parse(data);
  const connected = await db.connector.findMany({
    where: { secretsCiphertext: { not: null } },
    select: { kind: true },
  });
  const kinds = CONNECTOR_KINDS.filter(
    (k) => (job.kind === "all" || job.kind === k) && connected.some((c) => c.kind === k),
  );
  let imported = 0;
  for (const kind of kinds) {
    const summary = await syncConnector(kind, { trigger: job.trigger });
    imported += summary.imported;
    log(
      `[connector] ${kind} (${job.trigger}): ${summary.status}, ${summary.imported} new of ${summary.fetched} read${summary.error ? ` — ${summary.error}` : ""}`,
    );
  }
  const since = lastScheduledAt;
  if (job.trigger === "schedule") lastScheduledAt = new Date();
  const pushed = await db.processedEvent.count({
    where: { source: { in: ["github-webhook", "slack-events"] }, processedAt: { gte: since } },
  });
  if (imported > 0 || pushed > 0) await requestRecompute(`connectors: ${imported} synced, ${pushed} pushed`);
}
