import type { Metadata } from "next";
import Link from "next/link";
import { requireUser } from "@/lib/auth/session";
import {
  dataFreshness,
  monthToDate,
  mrrOverview,
  overviewKpis,
  recentAlerts,
  targetsWithProjections,
  topRanked,
  type KpiKey,
  type NotCounted,
} from "@/lib/data/overview";
import { lastCompleteMonth } from "@/lib/analytics/periods";
import { addMonths } from "@/lib/analytics/months";
import { monthLabel } from "@/lib/partners/report";
import type { SubscriberChurn } from "@/lib/analytics/subscriber-churn";
import { MrrMovementsChart, SparklineSvg } from "@/components/charts";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Stat } from "@/components/ui/stat";
import { compareToPrevious } from "@/lib/analytics/kpis";
import {
  formatCount,
  formatDate,
  formatDateTime,
  formatMoney,
  formatMonth,
  formatPercent,
} from "@/lib/format/numbers";
import { sourceLabel } from "@/lib/format/labels";
import { AlertsCard, FreshnessLine, RankedCard } from "./overview-sections";
import { MonthToDateCard } from "./overview-month-to-date";
import { TargetsSection } from "./overview-targets";
import { GettingStarted } from "./overview-getting-started";

export const metadata: Metadata = { title: "Overview" };
export const dynamic = "force-dynamic";

type Tile = {
  key: KpiKey;
  testId?: string;
  label: string;
  value: number;
  previous: number;
  href: string;
  note?: string;
  deltaLabel?: string;
  money?: boolean;
  invert?: boolean;
};

/** A tile's notes in one line: each says whom its figure leaves out. */
const joinNotes = (...notes: (string | undefined)[]) => notes.filter(Boolean).join(" ") || undefined;

