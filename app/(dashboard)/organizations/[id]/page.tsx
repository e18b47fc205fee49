// One organisation: partner eligibility with its evidence, 12 months of credited contributions,
// domains, affiliations (fixable), financial contributions and code-of-conduct flags.
import type { Metadata } from "next";
import Link from "next/link";
import { CircleCheck, CircleX } from "lucide-react";
import { notFound, redirect } from "next/navigation";
import { Badge, Card, CardContent, CardHeader, CardTitle, PageHeader, Stat } from "@/components/ui";
import { TrendChart } from "@/components/charts";
import { requireUser } from "@/lib/auth/session";
import { AFFILIATIONS_PER_PAGE, organizationDetail, organizationOptions } from "@/lib/data/organizations";
import { formatCount, formatDate, formatMoney } from "@/lib/format/numbers";
import { parseRouteId } from "@/lib/validation/id";
import { monthLabel } from "@/lib/partners/report";
import {
  AFFILIATION_ORIGIN_LABELS,
  codeLabel,
  PARTNER_STATUS_LABELS,
  PAYMENT_KIND_LABELS,
  sourceLabel,
} from "@/lib/format/labels";
import { ExportCsvLink } from "@/components/data-table/export-csv-link";
import { monthViewFromParams } from "../month";
import { stoppedSourcesNote } from "../stopped-note";
import {
  AffiliationForm,
  CocFlagForm,
  ManualPaymentForm,
  MergeForm,
  OrganizationDetailsForm,
} from "./organization-forms";

export const metadata: Metadata = { title: "Organisation" };
export const dynamic = "force-dynamic";

const STATUS_TONE = { eligible: "success", not_yet: "neutral", lapsed: "warning" } as const;

