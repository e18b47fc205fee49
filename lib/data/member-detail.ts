// Reads for the member page: profile, identities, organisations, plan history, weekly
// activity by source with account markers, the paged event feed, scores, outreach and notes.
import "server-only";
import { readDb as db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import type { TimelineRange } from "@/lib/validation/members";
import { codeLabel } from "@/lib/format/labels";
import { OUTREACH_KIND_LABELS } from "@/lib/validation/outreach";
import { isoDay, mondayOfDate, WEEK_MS } from "@/lib/time";
import { ACTIVE_STATUSES } from "@/lib/ingest/persist/billing";
import { currentOrganization, planName } from "./sql";
import { stoppedBillingSources } from "./overview";

/** The newest payments the member page lists; the card says how many there are in all. */
export const PAYMENTS_SHOWN = 50;

/**
 * The readable name (`planName`) of each plan key in the member's plan changes, with Stripe's own name from the
 * member's subscription on that plan when the data holds it.
 */
async function memberPlanNames(id: number): Promise<Record<string, string>> {
  const rows = await db.$queryRaw<{ key: string; name: string }[]>`
    select k.key, ${planName("p", Prisma.sql`k.key`, "s")} as name
      from (select distinct unnest(array[from_plan_key, to_plan_key]) as key from subscription_changes where member_id = ${id}) k
      left join plans p on p.key = k.key
      left join lateral (select * from subscriptions s where s.member_id = ${id} and s.plan_key = k.key order by s.id desc limit 1) s on true
     where k.key is not null`;
  return Object.fromEntries(rows.map((r) => [r.key, r.name]));
}

export async function memberProfile(id: number) {
  // Independent reads at once: the page waits for the slowest, not the sum.
  const [member, scores, [counts], firstActivity, [currentOrg], [payments], planNames, splits] =
    await Promise.all([
      db.member.findUnique({
        where: { id },
        include: {
          identities: {
            orderBy: [{ source: "asc" }, { createdAt: "asc" }],
            select: {
              id: true,
              source: true,
              externalId: true,
              handle: true,
              email: true,
              displayName: true,
              isBot: true,
              isDeleted: true,
              createdAt: true,
              linkedBy: true,
            },
          },
          affiliations: {
            orderBy: { startsAt: "desc" },
            include: { org: { select: { id: true, name: true, slug: true } } },
          },
          changes: { orderBy: { occurredAt: "desc" }, take: 200 },
          subscriptions: { orderBy: { startedAt: "desc" } },
          // One-off donations and sponsorships live only here (no subscription, no plan change).
          payments: {
            orderBy: [{ occurredAt: "desc" }, { id: "desc" }],
            take: PAYMENTS_SHOWN,
            select: {
              id: true,
              occurredAt: true,
              amountCents: true,
              currency: true,
              status: true,
              kind: true,
              source: true,
            },
          },
          outreach: {
            orderBy: { createdAt: "desc" },
            take: 100,
            include: {
              assignee: { select: { email: true } },
              campaign: { select: { id: true, name: true } },
            },
          },
          notes: {
            orderBy: { createdAt: "desc" },
            take: 200,
            include: { author: { select: { email: true, name: true } } },
          },
        },
      }),
      // Each row's rank is its place in that day's list (derived at read: raw score descending, ties by member id).
      // Where the member's next row in the same list has a previous rank and that list's previous day is this row's,
      // that is it (the next day was written from this day's ranks). Otherwise (the newest row, or after a gap) the
      // place is counted from the day's index (~30 ms at the end of an 80k list). A member removed from a past day
      // after the next day was written (a merge, an erasure) closes the gap in that day's count, not in the
      // previous ranks, as stored ranks did not either.
      db.$queryRaw<
        {
          kind: string;
          asOf: Date;
          score: number;
          rank: number;
          prevRank: number | null;
          reasons: Prisma.JsonValue;
          modelVersion: string;
        }[]
      >`
      with h as (
        select s.kind, s.as_of, s.member_id, s.raw_score, s.score, s.prev_rank, s.reasons, s.model_version,
               lead(s.prev_rank) over w as next_prev_rank, lead(s.as_of) over w as next_as_of
          from score_snapshots s where s.member_id = ${id}
        window w as (partition by s.kind order by s.as_of))
      select h.kind, h.as_of as "asOf", h.score, h.prev_rank as "prevRank", h.reasons, h.model_version as "modelVersion",
             case when h.next_prev_rank is not null
                   and (select max(y.as_of) from score_snapshots y where y.kind = h.kind and y.as_of < h.next_as_of) = h.as_of
                  then h.next_prev_rank
                  else (select count(*)::int + 1 from score_snapshots x
                         where x.kind = h.kind and x.as_of = h.as_of and x.raw_score >= h.raw_score
                           and (x.raw_score > h.raw_score or x.member_id < h.member_id)) end as rank
        from h order by h.as_of desc, h.kind asc limit 60`,
      db.$queryRaw<{ events: bigint; first_at: Date | null; last_at: Date | null }[]>`
      select count(*) as events, min(occurred_at) as first_at, max(occurred_at) as last_at from activity_events where member_id = ${id}`,
      // "Since" for each identity is its first activity on that source, when it has any.
      db.$queryRaw<{ identity_id: number; first_at: Date; events: number }[]>`
      select identity_id, min(occurred_at) as first_at, count(*)::int as events from activity_events where member_id = ${id} and identity_id is not null group by identity_id`,
      // The same "current organisation" as every list (lib/data/sql.ts), not a rule of this page's own.
      db.$queryRaw<{ org_id: number; org_name: string }[]>`
      select org.org_id, org.org_name from members m cross join lateral ${currentOrganization("m.id")} org where m.id = ${id}`,
      db.$queryRaw<{ n: number }[]>`select count(*)::int as n from payments where member_id = ${id}`,
      memberPlanNames(id),
      // Identities of this member an admin split off another member (not undone): they offer "Re-join".
      db.$queryRaw<{ identity_id: number; split_id: number; from_member_id: number }[]>`
      select s.identity_id, s.id as split_id, s.from_member_id from identity_splits s join identities i on i.id = s.identity_id
       where i.member_id = ${id} and s.undone_at is null`,
    ]);
  if (!member) return null;
  const firstAt = new Map(firstActivity.map((r) => [r.identity_id, r]));
  const splitOf = new Map(
    splits.map((s) => [s.identity_id, { id: s.split_id, fromMemberId: s.from_member_id }]),
  );
  return {
    ...member,
    identities: member.identities.map((i) => ({
      ...i,
      firstActivityAt: firstAt.get(i.id)?.first_at ?? null,
      events: firstAt.get(i.id)?.events ?? 0,
      split: splitOf.get(i.id) ?? null,
    })),
    // A snapshot row is keyed by its ranking and day (there is no surrogate id).
    scores: scores.map((s) => ({ ...s, id: `${s.kind}:${s.asOf.toISOString().slice(0, 10)}` })),
    paymentCount: payments.n,
    /** Plan key → the name pages show (`planName`). */
    planNames,
    eventCount: Number(counts.events),
    firstEventAt: counts.first_at,
    lastEventAt: counts.last_at,
    currentOrganization: currentOrg ? { id: currentOrg.org_id, name: currentOrg.org_name } : null,
    ...(await stoppedBilling(member)),
  };
}

/**
 * When every subscription that makes the member paying comes from a billing source that stopped long ago (the
 * Overview's rule, `dataFreshness`), that source and its last day: the page says so instead of "Paying", as the
 * Overview and the members list's paying filter leave such members out. `countedMrrCents`: the MRR without
 * the stopped sources' subscriptions, as the Overview and the members list count it.
 */
async function stoppedBilling(member: {
  currentTier: number;
  currentMrrCents: number;
  subscriptions: { source: string; status: string; mrrCents: number }[];
}): Promise<{
  payingOnlyThroughStopped: { source: string; dataThrough: Date | null } | null;
  countedMrrCents: number;
}> {
  const active = member.subscriptions.filter((s) => ACTIVE_STATUSES.includes(s.status));
  if (member.currentTier <= 0 || active.length === 0)
    return { payingOnlyThroughStopped: null, countedMrrCents: member.currentMrrCents };
  const stopped = await stoppedBillingSources();
  const stoppedActive = active.filter((s) => stopped.has(s.source));
  const countedMrrCents = member.currentMrrCents - stoppedActive.reduce((t, s) => t + s.mrrCents, 0);
  if (stoppedActive.length < active.length) return { payingOnlyThroughStopped: null, countedMrrCents };
  const source = active[0].source;
  return {
    payingOnlyThroughStopped: { source, dataThrough: stopped.get(source) ?? null },
    countedMrrCents,
  };
}
export type MemberProfile = NonNullable<Awaited<ReturnType<typeof memberProfile>>>;

export type TimelineMarker = {
  week: string;
  type: "upgrade" | "downgrade" | "outreach" | "payment_failure";
  label: string;
};

export interface MemberTimeline {
  sources: string[];
  /** One row per week (Monday, UTC, "YYYY-MM-DD"), oldest first; events per source. */
  weeks: ({ week: string } & Record<string, number | string>)[];
  markers: TimelineMarker[];
  from: string;
  to: string;
}

/**
 * Weekly activity by source over `range`, ending at the week of min(now, latest event in
 * the whole database) so historic imports still show a timeline.
 */
export async function memberTimeline(
  id: number,
  range: TimelineRange,
  now = new Date(),
): Promise<MemberTimeline> {
  const [bounds] = await db.$queryRaw<{ latest: Date | null; first_week: Date | null }[]>`
    select (select max(occurred_at) from activity_events) as latest,
           (select min(week_start) from weekly_activity where member_id = ${id}) as first_week`;
  const endAt = bounds.latest && bounds.latest < now ? bounds.latest : now;
  const end = mondayOfDate(endAt);
  const weeksBack = range === "all" ? null : Number(range.replace("w", ""));
  let start = weeksBack
    ? new Date(end.getTime() - (weeksBack - 1) * WEEK_MS)
    : mondayOfDate(bounds.first_week ?? end);
  if (start > end) start = end;
  const [rows, changes, outreach, failures, planNames] = await Promise.all([
    db.$queryRaw<{ week_start: Date; source: string; events: number }[]>`
      select week_start, source, events from weekly_activity
       where member_id = ${id} and week_start >= ${start}::date and week_start <= ${end}::date`,
    db.$queryRaw<
      { occurred_at: Date; kind: string; from_tier: number; to_tier: number; to_plan_key: string | null }[]
    >`
      select occurred_at, kind::text as kind, from_tier, to_tier, to_plan_key from subscription_changes
       where member_id = ${id} and occurred_at >= ${start} and occurred_at < ${new Date(end.getTime() + WEEK_MS)}`,
    db.$queryRaw<{ at: Date; kind: string }[]>`
      select coalesce(contacted_at, created_at) as at, kind from outreach where member_id = ${id}
         and coalesce(contacted_at, created_at) >= ${start} and coalesce(contacted_at, created_at) < ${new Date(end.getTime() + WEEK_MS)}`,
    db.$queryRaw<{ occurred_at: Date; amount_cents: number }[]>`
      select occurred_at, amount_cents from payments where member_id = ${id} and status in ('failed', 'payment_failed')
         and occurred_at >= ${start} and occurred_at < ${new Date(end.getTime() + WEEK_MS)}`,
    memberPlanNames(id),
  ]);
  const sources = [...new Set(rows.map((r) => r.source))].sort();
  const byWeek = new Map<string, Record<string, number>>();
  for (const r of rows) {
    const key = isoDay(r.week_start);
    const entry = byWeek.get(key) ?? {};
    entry[r.source] = (entry[r.source] ?? 0) + r.events;
    byWeek.set(key, entry);
  }
  const weeks: MemberTimeline["weeks"] = [];
  for (let t = start.getTime(); t <= end.getTime(); t += WEEK_MS) {
    const week = isoDay(new Date(t));
    const counts = byWeek.get(week) ?? {};
    weeks.push({ week, ...Object.fromEntries(sources.map((s) => [s, counts[s] ?? 0])) });
  }
  const markers: TimelineMarker[] = [
    ...changes
      .filter((c) => c.to_tier !== c.from_tier || c.kind === "cancel")
      .map((c): TimelineMarker => {
        const up = c.to_tier > c.from_tier;
        return {
          week: isoDay(mondayOfDate(c.occurred_at)),
          type: up ? "upgrade" : "downgrade",
          label: `${up ? "Upgrade" : "Downgrade"} to ${(c.to_plan_key && planNames[c.to_plan_key]) ?? `tier ${c.to_tier}`}`,
        };
      }),
    ...outreach.map((o): TimelineMarker => ({
      week: isoDay(mondayOfDate(o.at)),
      type: "outreach",
      label: `Outreach: ${codeLabel(OUTREACH_KIND_LABELS, o.kind)}`,
    })),
    ...failures.map((f): TimelineMarker => ({
      week: isoDay(mondayOfDate(f.occurred_at)),
      type: "payment_failure",
      label: "Payment failed",
    })),
  ].sort((a, b) => a.week.localeCompare(b.week));
  return { sources, weeks, markers, from: isoDay(start), to: isoDay(end) };
}

export interface MemberEventRow {
  id: string;
  type: string;
  source: string;
  channel: string | null;
  occurredAt: string;
  weight: number;
  /** Short "key: value" summary of the event's properties (plain text). */
  summary: string;
}

export interface MemberEventPage {
  events: MemberEventRow[];
  nextCursor: string | null;
}

function summarise(properties: unknown): string {
  if (!properties || typeof properties !== "object") return "";
  return Object.entries(properties as Record<string, unknown>)
    .filter(([, v]) => v !== null && v !== undefined && typeof v !== "object")
    .slice(0, 4)
    .map(([k, v]) => `${k}: ${String(v).slice(0, 80)}`)
    .join(" · ");
}

/** Newest first, `limit` at a time; the cursor is the last row's (occurred_at, id). */
export async function memberEvents(
  id: number,
  cursor: { occurredAt: Date; id: bigint } | null,
  limit = 50,
): Promise<MemberEventPage> {
  const after = cursor
    ? Prisma.sql`and (occurred_at, id) < (${cursor.occurredAt}, ${cursor.id})`
    : Prisma.empty;
  const rows = await db.$queryRaw<
    {
      id: bigint;
      type: string;
      source: string;
      channel: string | null;
      occurred_at: Date;
      weight: number;
      properties: unknown;
    }[]
  >`
    select id, type, source, channel, occurred_at, weight, properties from activity_events
     where member_id = ${id} ${after}
     order by occurred_at desc, id desc limit ${limit + 1}`;
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    events: page.map((r) => ({
      id: String(r.id),
      type: r.type,
      source: r.source,
      channel: r.channel,
      occurredAt: r.occurred_at.toISOString(),
      weight: r.weight,
      summary: summarise(r.properties),
    })),
    nextCursor: rows.length > limit && last ? `${last.occurred_at.toISOString()}|${last.id}` : null,
  };
}

/** Whether there is a member with this id. */
export async function memberExists(id: number): Promise<boolean> {
  return (await db.member.count({ where: { id } })) > 0;
}
