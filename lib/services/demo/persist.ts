// Writes a generated demo dataset in a handful of big `insert ... select from unnest(...)` statements,
// with ids reserved from each table's sequence up front so rows can reference each other without round trips.
import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import { DEMO_PLANS, EVENT_TYPES, SOURCES } from "./catalog";
import type { DemoDataset } from "./types";

type Tx = Prisma.TransactionClient;

const CHUNK = 50_000;

/** Epoch milliseconds → timestamptz, inside the SQL (float8 arrays travel faster than Date arrays). */
const ts = (column: string) => `to_timestamp(${column} / 1000.0)`;

/** Reserves `n` ids from a table's serial sequence, ascending, so concurrent inserts elsewhere never collide. */
async function reserveIds(tx: Tx, table: string, n: number): Promise<number[]> {
  if (n === 0) return [];
  const rows = await tx.$queryRawUnsafe<{ id: number }[]>(
    `select nextval(pg_get_serial_sequence('"${table}"', 'id'))::int as id from generate_series(1, $1::int)`,
    n,
  );
  return rows.map((r) => r.id).sort((a, b) => a - b);
}

/** Runs `sql` once per chunk of rows; `columns` are parallel arrays, sliced identically per chunk. */
async function insertChunked(
  tx: Tx,
  sql: string,
  columns: unknown[][],
  extra: unknown[] = [],
): Promise<void> {
  const n = columns[0]?.length ?? 0;
  for (let from = 0; from < n; from += CHUNK) {
    await tx.$executeRawUnsafe(sql, ...columns.map((c) => c.slice(from, from + CHUNK)), ...extra);
  }
}

/** Inserts the plans that do not exist yet; returns the keys it created (removal deletes only those). */
export async function ensurePlans(tx: Tx): Promise<string[]> {
  const rows = await tx.$queryRawUnsafe<{ key: string }[]>(
    `insert into plans (key, name, tier_rank, monthly_amount_cents, currency)
     select * from unnest($1::text[], $2::text[], $3::int[], $4::int[], $5::text[])
     on conflict (key) do nothing returning key`,
    DEMO_PLANS.map((p) => p.key),
    DEMO_PLANS.map((p) => p.name),
    DEMO_PLANS.map((p) => p.tierRank),
    DEMO_PLANS.map((p) => p.monthlyAmountCents),
    DEMO_PLANS.map(() => "usd"),
  );
  return rows.map((r) => r.key).sort();
}

