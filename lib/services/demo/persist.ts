// Writes a generated demo dataset in a handful of big `insert ... select from unnest(...)` statements,
// with ids reserved from each table's sequence up front so rows can reference each other without round trips.
import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import { unnestRows, writeInChunks } from "@/lib/db/unnest";
import { DEMO_PLANS, EVENT_TYPES, SOURCES } from "./catalog";
import type { DemoDataset } from "./types";

type Tx = Prisma.TransactionClient;

const CHUNK = 50_000;

/** Epoch milliseconds → timestamptz, inside the SQL (float8 arrays travel faster than Date arrays). */
const ts = (column: string) => Prisma.raw(`to_timestamp(${column} / 1000.0)`);
const tsValue = (ms: number) => Prisma.sql`to_timestamp(${ms}::float8 / 1000.0)`;

/** Reserves `n` ids from a table's serial sequence, ascending, so concurrent inserts elsewhere never collide. */
async function reserveIds(
  tx: Tx,
  table: "organizations" | "members" | "identities" | "subscriptions",
  n: number,
) {
  if (n === 0) return [];
  const rows = await tx.$queryRaw<{ id: number }[]>`
    select nextval(pg_get_serial_sequence(${table}, 'id'))::int as id from generate_series(1, ${n}::int)`;
  return rows.map((r) => r.id).sort((a, b) => a - b);
}

/** Inserts the plans that do not exist yet; returns the keys it created (removal deletes only those). */
export async function ensurePlans(tx: Tx): Promise<string[]> {
  const rows = await tx.$queryRaw<{ key: string }[]>`
    insert into plans (key, name, tier_rank, monthly_amount_cents, currency)
    select key, name, tier_rank, cents, 'usd' from ${unnestRows({
      key: ["text", DEMO_PLANS.map((p) => p.key)],
      name: ["text", DEMO_PLANS.map((p) => p.name)],
      tier_rank: ["int", DEMO_PLANS.map((p) => p.tierRank)],
      cents: ["int", DEMO_PLANS.map((p) => p.monthlyAmountCents)],
    })}
    on conflict (key) do nothing returning key`;
  return rows.map((r) => r.key).sort();
}

