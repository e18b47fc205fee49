import { overviewKpis } from "@/lib/data/overview";
import { requireUser } from "@/lib/auth/session";
import { formatCount, formatDateTime, formatMoney } from "@/lib/format/numbers";

export const dynamic = "force-dynamic";

function Kpi({ label, value, previous, testId }: { label: string; value: string; previous?: string; testId: string }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-4" data-testid={testId}>
      <p className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</p>
      <p className="mt-1 text-2xl font-semibold tabular-nums">{value}</p>
      {previous && <p className="mt-1 text-xs text-slate-500">{previous}</p>}
    </div>
  );
}

export default async function OverviewPage() {
  const user = await requireUser();
  const kpis = await overviewKpis();
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Overview</h1>
        <p className="text-sm text-slate-500">
          {kpis.referenceMonth} · data through {formatDateTime(kpis.lastEventAt, user.timeZone)}
        </p>
      </div>
      <div className="grid grid-cols-2 gap-4 md:grid-cols-4">
        <Kpi testId="kpi-members" label="Members" value={formatCount(kpis.members)} />
        <Kpi testId="kpi-active" label="Active this month" value={formatCount(kpis.activeThisMonth)} previous={`last month ${formatCount(kpis.activeLastMonth)}`} />
        <Kpi testId="kpi-paying" label="Paying members" value={formatCount(kpis.payingMembers)} />
        <Kpi testId="kpi-mrr" label="MRR" value={formatMoney(kpis.mrrCents)} />
      </div>
    </div>
  );
}