export default async function OverviewPage() {
  const user = await requireUser();
  const sources = dataFreshness();
  const [kpis, mrr, freshness, candidates, atRisk, alerts] = await Promise.all([
    overviewKpis(sources),
    mrrOverview(),
    sources,
    topRanked("candidates"),
    topRanked("at-risk"),
    recentAlerts(),
  ]);
  // A fresh install: what to do first, not a page of zeros and empty charts.
  if (kpis.members === 0 && kpis.bots === 0 && kpis.lastEventAt === null && kpis.payingMembers === 0)
    return (
      <div className="space-y-6">
        <div>
          <h1 className="text-2xl font-semibold">Overview</h1>
          <p className="text-sm text-slate-500">Nothing imported yet.</p>
        </div>
        <GettingStarted isAdmin={user.role === "admin"} />
      </div>
    );
  const [targets, toDate] = await Promise.all([targetsWithProjections(kpis), monthToDate(kpis.asOf)]);
  // Flows (active, contributors, upgrades) are read for the last complete month; a partial month
  // would look like a collapse. Stocks (members, paying, MRR) are as of now against last month's end.
  const complete = lastCompleteMonth(kpis.asOf);
  const inProgress = complete !== kpis.referenceMonth;
  const at = (key: KpiKey, month: string) => kpis.series[key].find((p) => p.month === month)?.value ?? 0;
  const last = (key: KpiKey, back: number) =>
    kpis.series[key][kpis.series[key].length - 1 - back]?.value ?? 0;
  const completeName = monthLabel(complete);
  const vsComplete = `vs ${monthLabel(addMonths(complete, -1))}`;
  const drill = (kpi: string) => `/members?kpi=${kpi}&month=${complete}`;
  const botNote =
    kpis.bots > 0 ? `Excludes ${formatCount(kpis.bots)} bot${kpis.bots === 1 ? "" : "s"}.` : undefined;
  const left = notCountedNote(kpis.notCounted, user.timeZone);
  const tiles: Tile[] = [
    {
      key: "members",
      testId: "kpi-members",
      label: "Members",
      value: kpis.members,
      previous: last("members", 1),
      href: "/members",
      note: botNote,
    },
    {
      key: "active",
      testId: "kpi-active",
      label: `Active in ${completeName}`,
      value: at("active", complete),
      previous: at("active", addMonths(complete, -1)),
      href: drill("active"),
      deltaLabel: vsComplete,
      note: botNote,
    },
    {
      key: "contributors",
      label: `Contributors in ${completeName}`,
      value: at("contributors", complete),
      previous: at("contributors", addMonths(complete, -1)),
      href: drill("contributors"),
      deltaLabel: vsComplete,
      note: botNote,
    },
    {
      key: "paying",
      testId: "kpi-paying",
      label: "Paying members",
      value: kpis.payingMembers,
      previous: last("paying", 1),
      href: "/members?paying=1",
      note: joinNotes(left?.members, botNote),
    },
    {
      key: "mrr",
      testId: "kpi-mrr",
      label: "MRR",
      value: kpis.mrrCents,
      previous: last("mrr", 1),
      money: true,
      href: "/members?paying=1&sort=-mrr",
      note: joinNotes(left?.mrr, botNote),
    },
    {
      key: "upgrades",
      label: `Upgrades in ${completeName}`,
      value: at("upgrades", complete),
      previous: at("upgrades", addMonths(complete, -1)),
      href: drill("upgrades"),
      deltaLabel: vsComplete,
      note: joinNotes("Counts changes; a member who upgraded twice counts twice.", botNote),
    },
    {
      key: "downgrades",
      label: `Downgrades in ${completeName}`,
      value: at("downgrades", complete),
      previous: at("downgrades", addMonths(complete, -1)),
      href: drill("downgrades"),
      deltaLabel: vsComplete,
      note: botNote,
      invert: true,
    },
  ];
  // The headline reads the last complete month; the month in progress is labelled as such, never read as a drop.
  const month = mrr.movements.find((m) => m.month === complete) ?? mrr.movements[mrr.movements.length - 1];
  const monthName = (key: string) =>
    inProgress && key === kpis.referenceMonth ? `${formatMonth(key)} (so far)` : formatMonth(key);
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Overview</h1>
        <p className="text-sm text-slate-500">
          Monthly figures for {completeName}, the last complete month · data through{" "}
          {formatDateTime(kpis.lastEventAt, user.timeZone)}
          {kpis.aggregatesMissing
            ? " · monthly trends are being computed"
            : kpis.aggregatesStale &&
              ` · trends from ${formatDateTime(kpis.aggregatesComputedAt, user.timeZone)}, refreshing`}
        </p>
        <FreshnessLine sources={freshness} timeZone={user.timeZone} />
      </div>

      <div className="grid grid-cols-2 gap-4 md:grid-cols-4">
        {tiles.map((t) => (
          <div key={t.key} data-testid={t.testId ?? `kpi-${t.key}`}>
            <Stat
              label={
                <Link
                  href={t.href}
                  className="hover:underline focus-visible:underline"
                  title="See the members behind this number"
                >
                  {t.label}
                </Link>
              }
              value={t.money ? formatMoney(t.value) : formatCount(t.value)}
              delta={compareToPrevious(t.value, t.previous).relativeChange}
              deltaLabel={t.deltaLabel}
              invertDelta={t.invert}
              footnote={t.note}
              sparkline={
                <SparklineSvg
                  values={kpis.series[t.key].map((p) => p.value)}
                  partialLast={inProgress}
                  label={`${t.label}, last 12 months`}
                  width={96}
                  height={32}
                />
              }
            />
          </div>
        ))}
        <div data-testid="kpi-churn">
          <Stat
            label="Subscriber churn (30 days)"
            value={formatPercent(mrr.churn.rate)}
            deltaLabel=""
            sparkline={
              <span className="text-xs text-slate-500">
                {mrr.churn.churned} of{" "}
                {mrr.churn.activeAtStart + mrr.churn.newInWindow + mrr.churn.reactivatedInWindow}
              </span>
            }
            footnote={churnBaseNote(mrr.churn, user.timeZone)}
          />
        </div>
      </div>

      {toDate && <MonthToDateCard data={toDate} />}

      <Card>
        <CardHeader>
          <CardTitle>MRR movements</CardTitle>
          <CardDescription>
            {month
              ? `${formatMonth(month.month)}: net new ${formatMoney(month.netNewCents)}, gross MRR churn ${formatPercent(month.grossMrrChurnRate)}, net MRR churn ${formatPercent(month.netMrrChurnRate)}.`
              : "No subscription changes yet."}
          </CardDescription>
        </CardHeader>
        <CardContent className="space-y-3">
          <MrrMovementsChart
            title="MRR movements by month (new, expansion, reactivation, contraction, churn)"
            data={mrr.movements.map((m) => ({
              month: monthName(m.month),
              new: m.newCents / 100,
              expansion: m.expansionCents / 100,
              reactivation: m.reactivationCents / 100,
              contraction: -m.contractionCents / 100,
              churn: -m.churnCents / 100,
              net: m.netNewCents / 100,
            }))}
            emptyMessage="No subscription changes in the last 12 months."
          />
          <div className="overflow-x-auto">
            <table className="w-full text-xs">
              <caption className="sr-only">MRR churn by month</caption>
              <thead className="text-left text-slate-500">
                <tr>
                  <th scope="col" className="px-2 py-1">
                    Month
                  </th>
                  <th scope="col" className="px-2 py-1">
                    Start MRR
                  </th>
                  <th scope="col" className="px-2 py-1">
                    Net new
                  </th>
                  <th scope="col" className="px-2 py-1">
                    Gross MRR churn
                  </th>
                  <th scope="col" className="px-2 py-1">
                    Net MRR churn
                  </th>
                </tr>
              </thead>
              <tbody>
                {mrr.movements.slice(-6).map((m) => (
                  <tr key={m.month} className="border-t border-slate-100 tabular-nums dark:border-slate-800">
                    <td className="px-2 py-1">{monthName(m.month)}</td>
                    <td className="px-2 py-1">{formatMoney(m.startMrrCents)}</td>
                    <td className="px-2 py-1">{formatMoney(m.netNewCents)}</td>
                    <td className="px-2 py-1">{formatPercent(m.grossMrrChurnRate)}</td>
                    <td className="px-2 py-1">{formatPercent(m.netMrrChurnRate)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </CardContent>
      </Card>

      <TargetsSection targets={targets} canWrite={user.role === "admin"} timeZone={user.timeZone} />

      <div className="grid gap-6 lg:grid-cols-3">
        <RankedCard title="Top upgrade candidates" members={candidates} href="/candidates" />
        <RankedCard title="Top at-risk members" members={atRisk} href="/at-risk" />
        <AlertsCard alerts={alerts} timeZone={user.timeZone} />
      </div>
      <p className="text-xs text-slate-500">
        Trends are monthly (UTC months); the dashed end of a sparkline is the month in progress. Active = any
        event in the month, contributor = a contribution event; bots are never counted. Click a figure&apos;s
        name to see the members behind it.{" "}
        <Link href="/cohorts" className="underline">
          Cohorts
        </Link>{" "}
        shows retention.
      </p>
    </div>
  );
}

/**
 * The churn rate's base, which is not the Paying members figure: everyone who could cancel in the 30 days (paying at
 * their start, or starting or coming back in them), where Paying members counts those paying now, after the cancellations.
 */
function churnBaseNote(churn: SubscriberChurn, timeZone: string): string {
  const base = churn.activeAtStart + churn.newInWindow + churn.reactivatedInWindow;
  return `Of ${formatCount(base)} who paid in the 30 days: ${formatCount(churn.activeAtStart)} paying on ${formatDate(churn.windowStart, timeZone)}, ${formatCount(churn.newInWindow)} started and ${formatCount(churn.reactivatedInWindow)} came back since. Paying members counts those paying now.`;
}

/** "110 paying members from opencollective not counted: its data ends 31 Dec 2021." and the same for MRR. */
function notCountedNote(rows: NotCounted[], timeZone: string): { members: string; mrr: string } | undefined {
  if (rows.length === 0) return undefined;
  const ends = (r: NotCounted) => `its data ends ${formatDate(r.dataThrough, timeZone)}`;
  return {
    members: rows
      .map(
        (r) =>
          `${formatCount(r.members)} paying member${r.members === 1 ? "" : "s"} from ${sourceLabel(r.source)} not counted: ${ends(r)}.`,
      )
      .join(" "),
    mrr: rows
      .map((r) => `${formatMoney(r.mrrCents)} from ${sourceLabel(r.source)} not counted: ${ends(r)}.`)
      .join(" "),
  };
}
