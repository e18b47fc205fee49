// The connectors' running syncs (the first backfill above all), for the Imports page.
import Link from "next/link";
import { listConnectors } from "@/lib/data/connectors";
import { ConnectorProgress } from "./connector-progress";

export async function ConnectorBackfills() {
  const running = (await listConnectors()).filter((c) => c.latestRun?.status === "running");
  if (running.length === 0) return null;
  return (
    <section aria-labelledby="connector-sync-heading" className="space-y-3">
      <h2 id="connector-sync-heading" className="text-lg font-semibold">
        Connector syncs
      </h2>
      {running.map((c) => (
        <div key={c.kind} className="space-y-1">
          <p className="text-sm font-medium">
            {c.kind} —{" "}
            <Link href="/settings/connectors" className="text-indigo-700 underline">
              connectors
            </Link>
          </p>
          <ConnectorProgress run={c.latestRun!} />
        </div>
      ))}
    </section>
  );
}