export async function persistDemoDataset(
  tx: Tx,
  data: DemoDataset,
  progress: (pct: number, label: string) => void,
): Promise<void> {
  const now = tsValue(data.timeline.end);
  const [orgIds, memberIds, identityIds, subIds] = [
    await reserveIds(tx, "organizations", data.orgs.length),
    await reserveIds(tx, "members", data.members.length),
    await reserveIds(tx, "identities", data.identities.length),
    await reserveIds(tx, "subscriptions", data.subscriptions.length),
  ];

  const { orgs, members, identities, subscriptions, changes, payments, outreach } = data;
  const lastChangeAt = subscriptions.map((s) => s.startedAt);
  for (const c of changes)
    lastChangeAt[c.subscription] = Math.max(lastChangeAt[c.subscription], c.occurredAt);
  await writeInChunks(
    tx,
    {
      id: ["int", orgIds],
      name: ["text", orgs.map((o) => o.name)],
      slug: ["text", orgs.map((o) => o.slug)],
      country: ["text", orgs.map((o) => o.country)],
      staff: ["boolean", orgs.map((o) => o.isStaffOrg)],
    },
    (rows) => Prisma.sql`
      insert into organizations (id, name, slug, country, is_staff_org, is_demo, created_at)
      select id, name, slug, country, staff, true, ${tsValue(data.timeline.start)} from ${rows}`,
    CHUNK,
  );
  await writeInChunks(
    tx,
    { domain: ["text", orgs.map((o) => o.domain)], org_id: ["int", orgIds] },
    (rows) =>
      Prisma.sql`insert into organization_domains (domain, org_id) select domain, org_id from ${rows}`,
    CHUNK,
  );

  await writeInChunks(
    tx,
    {
      id: ["int", memberIds],
      name: ["text", members.map((m) => m.displayName)],
      email: ["text", members.map((m) => m.email)],
      country: ["text", members.map((m) => m.country)],
      joined: ["float8", members.map((m) => m.joinedAt)],
      staff: ["boolean", members.map((m) => m.isStaff)],
      bot: ["boolean", members.map((m) => m.isBot)],
      dnc: ["boolean", members.map((m) => m.doNotContact)],
      tags: ["text", members.map((m) => m.tags.join(","))],
      tier: ["int", members.map((m) => m.currentTier)],
      mrr: ["int", members.map((m) => m.currentMrrCents)],
      last: ["float8", members.map((m) => m.lastActiveAt)],
    },
    (rows) => Prisma.sql`
      insert into members (id, display_name, primary_email, country, joined_at, is_staff, is_bot, do_not_contact, tags, is_demo,
                           current_tier, current_mrr_cents, last_active_at, created_at, updated_at)
      select id, name, email, country, ${ts("joined")}, staff, bot, dnc, coalesce(string_to_array(nullif(tags, ''), ','), '{}'), true,
             tier, mrr, ${ts("last")}, ${ts("joined")}, ${now}
        from ${rows}`,
    CHUNK,
  );
  const affiliated = members.map((m, i) => ({ m, i })).filter(({ m }) => m.org >= 0);
  await writeInChunks(
    tx,
    {
      member_id: ["int", affiliated.map(({ i }) => memberIds[i])],
      org_id: ["int", affiliated.map(({ m }) => orgIds[m.org])],
      starts: ["float8", affiliated.map(({ m }) => m.joinedAt)],
    },
    (rows) => Prisma.sql`
      insert into affiliations (member_id, org_id, starts_at, origin, created_at)
      select member_id, org_id, ${ts("starts")}, 'email-domain', ${ts("starts")} from ${rows}`,
    CHUNK,
  );
  await writeInChunks(
    tx,
    {
      id: ["int", identityIds],
      member_id: ["int", identities.map((x) => memberIds[x.member])],
      source: ["text", identities.map((x) => x.source)],
      external_id: ["text", identities.map((x) => x.externalId)],
      handle: ["text", identities.map((x) => x.handle)],
      email: ["text", identities.map((x) => x.email)],
      display_name: ["text", identities.map((x) => x.displayName)],
      bot: ["boolean", identities.map((x) => x.isBot)],
    },
    (rows) => Prisma.sql`
      insert into identities (id, member_id, source, external_id, handle, email, display_name, is_bot, created_at)
      select id, member_id, source, external_id, handle, email, display_name, bot, ${now} from ${rows}`,
    CHUNK,
  );
  progress(35, "members");

  await writeInChunks(
    tx,
    {
      id: ["int", subIds],
      member_id: ["int", subscriptions.map((s) => memberIds[s.member])],
      external_id: ["text", subscriptions.map((s) => s.externalId)],
      customer_id: ["text", subscriptions.map((s) => s.customerId)],
      plan_key: ["text", subscriptions.map((s) => s.planKey)],
      tier: ["int", subscriptions.map((s) => s.tierRank)],
      status: ["text", subscriptions.map((s) => s.status)],
      mrr: ["int", subscriptions.map((s) => s.mrrCents)],
      started: ["float8", subscriptions.map((s) => s.startedAt)],
      canceled: ["float8", subscriptions.map((s) => s.canceledAt)],
      period_end: ["float8", subscriptions.map((s) => s.currentPeriodEnd)],
      last_event: ["float8", lastChangeAt],
    },
    (rows) => Prisma.sql`
      insert into subscriptions (id, member_id, source, external_id, customer_id, plan_key, tier_rank, status, mrr_cents, currency,
                                 started_at, canceled_at, current_period_end, last_event_at, updated_at)
      select id, member_id, 'demo', external_id, customer_id, plan_key, tier, status, mrr, 'usd',
             ${ts("started")}, ${ts("canceled")}, ${ts("period_end")}, ${ts("last_event")}, ${now}
        from ${rows}`,
    CHUNK,
  );
  await writeInChunks(
    tx,
    {
      subscription_id: ["int", changes.map((c) => subIds[c.subscription])],
      member_id: ["int", changes.map((c) => memberIds[c.member])],
      external_id: ["text", changes.map((c) => c.externalId)],
      kind: ["text", changes.map((c) => c.kind)],
      from_key: ["text", changes.map((c) => c.fromPlanKey)],
      to_key: ["text", changes.map((c) => c.toPlanKey)],
      from_tier: ["int", changes.map((c) => c.fromTier)],
      to_tier: ["int", changes.map((c) => c.toTier)],
      before: ["int", changes.map((c) => c.mrrBeforeCents)],
      after: ["int", changes.map((c) => c.mrrAfterCents)],
      at: ["float8", changes.map((c) => c.occurredAt)],
    },
    (rows) => Prisma.sql`
      insert into subscription_changes (subscription_id, member_id, source, external_id, kind, from_plan_key, to_plan_key, from_tier, to_tier,
                                        mrr_before_cents, mrr_after_cents, currency, occurred_at)
      select subscription_id, member_id, 'demo', external_id, kind::"ChangeKind", from_key, to_key, from_tier, to_tier, before, after, 'usd', ${ts("at")}
        from ${rows}`,
    CHUNK,
  );
  await writeInChunks(
    tx,
    {
      member_id: ["int", payments.map((p) => memberIds[p.member])],
      external_id: ["text", payments.map((p) => p.externalId)],
      amount: ["int", payments.map((p) => p.amountCents)],
      status: ["text", payments.map((p) => p.status)],
      sub: ["text", payments.map((p) => p.subscriptionExternalId)],
      at: ["float8", payments.map((p) => p.occurredAt)],
    },
    (rows) => Prisma.sql`
      insert into payments (member_id, source, external_id, amount_cents, currency, status, kind, subscription_external_id, occurred_at)
      select member_id, 'demo', external_id, amount, 'usd', status, 'recurring', sub, ${ts("at")} from ${rows}`,
    CHUNK,
  );
  progress(45, "billing");

  await persistEvents(tx, data, memberIds, identityIds, progress);

  await writeInChunks(
    tx,
    {
      member_id: ["int", outreach.map((o) => memberIds[o.member])],
      kind: ["text", outreach.map((o) => o.kind)],
      list: ["text", outreach.map((o) => o.list)],
      channel: ["text", outreach.map((o) => o.channel)],
      status: ["text", outreach.map((o) => o.status)],
      note: ["text", outreach.map((o) => o.note)],
      outcome: ["text", outreach.map((o) => o.outcome)],
      due: ["float8", outreach.map((o) => o.dueAt)],
      contacted: ["float8", outreach.map((o) => o.contactedAt)],
      outcome_at: ["float8", outreach.map((o) => o.outcomeAt)],
      created: ["float8", outreach.map((o) => o.createdAt)],
    },
    (rows) => Prisma.sql`
      insert into outreach (member_id, kind, list, channel, status, note, outcome, due_at, contacted_at, outcome_at, created_at, updated_at)
      select member_id, kind, list, channel, status::"OutreachStatus", note, outcome, ${ts("due")}, ${ts("contacted")}, ${ts("outcome_at")},
             ${ts("created")}, ${ts("greatest(created, contacted, outcome_at)")}
        from ${rows}`,
    CHUNK,
  );
}

