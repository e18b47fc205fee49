import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { memberEvents, memberProfile, memberTimeline } from "@/lib/data/member-detail";
import { memberCampaignOptions, type MemberCampaignOptions } from "@/lib/data/member-campaigns";
import { listScoreLabels } from "@/lib/data/rank-display";
import { StackedActivityChart } from "@/components/charts";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { SegmentedLinks } from "@/components/ui/segmented-links";
import { formatCount, formatDate, formatMoney } from "@/lib/format/numbers";
import { sourceLabel } from "@/lib/format/labels";
import { parseRouteId } from "@/lib/validation/id";
import { TIMELINE_RANGES, timelineRangeSchema } from "@/lib/validation/members";
import { ExportCsvLink } from "@/components/data-table/export-csv-link";
import { EventFeed } from "./event-feed";
import { MemberActionBar } from "./member-action-bar";
import { NotesPanel, TagEditor } from "./notes-and-tags";
import { PublicOptOutSwitch } from "./public-opt-out";
import {
  AffiliationsCard,
  IdentitiesCard,
  OutreachCard,
  PaymentsCard,
  PlanHistoryCard,
  ScoresCard,
} from "./sections";

export const metadata: Metadata = { title: "Member" };
export const dynamic = "force-dynamic";

type Props = {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

const RANGE_LABEL = { "12w": "12 weeks", "26w": "26 weeks", "52w": "52 weeks", all: "All time" } as const;

export default async function MemberPage({ params, searchParams }: Props) {
  const user = await requireUser();
  const id = parseRouteId((await params).id);
  if (id === null) notFound();
  const query = await searchParams;
  const range = timelineRangeSchema.parse(Array.isArray(query.range) ? query.range[0] : query.range);
  // All reads at once: for an unknown id the timeline and events are empty and thrown away.
  const isAdmin = user.role === "admin";
  const noCampaigns: MemberCampaignOptions = { kind: "ineligible", reason: "" };
  const [member, timeline, firstEvents, campaigns] = await Promise.all([
    memberProfile(id),
    memberTimeline(id, range),
    memberEvents(id, null),
    isAdmin ? memberCampaignOptions(id) : noCampaigns,
  ]);
  if (!member) notFound();
  const scoreLabels = await listScoreLabels(member.scores);
  const tz = user.timeZone;
  const currentOrg = member.currentOrganization?.name;
  return (
    <div className="min-w-0 space-y-6 overflow-x-hidden">
      <PageHeader
        title={member.displayName}
        description={
          [member.primaryEmail, currentOrg, member.country].filter(Boolean).join(" · ") || undefined
        }
        actions={
          <Link href="/members" className="text-sm text-sky-700 hover:underline dark:text-sky-400">
            All members
          </Link>
        }
      />
      <div className="flex flex-wrap items-center gap-2" aria-label="Flags and tags">
        {member.payingOnlyThroughStopped ? (
          <Badge tone="warning">
            Paid through {sourceLabel(member.payingOnlyThroughStopped.source)} until{" "}
            {formatDate(member.payingOnlyThroughStopped.dataThrough, tz)}, where its data stops: not counted
            as paying
          </Badge>
        ) : member.currentTier > 0 && member.isBot ? (
          <Badge tone="warning">
            Pays {formatMoney(member.countedMrrCents)}/mo: a bot, not counted as paying or in MRR
          </Badge>
        ) : member.currentTier > 0 ? (
          <Badge tone="success">Paying · {formatMoney(member.countedMrrCents)}/mo</Badge>
        ) : (
          <Badge>Free</Badge>
        )}
        {member.isStaff && <Badge tone="info">staff</Badge>}
        {member.isBot && (
          <Badge tone="warning" title="Bots are left out of every count: members, activity, paying and MRR">
            bot · not counted
          </Badge>
        )}
        {member.doNotContact && <Badge tone="danger">do not contact</Badge>}
        {member.publicOptOut && <Badge tone="neutral">public opt-out</Badge>}
        {member.tags.map((t) => (
          <Badge key={t} tone="accent">
            {t}
          </Badge>
        ))}
        <span className="text-xs text-slate-600 dark:text-slate-400">
          Joined {formatDate(member.joinedAt, tz)} · last active {formatDate(member.lastActiveAt, tz)} ·{" "}
          {formatCount(member.eventCount)} {member.eventCount === 1 ? "event" : "events"}
        </span>
      </div>
      {isAdmin && (
        <MemberActionBar
          memberId={id}
          name={member.displayName}
          doNotContact={member.doNotContact}
          campaigns={campaigns}
        />
      )}
      {isAdmin && <TagEditor memberId={id} tags={member.tags} />}
      {isAdmin && <PublicOptOutSwitch memberId={id} optedOut={member.publicOptOut} />}

      <Card>
        <CardHeader className="flex flex-row flex-wrap items-center justify-between gap-2">
          <CardTitle>Activity</CardTitle>
          <SegmentedLinks
            label="Timeline range"
            items={TIMELINE_RANGES.map((r) => ({
              href: `/members/${id}?range=${r}`,
              label: RANGE_LABEL[r],
              active: r === range,
            }))}
          />
        </CardHeader>
        <CardContent>
          <StackedActivityChart
            title={`Weekly activity of ${member.displayName} by source, ${RANGE_LABEL[range].toLowerCase()}`}
            description={`Weeks from ${timeline.from} to ${timeline.to}.`}
            data={timeline.weeks}
            sources={timeline.sources.map((s) => ({ key: s, label: sourceLabel(s) }))}
            events={timeline.markers}
            emptyMessage={
              member.eventCount > 0 && range !== "all"
                ? `No activity in the last ${RANGE_LABEL[range]}${member.lastActiveAt ? `: last active ${formatDate(member.lastActiveAt, tz)}` : ""}. Choose "All time" to see it.`
                : "No activity recorded."
            }
          />
        </CardContent>
      </Card>

      <div className="grid gap-6 lg:grid-cols-2">
        <div className="lg:col-span-2">
          <IdentitiesCard identities={member.identities} timeZone={tz} canWrite={isAdmin} />
        </div>
        <AffiliationsCard affiliations={member.affiliations} timeZone={tz} />
        <PlanHistoryCard changes={member.changes} planNames={member.planNames} timeZone={tz} />
        <PaymentsCard payments={member.payments} total={member.paymentCount} timeZone={tz} />
        <ScoresCard scores={member.scores} labels={scoreLabels} timeZone={tz} />
      </div>

      <Card>
        <CardHeader className="flex-row items-center justify-between">
          <CardTitle>Events</CardTitle>
          <ExportCsvLink href={`/api/v1/members/${id}/events/export`} what="all of this member's events" />
        </CardHeader>
        <CardContent>
          <EventFeed memberId={id} initial={firstEvents} timeZone={tz} />
        </CardContent>
      </Card>

      <div className="grid gap-6 lg:grid-cols-2">
        <OutreachCard outreach={member.outreach} timeZone={tz} />
        <NotesPanel
          memberId={id}
          canWrite={isAdmin}
          timeZone={tz}
          notes={member.notes.map((n) => ({
            id: n.id,
            body: n.body,
            createdAt: n.createdAt.toISOString(),
            author: n.author?.name ?? n.author?.email ?? "unknown",
          }))}
        />
      </div>
    </div>
  );
}
