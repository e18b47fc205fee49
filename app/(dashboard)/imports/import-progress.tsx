"use client";
// Live progress of one import: polls GET /api/v1/imports/[id] every second while it is queued or
// running, shows a bar (bytes processed of total) and the counts, and refreshes the page when done.
import { useEffect, useState } from "react";
import { useRouter } from "next/navigation";
import { formatCount, formatByteProgress } from "@/lib/format/numbers";
import { sourceLabel } from "@/lib/format/labels";
import type { ImportRunRow } from "@/lib/data/imports";
import { StatusBadge } from "./imports-table";

export function ImportProgress({ initial }: { initial: ImportRunRow }) {
  const [run, setRun] = useState(initial);
  const router = useRouter();
  const active = run.status === "queued" || run.status === "running";
  useEffect(() => {
    if (!active) return;
    let stopped = false;
    const timer = setInterval(async () => {
      const res = await fetch(`/api/v1/imports/${run.id}`, { cache: "no-store" }).catch(() => null);
      if (!res?.ok || stopped) return;
      const next = (await res.json()) as ImportRunRow;
      setRun(next);
      if (next.status !== "queued" && next.status !== "running") router.refresh();
    }, 1000);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [active, run.id, router]);
  const fraction =
    run.status === "succeeded" ? 1 : run.totalBytes ? Math.min(1, run.processedBytes / run.totalBytes) : null;
  return (
    <div
      className="space-y-2 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-950"
      data-testid={`import-progress-${run.id}`}
    >
      <div className="flex flex-wrap items-center justify-between gap-2 text-sm">
        <span className="font-medium">
          #{run.id} {sourceLabel(run.source)} · {run.fileName}
        </span>
        <StatusBadge status={run.status} />
      </div>
      <div
        role="progressbar"
        aria-label={`Import ${run.id} progress`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={fraction === null ? undefined : Math.round(fraction * 100)}
        className="h-2 w-full overflow-hidden rounded bg-slate-100 dark:bg-slate-800"
      >
        <div
          className={`h-full bg-indigo-600 transition-all ${fraction === null && active ? "w-1/3 animate-pulse" : ""}`}
          style={fraction === null ? undefined : { width: `${Math.round(fraction * 100)}%` }}
        />
      </div>
      <p className="text-xs text-slate-600 dark:text-slate-400">
        read {formatCount(run.read)} · imported {formatCount(run.imported)} · duplicates{" "}
        {formatCount(run.duplicates)} · quarantined {formatCount(run.quarantined)}
        {run.totalBytes ? ` · ${formatByteProgress(run.processedBytes, run.totalBytes)}` : ""}
      </p>
      {run.error && <p className="text-xs text-red-700">{run.error}</p>}
    </div>
  );
}
