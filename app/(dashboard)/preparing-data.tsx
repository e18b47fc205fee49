// Shown instead of a dashboard page while a first start prepares the data (demo load, first
// recompute): what is happening and how far along, refreshed every few seconds until ready.
import type { DataPreparation } from "@/lib/data/pipeline-status";
import { RefreshEvery } from "./refresh-every";

export function PreparingData({ preparation }: { preparation: DataPreparation }) {
  return (
    <div
      className="mx-auto max-w-xl space-y-4 py-16"
      data-testid="preparing-data"
      role="status"
      aria-live="polite"
    >
      <h1 className="text-2xl font-semibold">Preparing your data</h1>
      <p className="text-sm text-slate-600">
        Groundswell is getting the data ready: the rankings, trends and alerts appear here as soon as the
        first recompute has finished. This page updates by itself.
      </p>
      <div className="h-2 w-full overflow-hidden rounded bg-slate-200" aria-hidden="true">
        <div className="h-full bg-indigo-600 transition-all" style={{ width: `${preparation.percent}%` }} />
      </div>
      <p className="text-sm text-slate-700">
        {preparation.percent}% · {preparation.label}
      </p>
      <RefreshEvery seconds={3} />
    </div>
  );
}
