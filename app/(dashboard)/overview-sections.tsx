// Small read-only blocks of the Overview: per-source freshness, top ranked members, alerts.
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { formatDate, formatDateTime } from "@/lib/format/numbers";
import { ALERT_KIND_LABELS, sourceLabel } from "@/lib/format/labels";
import type { RankedMember, SourceFreshness } from "@/lib/data/overview";
import { BILLING_STALE_AFTER_DAYS } from "@/lib/scoring/freshness";

export function FreshnessLine({ sources, timeZone }: { sources: SourceFreshness[]; timeZone: string }) {
  if (sources.length === 0) return null;
  const stale = sources.filter((s) => s.stale);
  return (
    <div className="mt-2 space-y-1">
      <ul
        className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600 dark:text-slate-400"
        aria-label="Data through, per source"
      >
        {sources.map((s) => (
          <li key={`${s.kind}-${s.source}`}>
            <span className="font-medium text-slate-700 dark:text-slate-300">{sourceLabel(s.source)}</span> (
            {s.kind}) through {formatDateTime(s.dataThrough, timeZone)}
            {s.stale && (
              <Badge tone="warning" className="ml-1">
                stale
              </Badge>
            )}
          </li>
        ))}
      </ul>
      {stale.some((s) => !s.stopped) && (
        <p role="status" className="text-xs text-amber-800 dark:text-amber-300">
          Billing data from{" "}
          {stale
            .filter((s) => !s.stopped)
            .map((s) => s.source)
            .join(", ")}{" "}
          is more than 3 days older than the community data: MRR and churn may be out of date.
        </p>
      )}
      {stale.some((s) => s.stopped) && (
        <p role="status" className="text-xs text-amber-800 dark:text-amber-300">
          Billing data from{" "}
          {stale
            .filter((s) => s.stopped)
            .map((s) => `${sourceLabel(s.source)} (ends ${formatDate(s.dataThrough, timeZone)})`)
            .join(", ")}{" "}
          stopped more than {BILLING_STALE_AFTER_DAYS} days before the community data: its subscriptions are
          not counted in paying members, MRR, churn or the trends.
        </p>
      )}
    </div>
  );
}

export function RankedCard({
  title,
  members,
  href,
}: {
  title: string;
  members: RankedMember[];
  href: string;
}) {
  return (
    <Card>
      <CardHeader className="flex flex-row items-center justify-between">
        <CardTitle>{title}</CardTitle>
        <Link href={href} className="text-xs text-sky-700 hover:underline dark:text-sky-400">
          See all
        </Link>
      </CardHeader>
      <CardContent>
        {members.length === 0 ? (
          <EmptyState
            compact
            title="No ranking yet"
            description="Rankings appear after the next recompute."
          />
        ) : (
          <ol className="space-y-1 text-sm" aria-label={title}>
            {members.map((m) => (
              <li key={m.memberId} className="flex items-baseline justify-between gap-2">
                <Link href={`/members/${m.memberId}`} className="truncate hover:underline">
                  #{m.rank} {m.displayName}
                </Link>
                <span
                  className="text-xs text-slate-600 tabular-nums dark:text-slate-400"
                  data-testid="ranked-score"
                >
                  <span className="sr-only">score </span>
                  {m.scoreLabel}
                </span>
              </li>
            ))}
          </ol>
        )}
        <p className="mt-2 text-xs text-slate-600 dark:text-slate-400">
          Members with open outreach are left out, as in the list.
        </p>
      </CardContent>
    </Card>
  );
}

type AlertRow = {
  id: number;
  kind: string;
  memberId: number | null;
  message: string;
  occurredAt: Date;
  readAt: Date | null;
};

export function AlertsCard({ alerts, timeZone }: { alerts: AlertRow[]; timeZone: string }) {
  return (
    <Card>
      <CardHeader className="flex flex-row items-center justify-between">
        <CardTitle>Recent alerts</CardTitle>
        <Link href="/alerts" className="text-xs text-sky-700 hover:underline dark:text-sky-400">
          All alerts
        </Link>
      </CardHeader>
      <CardContent>
        {alerts.length === 0 ? (
          <EmptyState
            compact
            title="No alerts"
            description="Drops, quiet members and returns show up here."
          />
        ) : (
          <ul className="space-y-2 text-sm">
            {alerts.map((a) => (
              <li key={a.id}>
                <Badge tone={a.readAt ? "neutral" : "info"}>{ALERT_KIND_LABELS[a.kind] ?? a.kind}</Badge>{" "}
                {a.memberId ? (
                  <Link href={`/members/${a.memberId}`} className="hover:underline">
                    {a.message}
                  </Link>
                ) : (
                  a.message
                )}
                <div className="text-xs text-slate-600 dark:text-slate-400">
                  Week of {formatDate(a.occurredAt, timeZone)}
                </div>
              </li>
            ))}
          </ul>
        )}
      </CardContent>
    </Card>
  );
}
