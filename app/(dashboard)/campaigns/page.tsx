// Campaign list with status, sizes and verdicts, or (?pool=goal) campaigns pooled by goal.
import type { Metadata } from "next";
import Link from "next/link";
import { requireUser } from "@/lib/auth/session";
import { listCampaigns, pooledCampaignResults } from "@/lib/data/campaigns";
import { campaignPoolQuerySchema } from "@/lib/validation/campaigns";
import { formatCount, formatDate } from "@/lib/format/numbers";
import { Badge, Button, EmptyState, PageHeader, SegmentedLinks } from "@/components/ui";
import { PooledResults } from "./pooled-results";
import { VERDICT_LABEL, VERDICT_TONE, formatUplift } from "./format";

export const metadata: Metadata = { title: "Campaigns" };
export const dynamic = "force-dynamic";

const CAMPAIGNS_CSV = "/api/v1/campaigns?format=csv";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function CampaignsPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requireUser();
  const params = await searchParams;
  const pooled = params.pool === "goal";
  const { months } = campaignPoolQuerySchema
    .catch({ months: 6 })
    .parse({ months: params.months ?? undefined });
  const isAdmin = user.role === "admin";
  return (
    <div className="space-y-6">
      <PageHeader
        title="Campaigns"
        description="Outreach with a randomised holdout: what contacting members really changes."
        actions={
          <>
            <Button asChild variant="outline" size="sm">
              <a href={CAMPAIGNS_CSV} download>
                Export CSV
              </a>
            </Button>
            {isAdmin && (
              <Button asChild size="sm">
                <Link href="/campaigns/new">New campaign</Link>
              </Button>
            )}
          </>
        }
      />
      <SegmentedLinks
        label="Campaign view"
        items={[
          { href: "/campaigns", label: "All campaigns", active: !pooled },
          { href: `/campaigns?pool=goal&months=${months}`, label: "Pooled by goal", active: pooled },
        ]}
      />
      {pooled ? (
        <PooledResults results={await pooledCampaignResults(months)} months={months} />
      ) : (
        <CampaignList timeZone={user.timeZone} isAdmin={isAdmin} />
      )}
    </div>
  );
}

async function CampaignList({ timeZone, isAdmin }: { timeZone: string; isAdmin: boolean }) {
  const campaigns = await listCampaigns();
  if (campaigns.length === 0) {
    return (
      <EmptyState
        title="No campaigns yet"
        description="Launch one from the candidates or at-risk list; a random share is held out so the effect can be measured."
        action={
          isAdmin ? (
            <Button asChild size="sm">
              <Link href="/campaigns/new">New campaign</Link>
            </Button>
          ) : undefined
        }
      />
    );
  }
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="w-full text-sm" aria-label="Campaigns">
        <thead className="bg-slate-50 text-left text-xs text-slate-500 uppercase">
          <tr>
            <th className="px-3 py-2">Campaign</th>
            <th className="px-3 py-2">Goal</th>
            <th className="px-3 py-2">Status</th>
            <th className="px-3 py-2">Launched</th>
            <th className="px-3 py-2 text-right">Contacted</th>
            <th className="px-3 py-2 text-right">Held out</th>
            <th className="px-3 py-2">Uplift (95% CI)</th>
            <th className="px-3 py-2">Verdict</th>
          </tr>
        </thead>
        <tbody>
          {campaigns.map((c) => (
            <tr key={c.id} className="border-t border-slate-100 align-top">
              <td className="px-3 py-2 font-medium">
                <Link href={`/campaigns/${c.id}`} className="text-indigo-700 hover:underline">
                  {c.name}
                </Link>
                <div className="text-xs text-slate-500">
                  {c.sourceList} list · {c.horizonWeeks} weeks
                </div>
              </td>
              <td className="px-3 py-2">{c.goal}</td>
              <td className="px-3 py-2">
                <Badge tone={c.status === "active" ? "info" : "neutral"}>{c.status}</Badge>{" "}
                <Badge tone={c.isFinal ? "accent" : "warning"}>{c.isFinal ? "final" : "interim"}</Badge>
              </td>
              <td className="px-3 py-2 whitespace-nowrap">{formatDate(c.launchedAt, timeZone)}</td>
              <td className="px-3 py-2 text-right tabular-nums">{formatCount(c.contact)}</td>
              <td className="px-3 py-2 text-right tabular-nums">{formatCount(c.holdout)}</td>
              <td className="px-3 py-2 whitespace-nowrap tabular-nums">{formatUplift(c.result.uplift)}</td>
              <td className="px-3 py-2">
                <Badge tone={VERDICT_TONE[c.verdict.kind]}>{VERDICT_LABEL[c.verdict.kind]}</Badge>
                <p className="mt-1 max-w-md text-xs text-slate-600">{c.verdict.sentence}</p>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
