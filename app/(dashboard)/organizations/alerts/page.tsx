// The alert feed: members and organisations whose activity dropped, went quiet or came back,
// each linking to where to act on it.
import type { Metadata } from "next";
import Link from "next/link";
import { Badge, EmptyState, PageHeader, SegmentedLinks } from "@/components/ui";
import { requireUser } from "@/lib/auth/session";
import { alertCounts, listAlerts } from "@/lib/data/alerts";
import { formatDateTime } from "@/lib/format/numbers";

export const metadata: Metadata = { title: "Alerts" };
export const dynamic = "force-dynamic";

const KINDS: Record<string, string> = { drop: "Drop", quiet: "Gone quiet", welcome_back: "Welcome back", ingest_failed: "Ingest failures" };

export default async function AlertsPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const user = await requireUser();
  const params = await searchParams;
  const kind = params.kind && params.kind in KINDS ? params.kind : undefined;
  const page = Math.max(1, Number(params.page) || 1);
  const [alerts, counts] = await Promise.all([listAlerts({ kind, limit: 50, offset: (page - 1) * 50 }), alertCounts()]);
  return (
    <div className="space-y-4">
      <PageHeader title="Alerts" description="Raised by the hourly recompute from weekly activity; each alert is raised once." />
      <SegmentedLinks
        label="Alert kind"
        items={[{ href: "/organizations/alerts", label: "All", active: !kind }, ...Object.entries(KINDS).map(([k, label]) => ({ href: `/organizations/alerts?kind=${k}`, label, active: kind === k, count: counts.find((c) => c.kind === k)?.total ?? 0 }))]}
      />
      {alerts.length === 0 ? (
        <EmptyState title="No alerts" description="Nothing has dropped, gone quiet or come back yet." />
      ) : (
        <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-950">
          {alerts.map((a) => (
            <li key={a.id} className="flex flex-wrap items-center gap-3 px-3 py-2 text-sm">
              <Badge tone={a.kind === "welcome_back" ? "success" : a.kind === "drop" ? "warning" : "neutral"}>{KINDS[a.kind] ?? a.kind}</Badge>
              <span className="min-w-0 flex-1">{a.message}</span>
              {a.href && <Link href={a.href} className="text-indigo-700 hover:underline">Open {a.memberName ?? a.orgName}</Link>}
              <time className="text-xs text-slate-500">{formatDateTime(a.createdAt, user.timeZone)}</time>
            </li>
          ))}
        </ul>
      )}
      <nav aria-label="Pages" className="flex gap-3 text-sm">
        {page > 1 && <Link href={`/organizations/alerts?${new URLSearchParams({ ...(kind ? { kind } : {}), page: String(page - 1) })}`}>Newer</Link>}
        {alerts.length === 50 && <Link href={`/organizations/alerts?${new URLSearchParams({ ...(kind ? { kind } : {}), page: String(page + 1) })}`}>Older</Link>}
      </nav>
    </div>
  );
}