export async function persistDemoDataset(
  tx: Tx,
  data: DemoDataset,
  progress: (pct: number, label: string) => void,
): Promise<void> {
  const nowMs = data.timeline.end;
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
  await insertChunked(
    tx,
    `insert into organizations (id, name, slug, country, is_staff_org, is_demo, created_at)
     select id, name, slug, country, staff, true, ${ts("$6")} from unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::boolean[]) as u(id, name, slug, country, staff)`,
    [
      orgIds,
      orgs.map((o) => o.name),
      orgs.map((o) => o.slug),
      orgs.map((o) => o.country),
      orgs.map((o) => o.isStaffOrg),
    ],
    [data.timeline.start],
  );
  await insertChunked(
    tx,
    `insert into organization_domains (domain, org_id) select * from unnest($1::text[], $2::int[])`,
    [orgs.map((o) => o.domain), orgIds],
  );

  await insertChunked(
    tx,
    `insert into members (id, display_name, primary_email, country, joined_at, is_staff, is_bot, do_not_contact, tags, is_demo,
                          current_tier, current_mrr_cents, last_active_at, created_at, updated_at)
     select id, name, email, country, ${ts("joined")}, staff, bot, dnc, coalesce(string_to_array(nullif(tags, ''), ','), '{}'), true,
            tier, mrr, ${ts("last")}, ${ts("joined")}, ${ts("$13")}
       from unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::float8[], $6::boolean[], $7::boolean[], $8::boolean[], $9::text[],
                   $10::int[], $11::int[], $12::float8[])
         as u(id, name, email, country, joined, staff, bot, dnc, tags, tier, mrr, last)`,
    [
      memberIds,
      members.map((m) => m.displayName),
      members.map((m) => m.email),
      members.map((m) => m.country),
      members.map((m) => m.joinedAt),
      members.map((m) => m.isStaff),
      members.map((m) => m.isBot),
      members.map((m) => m.doNotContact),
      members.map((m) => m.tags.join(",")),
      members.map((m) => m.currentTier),
      members.map((m) => m.currentMrrCents),
      members.map((m) => m.lastActiveAt),
    ],
    [nowMs],
  );
  const affiliated = members.map((m, i) => ({ m, i })).filter(({ m }) => m.org >= 0);
  await insertChunked(
    tx,
    `insert into affiliations (member_id, org_id, starts_at, origin, created_at)
     select member_id, org_id, ${ts("starts")}, 'email-domain', ${ts("starts")} from unnest($1::int[], $2::int[], $3::float8[]) as u(member_id, org_id, starts)`,
    [
      affiliated.map(({ i }) => memberIds[i]),
      affiliated.map(({ m }) => orgIds[m.org]),
      affiliated.map(({ m }) => m.joinedAt),
    ],
  );
  await insertChunked(
    tx,
    `insert into identities (id, member_id, source, external_id, handle, email, display_name, is_bot, created_at)
     select id, member_id, source, external_id, handle, email, display_name, bot, ${ts("$9")}
       from unnest($1::int[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::boolean[])
         as u(id, member_id, source, external_id, handle, email, display_name, bot)`,
    [
      identityIds,
      identities.map((x) => memberIds[x.member]),
      identities.map((x) => x.source),
      identities.map((x) => x.externalId),
      identities.map((x) => x.handle),
      identities.map((x) => x.email),
      identities.map((x) => x.displayName),
      identities.map((x) => x.isBot),
    ],
    [nowMs],
  );
  progress(35, "members");

  await insertChunked(
    tx,
    `insert into subscriptions (id, member_id, source, external_id, customer_id, plan_key, tier_rank, status, mrr_cents, currency,
                                started_at, canceled_at, current_period_end, last_event_at, updated_at)
     select id, member_id, 'demo', external_id, customer_id, plan_key, tier, status, mrr, 'usd',
            ${ts("started")}, ${ts("canceled")}, ${ts("period_end")}, ${ts("last_event")}, ${ts("$13")}
       from unnest($1::int[], $2::int[], $3::text[], $4::text[], $5::text[], $6::int[], $7::text[], $8::int[], $9::float8[], $10::float8[], $11::float8[], $12::float8[])
         as u(id, member_id, external_id, customer_id, plan_key, tier, status, mrr, started, canceled, period_end, last_event)`,
    [
      subIds,
      subscriptions.map((s) => memberIds[s.member]),
      subscriptions.map((s) => s.externalId),
      subscriptions.map((s) => s.customerId),
      subscriptions.map((s) => s.planKey),
      subscriptions.map((s) => s.tierRank),
      subscriptions.map((s) => s.status),
      subscriptions.map((s) => s.mrrCents),
      subscriptions.map((s) => s.startedAt),
      subscriptions.map((s) => s.canceledAt),
      subscriptions.map((s) => s.currentPeriodEnd),
      lastChangeAt,
    ],
    [nowMs],
  );
  await insertChunked(
    tx,
    `insert into subscription_changes (subscription_id, member_id, source, external_id, kind, from_plan_key, to_plan_key, from_tier, to_tier,
                                       mrr_before_cents, mrr_after_cents, currency, occurred_at)
     select subscription_id, member_id, 'demo', external_id, kind::"ChangeKind", from_key, to_key, from_tier, to_tier, before, after, 'usd', ${ts("at")}
       from unnest($1::int[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[], $8::int[], $9::int[], $10::int[], $11::float8[])
         as u(subscription_id, member_id, external_id, kind, from_key, to_key, from_tier, to_tier, before, after, at)`,
    [
      changes.map((c) => subIds[c.subscription]),
      changes.map((c) => memberIds[c.member]),
      changes.map((c) => c.externalId),
      changes.map((c) => c.kind),
      changes.map((c) => c.fromPlanKey),
      changes.map((c) => c.toPlanKey),
      changes.map((c) => c.fromTier),
      changes.map((c) => c.toTier),
      changes.map((c) => c.mrrBeforeCents),
      changes.map((c) => c.mrrAfterCents),
      changes.map((c) => c.occurredAt),
    ],
  );
  await insertChunked(
    tx,
    `insert into payments (member_id, source, external_id, amount_cents, currency, status, kind, subscription_external_id, occurred_at)
     select member_id, 'demo', external_id, amount, 'usd', status, 'recurring', sub, ${ts("at")}
       from unnest($1::int[], $2::text[], $3::int[], $4::text[], $5::text[], $6::float8[]) as u(member_id, external_id, amount, status, sub, at)`,
    [
      payments.map((p) => memberIds[p.member]),
      payments.map((p) => p.externalId),
      payments.map((p) => p.amountCents),
      payments.map((p) => p.status),
      payments.map((p) => p.subscriptionExternalId),
      payments.map((p) => p.occurredAt),
    ],
  );
  progress(45, "billing");

  await persistEvents(tx, data, memberIds, identityIds, progress);

  await insertChunked(
    tx,
    `insert into outreach (member_id, kind, list, channel, status, note, outcome, due_at, contacted_at, outcome_at, created_at, updated_at)
     select member_id, kind, list, channel, status::"OutreachStatus", note, outcome, ${ts("due")}, ${ts("contacted")}, ${ts("outcome_at")},
            ${ts("created")}, ${ts("greatest(created, contacted, outcome_at)")}
       from unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::float8[], $9::float8[], $10::float8[], $11::float8[])
         as u(member_id, kind, list, channel, status, note, outcome, due, contacted, outcome_at, created)`,
    [
      outreach.map((o) => memberIds[o.member]),
      outreach.map((o) => o.kind),
      outreach.map((o) => o.list),
      outreach.map((o) => o.channel),
      outreach.map((o) => o.status),
      outreach.map((o) => o.note),
      outreach.map((o) => o.outcome),
      outreach.map((o) => o.dueAt),
      outreach.map((o) => o.contactedAt),
      outreach.map((o) => o.outcomeAt),
      outreach.map((o) => o.createdAt),
    ],
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
  const sql = `insert into activity_events (member_id, identity_id, source, external_id, type, occurred_at, channel, weight)
    select member_id, identity_id, ($7::text[])[t + 1], 'demo:ev' || seq, ($6::text[])[t + 1], ${ts("at")}, ($8::text[])[ch + 1], ($9::real[])[t + 1]
      from unnest($1::int[], $2::int[], $3::int[], $4::float8[], $5::int[], $10::int[]) as u(member_id, identity_id, t, at, ch, seq)`;
  const lookups = [
    EVENT_TYPES.map((t) => t.type),
    EVENT_TYPES.map((t) => SOURCES[t.source]),
    data.channels,
    EVENT_TYPES.map((t) => t.weight),
  ];
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
    await tx.$executeRawUnsafe(sql, memberCol, identityCol, typeCol, atCol, channelCol, ...lookups, seqCol);
    progress(45 + Math.round((50 * (from + slice.length)) / order.length), "activity");
  }
}
