// Imports a file of Stripe Event objects: each event applied once, in file order, in batches of
// transactions; unreadable lines are quarantined with their reason.
import "server-only";
import { createReadStream } from "node:fs";
import path from "node:path";
import { db } from "@/lib/db/client";
import { parseStripeEventsFile } from "@/lib/billing/stripe/events";
import { newIdentityResolver } from "./resolver";
import { applyStripeEvent } from "@/lib/services/billing/stripe-apply";
import type { ImportProgress } from "./run-import";

const BATCH = 500;

export async function applyStripeEventRows(file: string, importRunId: number, onProgress: (p: Omit<ImportProgress, "fraction">) => void) {
  const resolver = newIdentityResolver();
  const progress = { read: 0, imported: 0, duplicates: 0, quarantined: 0 };
  const outcomes: Record<string, number> = {};
  let batch: Awaited<ReturnType<typeof nextRows>> = [];
  // The parser takes text or a stream: a path string would be read as the events themselves.
  const rows = parseStripeEventsFile(createReadStream(file), path.basename(file));
  async function nextRows() {
    const out: { line: number; ok: boolean; event?: import("stripe").Stripe.Event; reason?: string; raw?: string }[] = [];
    for (let i = 0; i < BATCH; i++) {
      const next = await rows.next();
      if (next.done) break;
      out.push(next.value as never);
    }
    return out;
  }
  while ((batch = await nextRows()).length) {
    await db.$transaction(
      async (tx) => {
        for (const row of batch) {
          progress.read += 1;
          if (!row.ok) {
            progress.quarantined += 1;
            await tx.quarantinedRow.create({ data: { importRunId, file: path.basename(file), line: row.line, reason: row.reason!, raw: (row.raw ?? "").slice(0, 10_000) } });
            continue;
          }
          const outcome = await applyStripeEvent(tx, row.event!, resolver);
          outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
          if (outcome === "duplicate") progress.duplicates += 1;
          else progress.imported += 1;
        }
      },
      { timeout: 300_000 },
    );
    onProgress({ ...progress });
  }
  return {
    progress,
    membersCreated: resolver.counts.membersCreated,
    identitiesLinked: resolver.counts.identitiesLinked,
    extra: { outcomes, membersCreated: resolver.counts.membersCreated, identitiesLinked: resolver.counts.identitiesLinked },
  };
}
