// One campaign's results: conversion by arm, uplift with a 95% Newcombe CI and p-value, extra
// conversions and MRR, the plain-language verdict with its assumptions, deciles, Qini, members.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { getCampaignSummary, listCampaignMembers } from "@/lib/data/campaigns";
import { parseTableSearchParams } from "@/components/data-table/search-params";
import { campaignMembersQuerySchema, CAMPAIGN_MEMBER_SORTS } from "@/lib/validation/campaigns";
import { parseRouteId } from "@/lib/validation/id";
import { formatCount, formatDate, formatMoney, formatPercent } from "@/lib/format/numbers";
import { Badge, Button, Card, CardContent, CardHeader, CardTitle, PageHeader, Stat } from "@/components/ui";
import { VERDICT_LABEL, VERDICT_TONE, formatP, formatUplift } from "../format";
import { CampaignMembersTable } from "./campaign-members-table";
import { CloseCampaignButton } from "./close-campaign-button";
import { DecileTable } from "./decile-table";
import { CampaignQini } from "./qini-panel";

export const metadata: Metadata = { title: "Campaign results" };
export const dynamic = "force-dynamic";

const CONVERSION_RULE: Record<string, string> = {
  upgrade: "a move to a higher tier than the member had at launch",
  renewal: "no cancellation or downgrade, and still on at least the launch tier at the horizon",
  reactivation: "a free member at launch starts paying again",
};

type Props = {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export default async function CampaignPage({ params, searchParams }: Props) {
  const user = await requireUser();
  const id = parseRouteId((await params).id);
  if (id === null) notFound();
  const query = await searchParams;
  const table = parseTableSearchParams(query, {
    allowedSort: CAMPAIGN_MEMBER_SORTS,
    defaultSort: [{ id: "decile", desc: true }],
  });
  const filters = campaignMembersQuerySchema.catch({}).parse({ arm: query.arm, converted: query.converted });
  const [c, members] = await Promise.all([
    getCampaignSummary(id),
    listCampaignMembers(id, {
      ...filters,
      sort: table.sorting[0],
      limit: table.pageSize,
      offset: table.pageIndex * table.pageSize,
    }),
  ]);
  if (!c) notFound();
  const r = c.result;
  const tz = user.timeZone;
  const exportQuery = new URLSearchParams(
    Object.entries(filters).filter(([, v]) => v) as [string, string][],
  ).toString();
  return (
    <div className="space-y-6">
      <PageHeader
        title={c.name}
        description={`${c.goal} · ${c.sourceList} list · launched ${formatDate(c.launchedAt, tz)} · horizon ${c.horizonWeeks} weeks, ends ${formatDate(c.horizonEndsAt, tz)}`}
        actions={
          <>
            <Badge tone={c.status === "active" ? "info" : "neutral"}>{c.status}</Badge>
            <Badge tone={c.isFinal ? "accent" : "warning"} data-testid="result-state">
              {c.isFinal ? "Final" : "Interim: outcomes still arriving"}
            </Badge>
            {user.role === "admin" && c.status === "active" && <CloseCampaignButton id={c.id} />}
            <Button asChild variant="ghost" size="sm">
              <Link href="/campaigns">All campaigns</Link>
            </Button>
          </>
        }
      />
      {typeof query.launched === "string" && (
        <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
          Launched with {query.launched} members
          {query.skipped && query.skipped !== "0"
            ? `; ${query.skipped} skipped because they were already in an active campaign`
            : ""}
          .
        </p>
      )}
      <Card data-testid="campaign-verdict">
        <CardHeader>
          <CardTitle className="flex items-center gap-2">
            Verdict <Badge tone={VERDICT_TONE[c.verdict.kind]}>{VERDICT_LABEL[c.verdict.kind]}</Badge>
          </CardTitle>
        </CardHeader>
        <CardContent className="space-y-2 text-sm">
          <p className="text-base">{c.verdict.sentence}</p>
          <p className="text-slate-600">
            A conversion is {CONVERSION_RULE[c.goal]}, within {c.horizonWeeks} weeks of launch.
          </p>
          <details>
            <summary className="cursor-pointer text-slate-600">Assumptions</summary>
            <ul className="mt-1 list-disc pl-5 text-slate-600">
              {c.verdict.assumptions.map((a) => (
                <li key={a}>{a}</li>
              ))}
              <li>
                Holdout share {formatPercent(c.holdoutShare, 0)}, seed {c.seed} (the split can be reproduced);
                base rate planned at launch {formatPercent(c.baseRate)}.
              </li>
            </ul>
          </details>
        </CardContent>
      </Card>
      <div className="grid grid-cols-2 gap-4 lg:grid-cols-3">
        <Stat
          label={c.isFinal ? "Contacted: converted" : "Contacted: converted so far"}
          value={`${formatPercent(r.treatment.rate)} (${formatCount(r.treatment.conversions)} of ${formatCount(r.treatment.members)})`}
        />
        <Stat
          label={c.isFinal ? "Held out: converted" : "Held out: converted so far"}
          value={`${formatPercent(r.holdout.rate)} (${formatCount(r.holdout.conversions)} of ${formatCount(r.holdout.members)})`}
        />
        <Stat
          label="Smallest detectable lift"
          value={
            <span data-testid="campaign-mde">
              {r.minimumDetectableEffect === null
                ? "–"
                : `${(r.minimumDetectableEffect * 100).toFixed(1)} pts`}
            </span>
          }
          footnote="80% power, 5% two-sided, at the base rate planned at launch: the same figure as the preview."
        />
        {c.isFinal && (
          <>
            <Stat
              label="Uplift, 95% CI (Newcombe)"
              value={<span data-testid="uplift">{formatUplift(r.uplift)}</span>}
            />
            <Stat label="p-value (two-sided z-test)" value={formatP(r.pValue)} />
            <Stat
              label="Extra conversions (95% CI)"
              value={
                r.extraConversions
                  ? `${Math.round(r.extraConversions.estimate)} (${Math.round(r.extraConversions.lower)} to ${Math.round(r.extraConversions.upper)})`
                  : "–"
              }
            />
            <Stat
              label="Extra MRR implied (95% CI)"
              value={
                r.extraMrrCents
                  ? `${formatMoney(r.extraMrrCents.estimate)} (${formatMoney(r.extraMrrCents.lower)} to ${formatMoney(r.extraMrrCents.upper)})`
                  : "–"
              }
            />
          </>
        )}
      </div>
      <section aria-labelledby="deciles-heading" className="grid gap-6 lg:grid-cols-2">
        <div className="space-y-2">
          <h2 id="deciles-heading" className="text-lg font-semibold">
            By score decile
          </h2>
          <DecileTable deciles={r.deciles} />
        </div>
        <CampaignQini points={r.qini} />
      </section>
      <section aria-labelledby="members-heading" className="space-y-2">
        <h2 id="members-heading" className="text-lg font-semibold">
          Members
        </h2>
        <CampaignMembersTable
          campaignId={c.id}
          rows={members.rows}
          total={members.total}
          pageIndex={table.pageIndex}
          pageSize={table.pageSize}
          sorting={table.sorting}
          isAdmin={user.role === "admin"}
          exportHref={`/api/v1/campaigns/${c.id}/export${exportQuery ? `?${exportQuery}` : ""}`}
        />
      </section>
    </div>
  );
}
