// Small cells of the ranked lists: rank change arrows, top reasons with weight bars, outreach status.
// Server-renderable (no hooks), used by the client table.
import Link from "next/link";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { RankedListRow } from "@/lib/data/ranked-lists";
import { OUTREACH_STATUS_LABELS, type OutreachStatusValue } from "@/lib/validation/outreach";

export function RankChange({ change }: { change: number | null }) {
  if (change === null)
    return (
      <Badge tone="accent" data-testid="rank-change">
        new
      </Badge>
    );
  if (change === 0)
    return (
      <span className="text-slate-500" data-testid="rank-change" aria-label="No change">
        –
      </span>
    );
  const up = change > 0;
  return (
    <span
      data-testid="rank-change"
      aria-label={`${up ? "Up" : "Down"} ${Math.abs(change)} place${Math.abs(change) === 1 ? "" : "s"}`}
      className={
        up
          ? "font-medium text-emerald-700 dark:text-emerald-400"
          : "font-medium text-red-700 dark:text-red-400"
      }
    >
      {up ? "▲" : "▼"} {Math.abs(change)}
    </span>
  );
}

/** The strongest `limit` reasons, each with a bar scaled to the largest weight shown. */
export function TopReasons({
  reasons,
  limit = 3,
}: {
  reasons: { text: string; weight: number }[];
  limit?: number;
}) {
  const top = [...reasons].sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight)).slice(0, limit);
  if (top.length === 0) return <span className="text-slate-500">–</span>;
  const max = Math.max(...top.map((r) => Math.abs(r.weight))) || 1;
  return (
    <ul className="min-w-48 space-y-0.5 text-xs">
      {top.map((r) => (
        <li key={r.text} className="flex items-center gap-2" title={`weight ${r.weight.toFixed(2)}`}>
          {/* A fixed track, so the reasons' text lines up whatever the bar's length. */}
          <span aria-hidden="true" className="inline-flex w-8 shrink-0">
            <span
              className={`inline-block h-1.5 rounded-full ${r.weight >= 0 ? "bg-emerald-500" : "bg-red-500"}`}
              style={{ width: `${Math.max(4, Math.round((Math.abs(r.weight) / max) * 32))}px` }}
            />
          </span>
          <span className="text-slate-700 dark:text-slate-300">{r.text}</span>
          <span className="sr-only">(weight {r.weight.toFixed(2)})</span>
        </li>
      ))}
    </ul>
  );
}

const STATUS_TONE: Record<OutreachStatusValue, BadgeTone> = {
  todo: "neutral",
  contacted: "info",
  replied: "accent",
  upgraded: "success",
  renewed: "success",
  declined: "danger",
  no_response: "warning",
};

export function OutreachStatusBadge({
  status,
  claimed = false,
}: {
  status: OutreachStatusValue | null;
  claimed?: boolean;
}) {
  if (!status) return <span className="text-xs text-slate-600 dark:text-slate-400">none</span>;
  if (claimed) {
    // Set by hand, not in billing (yet): a claim, not counted as a conversion until billing agrees.
    return (
      <Badge
        tone="neutral"
        data-testid="outreach-status"
        title="Marked by hand; billing does not show it yet, so it is not counted as a conversion"
      >
        {OUTREACH_STATUS_LABELS[status]} (claimed)
      </Badge>
    );
  }
  return (
    <Badge tone={STATUS_TONE[status]} data-testid="outreach-status">
      {OUTREACH_STATUS_LABELS[status]}
    </Badge>
  );
}

/** The member: name, plan (and, for candidates, segment) as badges, and the email cut to fit. */
export function MemberCell({ row }: { row: RankedListRow }) {
  return (
    <div className="w-52 space-y-0.5">
      <Link
        href={`/members/${row.memberId}`}
        className="font-medium text-indigo-700 hover:underline dark:text-indigo-300"
      >
        {row.name}
      </Link>
      <div className="flex flex-wrap gap-1">
        <Badge tone={row.tier > 0 ? "success" : "neutral"} data-testid="member-tier">
          <span className="sr-only">Tier: </span>
          {row.tierName}
        </Badge>
        {row.segment && (
          <Badge tone="info" data-testid="member-segment">
            <span className="sr-only">Segment: </span>
            {row.segment}
          </Badge>
        )}
      </div>
      {row.email && (
        <div className="truncate text-xs text-slate-500" title={row.email}>
          {row.email}
        </div>
      )}
    </div>
  );
}