export default async function OrganizationPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requireUser();
  const id = parseRouteId((await params).id);
  if (id === null) notFound();
  const query = await searchParams;
  const view = await monthViewFromParams(query);
  const month = view.month;
  const affPage = Math.max(0, (Number(Array.isArray(query.aff) ? query.aff[0] : query.aff) || 1) - 1);
  const detail = await organizationDetail(id, month, affPage);
  if (!detail) notFound();
  if (detail.org.mergedIntoId) redirect(`/organizations/${detail.org.mergedIntoId}?month=${month}`);
  const isAdmin = user.role === "admin";
  const options = isAdmin ? await organizationOptions() : [];
  const { org, eligibility } = detail;
  const status = { label: PARTNER_STATUS_LABELS[eligibility.status], tone: STATUS_TONE[eligibility.status] };
  // A month still in progress is drawn dashed beside the whole months, so it never reads as a drop.
  const points = detail.series.map((s) => ({ month: s.month, value: s.contributions }));
  const partial = view.status === "in_progress";
  const partialLabel = `${monthLabel(month)} so far`;
  return (
    <div className="space-y-6">
      <PageHeader
        title={org.name}
        description={
          <>
            {detail.domains.join(", ") || "No domains"}
            {org.country ? ` · ${org.country}` : ""}
            {org.isStaffOrg ? " · staff organisation" : ""}
          </>
        }
        actions={
          <Link href={`/organizations?month=${month}`} className="text-sm text-indigo-700 hover:underline">
            All organisations
          </Link>
        }
      />
      <Card>
        <CardHeader>
          <CardTitle>
            Partner status for {monthLabel(month)}:{" "}
            <Badge tone={status.tone} data-testid="partner-status">
              {status.label}
            </Badge>
          </CardTitle>
        </CardHeader>
        <CardContent>
          <ul className="space-y-1 text-sm">
            {eligibility.rules.map((r) => (
              // Icons, not emoji: a machine without a colour-emoji font showed empty boxes.
              <li key={r.rule} className="flex items-start gap-1.5" data-testid="partner-rule">
                {r.passed ? (
                  <CircleCheck aria-hidden="true" className="mt-0.5 size-4 shrink-0 text-emerald-600" />
                ) : (
                  <CircleX aria-hidden="true" className="mt-0.5 size-4 shrink-0 text-red-600" />
                )}
                <span>
                  <span className="sr-only">{r.passed ? "met:" : "not met:"}</span> {r.detail}
                </span>
              </li>
            ))}
            {eligibility.lastEligibleMonth && (
              <li>Last eligible in {monthLabel(eligibility.lastEligibleMonth)}.</li>
            )}
          </ul>
          <p className="mt-3 text-sm text-slate-700 dark:text-slate-300" data-testid="eligibility-counts">
            Only the organisation&apos;s own sponsorship counts toward the minimum: payments made by it, or by
            its Open Collective backer account (listed under Financial contributions).
            {detail.payingMembers > 0
              ? ` Its ${formatCount(detail.payingMembers)} paying member${detail.payingMembers === 1 ? "" : "s"} (${formatMoney(detail.membersMrrCents)}/month of their own subscriptions) do not count toward it.`
              : " Its members' own subscriptions would not count either."}
          </p>
        </CardContent>
      </Card>
      <div className="grid grid-cols-2 gap-4 md:grid-cols-3" role="group" aria-label="Account">
        <Stat label="Members now" value={formatCount(detail.currentMembers)} footnote="Bots excluded." />
        <Stat
          label="Paying members"
          value={formatCount(detail.payingMembers)}
          footnote={`Bots excluded.${stoppedSourcesNote(detail.notCounted, user.timeZone)}`}
        />
        <Stat
          label="Members' MRR"
          value={formatMoney(detail.membersMrrCents)}
          footnote="Their own subscriptions; bots excluded."
        />
      </div>
      <Card>
        <CardHeader>
          <CardTitle>Contributions, last 12 months</CardTitle>
        </CardHeader>
        <CardContent>
          <TrendChart
            title={`${org.name}: contributions per month`}
            data={partial ? points.slice(0, -1) : points}
            projection={partial ? points.slice(-1) : []}
            projectionLabel={partialLabel}
            seriesLabel="Contributions"
          />
          {partial && (
            <p className="mt-2 text-xs text-slate-600 dark:text-slate-400">
              The dashed end is {partialLabel}, not a whole month.
            </p>
          )}
        </CardContent>
      </Card>
      <section aria-labelledby="affiliations-heading" className="space-y-3">
        <div className="flex items-center justify-between gap-3">
          <h2 id="affiliations-heading" className="text-lg font-semibold">
            Affiliated members ({formatCount(detail.affiliationTotal)})
          </h2>
          <ExportCsvLink
            href={`/api/v1/organizations/${org.id}/affiliations/export`}
            what="all affiliated members"
          />
        </div>
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-950">
          <table className="w-full text-sm">
            <caption className="sr-only">Affiliated members, page {affPage + 1}</caption>
            <thead className="bg-slate-50 text-left text-xs text-slate-600 uppercase dark:bg-slate-900 dark:text-slate-400">
              <tr>
                <th scope="col" className="px-3 py-2">
                  Member
                </th>
                <th scope="col" className="px-3 py-2">
                  From
                </th>
                <th scope="col" className="px-3 py-2">
                  Until
                </th>
                <th scope="col" className="px-3 py-2">
                  Origin
                </th>
                {isAdmin && (
                  <th scope="col" className="px-3 py-2">
                    Fix
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {detail.affiliations.map((a) => (
                <tr key={a.id} className="border-t border-slate-100 align-top dark:border-slate-800">
                  <td className="px-3 py-2">
                    <Link
                      href={`/members/${a.memberId}`}
                      className="text-indigo-700 hover:underline dark:text-indigo-300"
                    >
                      {a.memberName}
                    </Link>
                  </td>
                  <td className="px-3 py-2">
                    {a.startsAt.getTime() === 0 ? "always" : formatDate(a.startsAt, user.timeZone)}
                  </td>
                  <td className="px-3 py-2">{a.endsAt ? formatDate(a.endsAt, user.timeZone) : "now"}</td>
                  <td className="px-3 py-2">{codeLabel(AFFILIATION_ORIGIN_LABELS, a.origin)}</td>
                  {isAdmin && (
                    <td className="px-3 py-2">
                      <details>
                        <summary className="cursor-pointer text-indigo-700">Edit</summary>
                        <AffiliationForm
                          orgId={org.id}
                          options={options}
                          affiliation={{
                            id: a.id,
                            memberId: a.memberId,
                            startsAt: a.startsAt.toISOString(),
                            endsAt: a.endsAt?.toISOString() ?? null,
                          }}
                        />
                      </details>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {detail.affiliationTotal > AFFILIATIONS_PER_PAGE && (
          <nav aria-label="Affiliation pages" className="flex items-center gap-3 text-sm">
            {affPage > 0 && (
              <Link
                href={`/organizations/${org.id}?month=${month}&aff=${affPage}`}
                className="text-indigo-700 hover:underline"
              >
                Previous {AFFILIATIONS_PER_PAGE}
              </Link>
            )}
            <span className="text-slate-600">
              {affPage * AFFILIATIONS_PER_PAGE + 1}–
              {Math.min((affPage + 1) * AFFILIATIONS_PER_PAGE, detail.affiliationTotal)} of{" "}
              {formatCount(detail.affiliationTotal)}
            </span>
            {(affPage + 1) * AFFILIATIONS_PER_PAGE < detail.affiliationTotal && (
              <Link
                href={`/organizations/${org.id}?month=${month}&aff=${affPage + 2}`}
                className="text-indigo-700 hover:underline"
              >
                Next {AFFILIATIONS_PER_PAGE}
              </Link>
            )}
          </nav>
        )}
        {isAdmin && <AffiliationForm orgId={org.id} options={options} />}
      </section>
      <section aria-labelledby="money-heading" className="space-y-3">
        <h2 id="money-heading" className="text-lg font-semibold">
          Financial contributions
        </h2>
        {detail.payments.length === 0 ? (
          <p className="text-sm text-slate-600">None recorded in the last 36 months.</p>
        ) : (
          <ul className="text-sm">
            {detail.payments.map((p) => (
              <li key={p.id}>
                {formatDate(p.occurredAt, user.timeZone)} · {formatMoney(p.amountCents, p.currency)} ·{" "}
                {sourceLabel(p.source)} ({codeLabel(PAYMENT_KIND_LABELS, p.kind)}
                {p.via === "backer" ? ", via backer member" : ""})
              </li>
            ))}
          </ul>
        )}
        {isAdmin && <ManualPaymentForm orgId={org.id} />}
      </section>
      <section aria-labelledby="coc-heading" className="space-y-3">
        <h2 id="coc-heading" className="text-lg font-semibold">
          Code-of-conduct flags
        </h2>
        {detail.cocFlags.length === 0 ? (
          <p className="text-sm text-slate-600">None.</p>
        ) : (
          <ul className="text-sm">
            {detail.cocFlags.map((f) => (
              <li key={f.id}>
                {formatDate(f.occurredAt, user.timeZone)}: {f.note}
              </li>
            ))}
          </ul>
        )}
        {isAdmin && <CocFlagForm orgId={org.id} />}
      </section>
      {isAdmin && (
        <section aria-labelledby="admin-heading" className="space-y-3">
          <h2 id="admin-heading" className="text-lg font-semibold">
            Details and merge
          </h2>
          <OrganizationDetailsForm org={org} />
          <MergeForm orgId={org.id} orgName={org.name} options={options} />
        </section>
      )}
    </div>
  );
}
