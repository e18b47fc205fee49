// Shared checks for the import integration tests: counts per table and event type, and a checksum
// over (source, external_id) of every imported row, to compare a crashed-then-resumed run with a clean one.
import { createWriteStream } from "node:fs";
import type { Db } from "@/lib/db/prisma";
import { eventFixture, subscriptionFixture } from "@/lib/billing/__fixtures__/stripe-fixtures";

export async function eventsByType(db: Db): Promise<Record<string, number>> {
  const rows = await db.$queryRaw<
    { type: string; n: number }[]
  >`select type, count(*)::int as n from activity_events group by type order by type`;
  return Object.fromEntries(rows.map((r) => [r.type, r.n]));
}

export async function tableCounts(db: Db): Promise<Record<string, number>> {
  const rows = await db.$queryRaw<Record<string, number>[]>`
    select (select count(*)::int from members) as members, (select count(*)::int from identities) as identities,
           (select count(*)::int from activity_events) as events, (select count(*)::int from subscriptions) as subscriptions,
           (select count(*)::int from subscription_changes) as changes, (select count(*)::int from payments) as payments,
           (select count(*)::int from organizations) as organizations, (select count(*)::int from affiliations) as affiliations`;
  return rows[0];
}

/** md5 over every imported row's key and owner, independent of ids and insertion order. */
export async function importChecksum(db: Db): Promise<string> {
  const rows = await db.$queryRaw<{ h: string }[]>`
    select md5(coalesce(string_agg(k, ',' order by k), '')) as h from (
      select 'e|' || e.source || '|' || e.external_id || '|' || i.source || '|' || i.external_id || '|' || e.type || '|' || e.occurred_at || '|' || e.weight as k
        from activity_events e left join identities i on i.id = e.identity_id
      union all select 'i|' || source || '|' || external_id || '|' || coalesce(email_hash, '') from identities
      union all select 'c|' || source || '|' || external_id || '|' || kind from subscription_changes
      union all select 'p|' || source || '|' || external_id || '|' || amount_cents from payments
    ) x`;
  return rows[0].h;
}

/** Members (by id) of the given identities, to check who was joined with whom. */
export async function memberOf(db: Db, source: string, externalId: string): Promise<number | undefined> {
  return (
    await db.identity.findUnique({
      where: { source_externalId: { source, externalId } },
      select: { memberId: true },
    })
  )?.memberId;
}

export async function memberOfHandle(db: Db, source: string, handle: string): Promise<number | undefined> {
  return (
    await db.identity.findFirst({
      where: { source, handle: { equals: handle, mode: "insensitive" } },
      select: { memberId: true },
    })
  )?.memberId;
}

/** A Stripe events file of `count` customer.subscription.created events, one customer each, $30 a month. */
export async function writeSubscriptionCreatedEvents(file: string, count: number): Promise<void> {
  const out = createWriteStream(file);
  for (let i = 0; i < count; i++) {
    const subscription = subscriptionFixture({ id: `sub_${i}`, customer: `cus_${i}` }, [
      { unitAmount: 3000, interval: "month", lookupKey: "pro" },
    ]);
    const event = eventFixture("customer.subscription.created", subscription, 1_700_000_000 + i, `evt_${i}`);
    if (!out.write(JSON.stringify(event) + "\n"))
      await new Promise<void>((r) => out.once("drain", () => r()));
  }
  await new Promise<void>((resolve) => out.end(() => resolve()));
}
