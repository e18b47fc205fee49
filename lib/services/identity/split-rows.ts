// The row moves behind splitting an identity off its member (split.ts): its events, the billing it owns, the
// organisation its email domain names, and the derived rows of both members rebuilt from their own events.
import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import { emailDomain, likePrefix, type BillingOwnership } from "@/lib/identity/split";
import { rebuildMemberMonthsOf } from "@/lib/services/member-months";
import { rebuildMemberDaysOf } from "@/lib/services/member-days";
import { insertWeeklyRowsSql } from "@/lib/services/rollups";

type Tx = Prisma.TransactionClient;

export interface MoveInput {
  identityId: number;
  email: string | null;
  fromMemberId: number;
  newMemberId: number;
  billing: BillingOwnership;
}

/** Moves what the identity owns; notes, outreach, alerts, campaigns and tags stay with the original member. */
export async function moveOwnedRows(tx: Tx, input: MoveInput): Promise<Record<string, number>> {
  const { identityId, fromMemberId: from, newMemberId: to } = input;
  const events = await tx.$executeRaw`
    update activity_events set member_id = ${to} where member_id = ${from} and identity_id = ${identityId}`;
  const billing = await moveBilling(tx, input);
  const affiliations = await moveDomainAffiliation(tx, input);
  return { identities: 1, events, ...billing, ...affiliations };
}

async function moveBilling(tx: Tx, input: MoveInput): Promise<Record<string, number>> {
  const { billing, fromMemberId: from, newMemberId: to } = input;
  if (!billing) return { subscriptions: 0, subscriptionChanges: 0, payments: 0 };
  const owned =
    billing.kind === "stripe-customer"
      ? Prisma.sql`source = 'stripe' and customer_id = ${billing.customerId}`
      : Prisma.sql`source = ${billing.source} and external_id like ${likePrefix(billing.prefix)}`;
  const subs = await tx.$queryRaw<{ id: number; source: string; external_id: string }[]>`
    update subscriptions set member_id = ${to} where member_id = ${from} and ${owned} returning id, source, external_id`;
  const subscriptionChanges = subs.length
    ? await tx.$executeRaw`
        update subscription_changes set member_id = ${to}
         where member_id = ${from} and subscription_id = any(${subs.map((s) => s.id)}::int[])`
    : 0;
  const ofMoved = Prisma.sql`(source, subscription_external_id) in (
      select s, e from unnest(${subs.map((s) => s.source)}::text[], ${subs.map((s) => s.external_id)}::text[]) as x(s, e))`;
  const payments = await tx.$executeRaw`
    update payments set member_id = ${to}
     where member_id = ${from} and (${ofMoved} or ${billing.kind === "id-prefix" ? owned : Prisma.sql`false`})`;
  return { subscriptions: subs.length, subscriptionChanges, payments };
}

/**
 * The organisation of the identity's email domain (an "email-domain" affiliation): it moves with the identity, or is
 * copied when an identity left behind has an address at the same domain (both people work there).
 */
async function moveDomainAffiliation(tx: Tx, input: MoveInput): Promise<Record<string, number>> {
  const domain = emailDomain(input.email);
  const { fromMemberId: from, newMemberId: to } = input;
  if (!domain) return { affiliations: 0 };
  const org = Prisma.sql`(select coalesce(o.merged_into_id, o.id) from organization_domains d join organizations o on o.id = d.org_id
                            where d.domain = ${domain})`;
  const [{ shared }] = await tx.$queryRaw<{ shared: boolean }[]>`
    select exists (select 1 from identities where member_id = ${from} and lower(split_part(email, '@', 2)) = ${domain}) as shared`;
  const affiliations = shared
    ? await tx.$executeRaw`
        insert into affiliations (member_id, org_id, starts_at, ends_at, origin)
        select ${to}, org_id, starts_at, ends_at, origin from affiliations
         where member_id = ${from} and origin = 'email-domain' and org_id = ${org}
        on conflict do nothing`
    : await tx.$executeRaw`
        update affiliations set member_id = ${to} where member_id = ${from} and origin = 'email-domain' and org_id = ${org}`;
  return { affiliations };
}

/**
 * Weekly, monthly and daily rows, first and last activity of these members, from their own events now: the
 * pipeline's incremental rollups only look at added events, and a split adds none. A canonical member row states
 * when its member joined; otherwise a member joined with its first event.
 */
export async function rebuildRollupsOf(tx: Tx, memberIds: number[]): Promise<void> {
  const ids = Prisma.sql`${memberIds}::int[]`;
  await tx.$executeRaw`delete from weekly_activity where member_id = any(${ids})`;
  await tx.$executeRaw(insertWeeklyRowsSql(Prisma.sql`e.member_id = any(${ids})`));
  await rebuildMemberMonthsOf(tx, memberIds);
  await rebuildMemberDaysOf(tx, memberIds);
  await tx.$executeRaw`
    update members m set last_active_at = x.last_at,
           joined_at = case when exists (select 1 from identities i where i.member_id = m.id and i.source = 'csv')
                            then m.joined_at else coalesce(x.first_at, m.joined_at) end,
           updated_at = now()
      from (select m2.id, (select max(occurred_at) from activity_events where member_id = m2.id) as last_at,
                   (select min(occurred_at) from activity_events where member_id = m2.id) as first_at
              from members m2 where m2.id = any(${ids})) x
     where m.id = x.id`;
}
