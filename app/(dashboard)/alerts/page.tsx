// The alert feed: members and organisations whose activity dropped, went quiet or came back, dated
// by the week they are about. Admins dismiss, snooze or send a member's alert to outreach.
import type { Metadata } from "next";
import Link from "next/link";
import { Download } from "lucide-react";
import { Badge, Button, EmptyState, PageHeader, SegmentedLinks } from "@/components/ui";
import { requireUser } from "@/lib/auth/session";
import { ALERT_STATES, alertCounts, listAlerts, type AlertState } from "@/lib/data/alerts";
import { ALERT_KIND_LABELS } from "@/lib/format/labels";
import { formatDate, formatDateTime } from "@/lib/format/numbers";
import { AlertActions } from "./alert-actions";

export const metadata: Metadata = { title: "Alerts" };
export const dynamic = "force-dynamic";

const PAGE = 50;
const STATE_LABELS: Record<AlertState, string> = { open: "Open", snoozed: "Snoozed", dismissed: "Dismissed" };

export default async function AlertsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const user = await requireUser();
  const params = await searchParams;
  const kind = params.kind && Object.hasOwn(ALERT_KIND_LABELS, params.kind) ? params.kind : undefined;
  const state: AlertState = (ALERT_STATES as readonly string[]).includes(params.state ?? "")
    ? (params.state as AlertState)
    : "open";
  const page = Math.max(1, Number(params.page) || 1);
  const [alerts, counts] = await Promise.all([
    listAlerts({ kind, state, limit: PAGE, offset: (page - 1) * PAGE }),
    alertCounts(state),
  ]);
  const href = (over: Record<string, string | undefined>) => {
    const q = new URLSearchParams(
      Object.entries({ state, kind, ...over }).filter((e): e is [string, string] => Boolean(e[1])),
    );
    return `/alerts?${q}`;
  };
  const isAdmin = user.role === "admin";
  return (
    <div className="space-y-4">
      <PageHeader
        title="Alerts"
        description="Raised by the hourly recompute from weekly activity, each once, and dated by the week they are about. Dismissed and snoozed alerts leave the open feed."
      />
      <SegmentedLinks
        label="Alert state"
        items={ALERT_STATES.map((s) => ({
          href: href({ state: s, page: undefined }),
          label: STATE_LABELS[s],
          active: s === state,
        }))}
      />
      <div className="flex flex-wrap items-center justify-between gap-2">
        <SegmentedLinks
          label="Alert kind"
          items={[
            { href: href({ kind: undefined, page: undefined }), label: "All kinds", active: !kind },
            ...Object.entries(ALERT_KIND_LABELS).map(([k, label]) => ({
              href: href({ kind: k, page: undefined }),
              label,
              active: kind === k,
              count: counts.find((c) => c.kind === k)?.total ?? 0,
            })),
          ]}
        />
        <Button asChild variant="outline" size="sm">
          <a
            href={`/api/v1/alerts/export?${new URLSearchParams(kind ? { state, kind } : { state })}`}
            download
          >
            <Download aria-hidden="true" />
            Export CSV
          </a>
        </Button>
      </div>
      {alerts.length === 0 ? (
        <EmptyState
          title={state === "open" ? "No open alerts" : `No ${STATE_LABELS[state].toLowerCase()} alerts`}
          description="Nothing has dropped, gone quiet or come back, or it has been dealt with."
        />
      ) : (
        <ul
          aria-label="Alerts"
          className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-950"
        >
          {alerts.map((a) => {
            const subject = a.memberName ?? a.orgName ?? "the ingest";
            return (
              <li
                key={a.id}
                className="flex flex-col gap-2 px-3 py-2 text-sm md:flex-row md:items-center"
                data-testid="alert-row"
              >
                <div className="flex min-w-0 flex-1 flex-wrap items-center gap-2">
                  <Badge
                    tone={a.kind === "welcome_back" ? "success" : a.kind === "drop" ? "warning" : "neutral"}
                  >
                    {ALERT_KIND_LABELS[a.kind] ?? a.kind}
                  </Badge>
                  <span className="min-w-0 flex-1">
                    {a.message}{" "}
                    {a.href && (
                      <Link
                        href={a.href}
                        className="text-indigo-700 underline underline-offset-2 dark:text-indigo-300"
                      >
                        Open {subject}
                      </Link>
                    )}
                  </span>
                  <time
                    dateTime={a.occurredAt.toISOString()}
                    className="text-xs text-slate-600 dark:text-slate-400"
                    title={`Raised ${formatDateTime(a.createdAt, user.timeZone)}`}
                  >
                    {a.kind === "ingest_failed"
                      ? formatDateTime(a.occurredAt, user.timeZone)
                      : `Week of ${formatDate(a.occurredAt, user.timeZone)}`}
                  </time>
                  {state === "snoozed" && a.snoozedUntil && (
                    <span className="text-xs text-slate-600">
                      until {formatDate(a.snoozedUntil, user.timeZone)}
                    </span>
                  )}
                </div>
                {isAdmin && (
                  <AlertActions
                    id={a.id}
                    subject={subject}
                    canOutreach={a.memberId !== null}
                    closed={state !== "open"}
                  />
                )}
              </li>
            );
          })}
        </ul>
      )}
      <nav aria-label="Pages" className="flex gap-3 text-sm">
        {page > 1 && <Link href={href({ page: String(page - 1) })}>Newer</Link>}
        {alerts.length === PAGE && <Link href={href({ page: String(page + 1) })}>Older</Link>}
      </nav>
    </div>
  );
}
