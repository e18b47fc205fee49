// The monthly report's body (server component), shared by /reports and the public /report/public
// page: totals with change, ranked lists with arrows, newcomers and notes.
import Link from "next/link";
import { Fragment, type ReactNode } from "react";
import { BarListChart } from "@/components/charts";
import { ExportCsvLink } from "@/components/data-table/export-csv-link";
import { Stat } from "@/components/ui";
import { monthOverMonth } from "@/lib/partners/changes";
import type { MonthlyReport, RankedEntry } from "@/lib/partners/report";
import { REPORT_TABLES, type ReportTable } from "@/lib/partners/report-tables";

const fmt = new Intl.NumberFormat("en-US");

function ratio(now: number, before: number): number | null {
  return monthOverMonth(now, before).ratio;
}

function Panel({ title, csv, children }: { title: string; csv?: string; children: ReactNode }) {
  return (
    <section
      aria-label={title}
      className="rounded-lg border border-slate-200 bg-white p-4 text-sm dark:border-slate-800 dark:bg-slate-950"
    >
      <div className="mb-3 flex items-start justify-between gap-2">
        <h2 className="font-semibold">{title}</h2>
        {csv && <ExportCsvLink href={csv} what={title} />}
      </div>
      {children}
    </section>
  );
}

function Ranked({ table, report, links }: { table: ReportTable; report: MonthlyReport; links: ReportLinks }) {
  const { title, idColumn } = REPORT_TABLES[table];
  const hrefBase = idColumn === "member_id" ? links.members : links.orgs;
  const entries = report[RANKED_FIELD[table]];
  return (
    <Panel
      title={title}
      csv={links.csv ? `/api/v1/reports?month=${report.month}&format=csv&table=${table}` : undefined}
    >
      <BarListChart
        title={title}
        emptyMessage="None this month."
        items={entries.map((e: RankedEntry) => ({
          id: String(e.id),
          label: e.name,
          value: e.value,
          previous: e.previous,
          href: hrefBase ? `${hrefBase}/${e.id}` : undefined,
        }))}
      />
    </Panel>
  );
}

const RANKED_FIELD = {
  "top-contributors": "topContributors",
  "most-active": "mostActive",
  "top-orgs-by-contributions": "topOrgsByContributions",
  "top-orgs-by-activity": "topOrgsByActivity",
} as const satisfies Record<ReportTable, keyof MonthlyReport>;

/**
 * Newcomers by name (the first 50); the rest are counted, and on the dashboard the whole list is one click away:
 * the Members list narrowed to them, with its own CSV export.
 */
function Newcomers(props: {
  title: string;
  people: { id: number; name: string }[];
  total: number;
  kpi: "joined" | "first_contribution";
  month: string;
  links: ReportLinks;
}) {
  const { people, total, links } = props;
  const query = `kpi=${props.kpi}&month=${props.month}`;
  const more = total - people.length;
  return (
    <Panel
      title={`${props.title} (${fmt.format(total)})`}
      csv={links.csv ? `/api/v1/members?format=csv&${query}` : undefined}
    >
      {people.length === 0 ? (
        <p className="text-slate-500">None this month.</p>
      ) : (
        <p>
          {people.map((x, i) => (
            <Fragment key={x.id}>
              {i > 0 && ", "}
              {links.members ? (
                <Link href={`${links.members}/${x.id}`} className="hover:underline">
                  {x.name}
                </Link>
              ) : (
                x.name
              )}
            </Fragment>
          ))}
          {more > 0 && ` and ${fmt.format(more)} more.`}
        </p>
      )}
      {links.members && total > 0 && (
        <Link
          href={`/members?${query}`}
          className="mt-2 inline-block font-medium text-sky-700 underline dark:text-sky-400"
        >
          {total > people.length ? `See all ${fmt.format(total)} in Members` : "Open in Members"}
        </Link>
      )}
    </Panel>
  );
}

const NEWCOMERS = [
  { title: "New contributors", field: "newContributors", kpi: "first_contribution" },
  { title: "New members", field: "newMembers", kpi: "joined" },
] as const;

/** Where the report's names link to and whether its tables export (the dashboard: yes; the public page: no). */
export type ReportLinks = { members?: string; orgs?: string; csv?: boolean };

export function ReportView({ report, links }: { report: MonthlyReport; links: ReportLinks }) {
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
        {(Object.keys(REPORT_TABLES) as ReportTable[]).map((table) => (
          <Ranked key={table} table={table} report={report} links={links} />
        ))}
      </div>
      <div className="grid gap-4 lg:grid-cols-2">
        {NEWCOMERS.map(({ title, field, kpi }) => (
          <Newcomers
            key={kpi}
            title={title}
            people={report[field]}
            total={t[field]}
            kpi={kpi}
            month={report.month}
            links={links}
          />
        ))}
      </div>
    </div>
  );
}
