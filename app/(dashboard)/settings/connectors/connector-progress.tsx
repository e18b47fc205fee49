import type { ConnectorRunView } from "@/lib/data/connectors";

/** A run's progress through its streams (channels, repository resources, the forum feed). */
export function ConnectorProgress({ run }: { run: ConnectorRunView }) {
  const fraction = run.streamsTotal > 0 ? run.streamsDone / run.streamsTotal : 0;
  return (
    <div className="space-y-1">
      <div
        className="h-2 w-full max-w-md overflow-hidden rounded bg-slate-100"
        role="progressbar"
        aria-label="Sync progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(fraction * 100)}
      >
        <div className="h-full bg-indigo-600" style={{ width: `${Math.round(fraction * 100)}%` }} />
      </div>
      <p className="text-xs text-slate-500">
        {run.streamsDone} of {run.streamsTotal || "?"} streams, {run.fetched.toLocaleString("en")} items read,{" "}
        {run.imported.toLocaleString("en")} new events
      </p>
    </div>
  );
}