/**
 * Events go in chronological order (so ids follow time) as small integer codes; the statement maps codes
 * to type, source, weight and channel through lookup arrays, which keeps each 50k-row chunk compact.
 */
async function persistEvents(
  tx: Tx,
  data: DemoDataset,
  memberIds: number[],
  identityIds: number[],
  progress: (pct: number, label: string) => void,
) {
  const { events, members } = data;
  const order = new Uint32Array(events.count);
  for (let i = 0; i < order.length; i++) order[i] = i;
  order.sort((a, b) => events.at[a] - events.at[b] || a - b);
  const types = EVENT_TYPES.map((t) => t.type);
  const sources = EVENT_TYPES.map((t) => SOURCES[t.source]);
  const weights = EVENT_TYPES.map((t) => t.weight);
  for (let from = 0, chunk = 0; from < order.length; from += CHUNK, chunk++) {
    const slice = order.subarray(from, Math.min(order.length, from + CHUNK));
    const memberCol: number[] = [];
    const identityCol: number[] = [];
    const typeCol: number[] = [];
    const atCol: number[] = [];
    const channelCol: number[] = [];
    const seqCol: number[] = [];
    slice.forEach((e, k) => {
      const m = events.member[e];
      const type = events.type[e];
      memberCol.push(memberIds[m]);
      identityCol.push(identityIds[members[m].identity[EVENT_TYPES[type].source]]);
      typeCol.push(type);
      atCol.push(events.at[e]);
      channelCol.push(events.channel[e]);
      seqCol.push(from + k + 1);
    });
    const rows = unnestRows({
      member_id: ["int", memberCol],
      identity_id: ["int", identityCol],
      t: ["int", typeCol],
      at: ["float8", atCol],
      ch: ["int", channelCol],
      seq: ["int", seqCol],
    });
    await tx.$executeRaw`
      insert into activity_events (member_id, identity_id, source, external_id, type, occurred_at, channel, weight)
      select member_id, identity_id, (${sources}::text[])[t + 1], 'demo:ev' || seq, (${types}::text[])[t + 1], ${ts("at")},
             (${data.channels}::text[])[ch + 1], (${weights}::real[])[t + 1]
        from ${rows}`;
    progress(45 + Math.round((50 * (from + slice.length)) / order.length), "activity");
  }
}
