// Pooled results by goal: campaigns with the same goal summed decile by decile, with the verdict
// and the assumptions pooling adds. Server component.
import Link from "next/link";
import type { PooledGoalResult } from "@/lib/data/campaigns";
import { formatCount, formatPercent } from "@/lib/format/numbers";
import { Badge, Card, CardContent, CardHeader, CardTitle, EmptyState } from "@/components/ui";
import { VERDICT_LABEL, VERDICT_TONE, formatP, formatUplift } from "./format";

export function PooledResults({ results, months }: { results: PooledGoalResult[]; months: number }) {
  return (
    <section aria-labelledby="pooled-heading" className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="pooled-heading" className="text-lg font-semibold">
          Pooled by goal, campaigns launched in the last {months} months
        </h2>
        <nav aria-label="Pooling window" className="flex gap-2 text-sm">
          {[3, 6, 12, 24].map((m) => (
            <Link
              key={m}
              href={`/campaigns?pool=goal&months=${m}`}
              aria-current={m === months ? "page" : undefined}
              className={m === months ? "font-semibold" : "text-indigo-700 hover:underline"}
            >
              {m} months
            </Link>
          ))}
        </nav>
      </div>
      {results.length === 0 && (
        <EmptyState title="Nothing to pool" description="No campaign was launched in this window." />
      )}
      {results.map((r) => (
        <Card key={r.goal} data-testid={`pooled-${r.goal}`}>
          <CardHeader>
            <CardTitle className="flex items-center gap-2">
              {r.goal} <Badge tone={VERDICT_TONE[r.verdict.kind]}>{VERDICT_LABEL[r.verdict.kind]}</Badge>
            </CardTitle>
          </CardHeader>
          <CardContent className="space-y-2 text-sm">
            <p>{r.verdict.sentence}</p>
            <dl className="grid grid-cols-2 gap-2 md:grid-cols-4">
              <div>
                <dt className="text-xs text-slate-500">Campaigns</dt>
                <dd>
                  {r.campaignIds.map((id, i) => (
                    <span key={id}>
                      {i > 0 && ", "}
                      <Link className="text-indigo-700 hover:underline" href={`/campaigns/${id}`}>
                        #{id}
                      </Link>
                    </span>
                  ))}
                </dd>
              </div>
              <div>
                <dt className="text-xs text-slate-500">Contacted</dt>
                <dd className="tabular-nums">
                  {formatCount(r.result.treatment.members)} · {formatPercent(r.result.treatment.rate)}
                </dd>
              </div>
              <div>
                <dt className="text-xs text-slate-500">Held out</dt>
                <dd className="tabular-nums">
                  {formatCount(r.result.holdout.members)} · {formatPercent(r.result.holdout.rate)}
                </dd>
              </div>
              <div>
                <dt className="text-xs text-slate-500">Uplift (95% CI), p</dt>
                <dd className="tabular-nums">
                  {formatUplift(r.result.uplift)}, p {formatP(r.result.pValue)}
                </dd>
              </div>
            </dl>
            <details>
              <summary className="cursor-pointer text-xs text-slate-600">Assumptions</summary>
              <ul className="mt-1 list-disc pl-5 text-xs text-slate-600">
                {r.result.assumptions.map((a) => (
                  <li key={a}>{a}</li>
                ))}
              </ul>
            </details>
          </CardContent>
        </Card>
      ))}
    </section>
  );
}
