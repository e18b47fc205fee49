// Cards of the member page: identities (with the admin's split and re-join), organisations, plan history, scores, outreach.
// Member-provided text is rendered as text (React escapes it).
import type { ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import {
  CHANGE_KIND_LABELS,
  codeLabel,
  linkedByLabel,
  sourceLabel,
  PAYMENT_KIND_LABELS,
  PAYMENT_STATUS_LABELS,
} from "@/lib/format/labels";
import { formatDate, formatDateTime, formatMoney } from "@/lib/format/numbers";
import type { MemberProfile } from "@/lib/data/member-detail";
import {
  OUTREACH_KIND_LABELS,
  OUTREACH_LIST_LABELS,
  OUTREACH_STATUS_LABELS,
  type OutreachStatusValue,
} from "@/lib/validation/outreach";
import { RejoinButton, SplitIdentityButton } from "./split-identity";

function Section({ title, empty, children }: { title: string; empty: string | null; children: ReactNode }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>{title}</CardTitle>
      </CardHeader>
      <CardContent>{empty ? <p className="text-sm text-slate-500">{empty}</p> : children}</CardContent>
    </Card>
  );
}

function SimpleTable({ label, headers, rows }: { label: string; headers: string[]; rows: ReactNode[][] }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm">
        <caption className="sr-only">{label}</caption>
        <thead className="text-left text-xs text-slate-500">
          <tr>
            {headers.map((h) => (
              <th key={h} scope="col" className="px-2 py-1 font-medium">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((cells, i) => (
            <tr key={i} className="border-t border-slate-100 align-top dark:border-slate-800">
              {cells.map((c, j) => (
                <td key={j} className="px-2 py-1.5">
                  {c}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * From 1024 px the card spans the page's two columns (page.tsx) and a handle or email longer than its column is
 * cut with an ellipsis, whole in its title, instead of breaking mid-word. Narrower, wrapping anywhere is what
 * lets all five columns fit (a phone has no room for two 12rem columns).
 */
const CUT = "[overflow-wrap:anywhere] lg:max-w-[12rem] lg:truncate xl:max-w-[18rem]";

export function IdentitiesCard({
  identities,
  timeZone,
  canWrite,
}: {
  identities: MemberProfile["identities"];
  timeZone: string;
  /** Admins may split an identity off (never the only one) or re-join one split off. */
  canWrite: boolean;
}) {
  const headers = ["Source", "Handle / name", "Email", "Since", "Linked by"];
  return (
    <Section title="Identities" empty={identities.length === 0 ? "No identities." : null}>
      <SimpleTable
        label="Identities"
        headers={canWrite ? [...headers, "Actions"] : headers}
        rows={identities.map((i) => {
          const handle = i.handle ?? i.displayName ?? i.externalId;
          const actions = !canWrite
            ? []
            : [<IdentityActions key="a" identity={i} label={handle} only={identities.length === 1} />];
          return [
            <Badge key="s">{sourceLabel(i.source)}</Badge>,
            <span key="h" className="flex items-center gap-1">
              <span className={CUT} title={handle}>
                {handle}
              </span>
              {i.isBot && (
                <Badge tone="warning" className="shrink-0">
                  bot
                </Badge>
              )}
              {i.isDeleted && <Badge className="shrink-0">deleted</Badge>}
            </span>,
            <span key="e" className={`block ${CUT}`} title={i.email ?? undefined}>
              {i.email ?? "–"}
            </span>,
            <span key="d" className="whitespace-nowrap">
              {formatDate(i.firstActivityAt ?? i.createdAt, timeZone)}
            </span>,
            <LinkedBy key="l" stored={i.linkedBy} />,
            ...actions,
          ];
        })}
      />
    </Section>
  );
}

/** Why the identity joined this member, in words; text the labels do not know keeps the stored text in a tooltip. */
function LinkedBy({ stored }: { stored: string | null }) {
  if (!stored) return <span className="text-slate-600">–</span>;
  const { label, raw } = linkedByLabel(stored);
  return (
    <span className="text-slate-600" title={raw}>
      {label}
    </span>
  );
}

function IdentityActions(props: {
  identity: MemberProfile["identities"][number];
  label: string;
  only: boolean;
}) {
  const { identity: i, label } = props;
  if (i.split) return <RejoinButton splitId={i.split.id} fromMemberId={i.split.fromMemberId} label={label} />;
  if (props.only) return <span className="text-slate-500">–</span>;
  return <SplitIdentityButton identityId={i.id} label={label} source={i.source} events={i.events} />;
}

export function AffiliationsCard({
  affiliations,
  timeZone,
}: {
  affiliations: MemberProfile["affiliations"];
  timeZone: string;
}) {
  return (
    <Section title="Organisations" empty={affiliations.length === 0 ? "No organisation on record." : null}>
      <SimpleTable
        label="Organisation history"
        headers={["Organisation", "From", "Until", "Origin"]}
        rows={affiliations.map((a) => [
          a.org.name,
          formatDate(a.startsAt, timeZone),
          a.endsAt ? (
            formatDate(a.endsAt, timeZone)
          ) : (
            <Badge key="c" tone="success">
              current
            </Badge>
          ),
          a.origin,
        ])}
      />
    </Section>
  );
}

export function PlanHistoryCard({
  changes,
  planNames,
  timeZone,
}: {
  changes: MemberProfile["changes"];
  planNames: MemberProfile["planNames"];
  timeZone: string;
}) {
  const name = (key: string | null) => (key ? (planNames[key] ?? key) : "–");
  return (
    <Section title="Plan history" empty={changes.length === 0 ? "Never subscribed." : null}>
      <SimpleTable
        label="Plan history"
        headers={["When", "Change", "Plan", "MRR"]}
        rows={changes.map((c) => [
          formatDate(c.occurredAt, timeZone),
          <Badge
            key="k"
            tone={c.toTier > c.fromTier ? "success" : c.toTier < c.fromTier ? "warning" : "neutral"}
          >
            {codeLabel(CHANGE_KIND_LABELS, c.kind)}
          </Badge>,
          `${name(c.fromPlanKey)} → ${name(c.toPlanKey)}`,
          `${formatMoney(c.mrrBeforeCents, c.currency)} → ${formatMoney(c.mrrAfterCents, c.currency)} (${sourceLabel(c.source)})`,
        ])}
      />
    </Section>
  );
}

export function PaymentsCard({
  payments,
  total,
  timeZone,
}: {
  payments: MemberProfile["payments"];
  total: number;
  timeZone: string;
}) {
  return (
    <Section title="Payments" empty={total === 0 ? "No payments recorded." : null}>
      {total > payments.length && (
        <p className="mb-2 text-xs text-slate-500">
          The newest {payments.length} of {total} payments.
        </p>
      )}
      <SimpleTable
        label="Payments"
        headers={["When", "Amount", "Kind", "Status", "Source"]}
        rows={payments.map((p) => [
          formatDate(p.occurredAt, timeZone),
          paymentAmount(p.amountCents, p.currency),
          codeLabel(PAYMENT_KIND_LABELS, p.kind),
          <Badge key="s" tone={/fail/.test(p.status) ? "danger" : "neutral"}>
            {codeLabel(PAYMENT_STATUS_LABELS, p.status)}
          </Badge>,
          sourceLabel(p.source),
        ])}
      />
    </Section>
  );
}

/** A payment to the cent ($2.50, not $3), in its own currency; a currency code Intl does not know is written out. */
function paymentAmount(cents: number, currency: string): string {
  try {
    return new Intl.NumberFormat("en-US", { style: "currency", currency: currency.toUpperCase() }).format(
      cents / 100,
    );
  } catch {
    return `${(cents / 100).toFixed(2)} ${currency}`.trim();
  }
}

function reasonText(reasons: unknown): string {
  if (!Array.isArray(reasons)) return "";
  return reasons
    .slice(0, 4)
    .map((r) => {
      if (typeof r === "string") return r;
      if (r && typeof r === "object") {
        const o = r as Record<string, unknown>;
        const label = o.label ?? o.text ?? o.feature ?? o.name;
        const value = o.contribution ?? o.value;
        return [label, typeof value === "number" ? value.toFixed(2) : value]
          .filter((v) => v !== undefined && v !== null)
          .join(" ");
      }
      return "";
    })
    .filter(Boolean)
    .join("; ");
}

/** Scores as each day's list showed them (`labels`, rank-display.ts): a percentage or a High/Medium/Low band. */
export function ScoresCard({
  scores,
  labels,
  timeZone,
}: {
  scores: MemberProfile["scores"];
  labels: readonly string[];
  timeZone: string;
}) {
  return (
    <Section title="Score history" empty={scores.length === 0 ? "Not ranked yet." : null}>
      <SimpleTable
        label="Score history"
        headers={["As of", "List", "Rank", "Score", "Reasons"]}
        rows={scores.map((s, i) => [
          formatDate(s.asOf, timeZone),
          codeLabel(OUTREACH_LIST_LABELS, s.kind),
          `#${s.rank}${s.prevRank ? ` (was #${s.prevRank})` : ""}`,
          labels[i],
          <span key="r" className="text-xs text-slate-600 dark:text-slate-400">
            {reasonText(s.reasons)}
          </span>,
        ])}
      />
    </Section>
  );
}

export function OutreachCard({
  outreach,
  timeZone,
}: {
  outreach: MemberProfile["outreach"];
  timeZone: string;
}) {
  return (
    <Section title="Outreach" empty={outreach.length === 0 ? "No outreach yet." : null}>
      <SimpleTable
        label="Outreach history"
        headers={["When", "Kind", "Status", "Who", "Note"]}
        rows={outreach.map((o) => [
          formatDateTime(o.contactedAt ?? o.createdAt, timeZone),
          // The Outreach page's words for kind and status ("Upgrade ask", "No response"), not the stored keys.
          `${OUTREACH_KIND_LABELS[o.kind] ?? o.kind}${o.campaign ? ` · ${o.campaign.name}` : ""}`,
          <Badge key="s">{OUTREACH_STATUS_LABELS[o.status as OutreachStatusValue] ?? o.status}</Badge>,
          o.assignee?.email ?? "–",
          <span key="n" className="text-xs whitespace-pre-wrap">
            {[o.note, o.outcome].filter(Boolean).join(" — ")}
          </span>,
        ])}
      />
    </Section>
  );
}
