// The monthly report's body (server component), shared by /reports and the public /report/public
// page: totals with change, ranked lists with arrows, newcomers and notes.
import { BarListChart } from "@/components/charts";
import { Stat } from "@/components/ui";
import { monthOverMonth } from "@/lib/partners/changes";
import type { MonthlyReport, RankedEntry } from "@/lib/partners/report";

const fmt = new Intl.NumberFormat("en-US");

function ratio(now: number, before: number): number | null {
  return monthOverMonth(now, before).ratio;
}

function Ranked({ title, entries, hrefBase }: { title: string; entries: RankedEntry[]; hrefBase?: string }) {
  return (
    <section
      aria-label={title}
      className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-950"
    >
      <h2 className="mb-3 text-sm font-semibold">{title}</h2>
      <BarListChart
        title={title}
        emptyMessage="None this month."
        items={entries.map((e) => ({
          id: String(e.id),
          label: e.name,
          value: e.value,
          previous: e.previous,
          href: hrefBase ? `${hrefBase}/${e.id}` : undefined,
        }))}
      />
    </section>
  );
}

export function ReportView({
  report,
  linkMembers,
  linkOrgs,
}: {
  report: MonthlyReport;
  linkMembers: boolean;
  linkOrgs: boolean;
}) {
  const t = report.totals;
  const p = report.previousTotals;
  const vs = report.inProgress ? "vs same days last month" : undefined;
  return (
    <div className="space-y-6">
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-5">
        <Stat
          label="Contributions"
          value={fmt.format(t.contributions)}
          delta={ratio(t.contributions, p.contributions)}
          deltaLabel={vs}
        />
        <Stat
          label="Contributors"
          value={fmt.format(t.contributors)}
          delta={ratio(t.contributors, p.contributors)}
          deltaLabel={vs}
        />
        <Stat
          label="Active members"
          value={fmt.format(t.activeMembers)}
          delta={ratio(t.activeMembers, p.activeMembers)}
          deltaLabel={vs}
        />
        <Stat
          label="New members"
          value={fmt.format(t.newMembers)}
          delta={ratio(t.newMembers, p.newMembers)}
          deltaLabel={vs}
        />
        <Stat
          label="New contributors"
          value={fmt.format(t.newContributors)}
          delta={ratio(t.newContributors, p.newContributors)}
          deltaLabel={vs}
        />
      </div>
      {report.notes.length > 0 && (
        <section
          aria-label="Notes"
          className="rounded-lg border border-amber-200 bg-amber-50 p-4 text-sm dark:border-amber-900 dark:bg-amber-950"
        >
          <h2 className="font-semibold">Unusual this month</h2>
          <ul className="list-disc pl-5">
            {report.notes.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        </section>
      )}
      <div className="grid gap-4 lg:grid-cols-2">
        <Ranked
          title="Top contributors"
          entries={report.topContributors}
          hrefBase={linkMembers ? "/members" : undefined}
        />
        <Ranked
          title="Most active members"
          entries={report.mostActive}
          hrefBase={linkMembers ? "/members" : undefined}
        />
        <Ranked
          title="Top organisations by contributions"
          entries={report.topOrgsByContributions}
          hrefBase={linkOrgs ? "/organizations" : undefined}
        />
        <Ranked
          title="Top organisations by activity"
          entries={report.topOrgsByActivity}
          hrefBase={linkOrgs ? "/organizations" : undefined}
        />
      </div>
      <div className="grid gap-4 lg:grid-cols-2">
        {(
          [
            ["New contributors", report.newContributors, t.newContributors],
            ["New members", report.newMembers, t.newMembers],
          ] as const
        ).map(([title, people, total]) => (
          <section
            key={title}
            aria-label={title}
            className="rounded-lg border border-slate-200 bg-white p-4 text-sm dark:border-slate-800 dark:bg-slate-950"
          >
            <h2 className="mb-2 font-semibold">
              {title} ({fmt.format(total)})
            </h2>
            {people.length === 0 ? (
              <p className="text-slate-500">None this month.</p>
            ) : (
              <p>
                {people.map((x) => x.name).join(", ")}
                {total > people.length ? ", …" : ""}
              </p>
            )}
          </section>
        ))}
      </div>
    </div>
  );
}
